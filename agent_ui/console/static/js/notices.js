// Live notices: a record assigned to this agent, a customer writing on one of
// their tickets, a call that rang here and was missed, an event or a task
// about to start. Each is a toast that links to the record, and stays in the
// page title's count until seen.

import { on } from "./live.js";
import { prefix } from "./page.js";

const SHOW_MS = 15000;

function words() {
  return document.getElementById("notifications").dataset;
}

function toast(text, href) {
  const area = document.getElementById("notifications");
  const note = document.createElement(href ? "a" : "div");
  note.className = "note notice";
  note.textContent = text;
  if (href) note.href = href;
  note.setAttribute("role", "status");
  area.append(note);
  setTimeout(() => note.remove(), SHOW_MS);
}

// The start in this user's time zone and the page's language: the time alone
// on the same day, with the date otherwise.
function startsAt(iso) {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  const zone = words().timeZone || undefined;
  const day = (d) => new Intl.DateTimeFormat("en-CA", { timeZone: zone, dateStyle: "short" }).format(d);
  const options = { timeZone: zone, hour: "numeric", minute: "2-digit" };
  if (day(at) !== day(new Date())) Object.assign(options, { day: "numeric", month: "short" });
  return new Intl.DateTimeFormat(document.documentElement.lang || undefined, options).format(at);
}

export function setUp() {
  if (!document.getElementById("notifications")) return;
  on("live:notice", (event) => {
    const notice = event.payload;
    const template = notice.kind === "customer_wrote" ? words().customerWrote : words().assigned;
    const href = notice.module && notice.record_id ? `${prefix()}/m/${encodeURIComponent(notice.module)}/${notice.record_id}` : null;
    const label = notice.label || `#${notice.record_id}`;
    let text = template.replace("{label}", label);
    if (notice.kind === "workflow") text = notice.message;
    if (notice.kind === "reminder") text = words().reminder.replace("{time}", startsAt(notice.at)).replace("{label}", label);
    toast(text, href);
  });
  on("live:call", (event) => {
    const call = event.payload;
    if (event.op !== "ended" || !["missed", "abandoned"].includes(call.outcome)) return;
    toast(words().missedCall.replace("{number}", call.caller || "—"), null);
  });
}
