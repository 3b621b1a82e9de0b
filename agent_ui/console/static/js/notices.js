// Live notices: a record assigned to this agent, a customer writing on one of
// their tickets, a call that rang here and was missed. Each is a toast that
// links to the record, and stays in the page title's count until seen.

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

export function setUp() {
  if (!document.getElementById("notifications")) return;
  on("live:notice", (event) => {
    const notice = event.payload;
    const template = notice.kind === "customer_wrote" ? words().customerWrote : words().assigned;
    const href = notice.module && notice.record_id ? `${prefix()}/m/${encodeURIComponent(notice.module)}/${notice.record_id}` : null;
    const text = notice.kind === "workflow" ? notice.message : template.replace("{label}", notice.label || `#${notice.record_id}`);
    toast(text, href);
  });
  on("live:call", (event) => {
    const call = event.payload;
    if (event.op !== "ended" || !["missed", "abandoned"].includes(call.outcome)) return;
    toast(words().missedCall.replace("{number}", call.caller || "—"), null);
  });
}
