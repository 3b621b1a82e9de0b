// A ticket's SLA stays current: when the hub says the SLA of the ticket on
// this page changed (a live "sla" event, sent only to those who may see the
// ticket), the part is fetched again as the server renders it. Those events
// are not kept for replay, so after the live channel reconnects the part is
// fetched again too, in case one was missed while the page was offline.

import { on } from "./live.js";
import { prefix } from "./page.js";

export function setUp() {
  const part = document.getElementById("sla");
  if (!part) return;
  const recordId = Number(part.dataset.recordId);

  async function refresh() {
    const response = await fetch(`${prefix()}/m/HelpDesk/${recordId}/sla`, { credentials: "same-origin" });
    if (!response.ok) return;
    const holder = document.getElementById("sla");
    if (holder) holder.outerHTML = await response.text();
  }

  on("live:sla", (event) => {
    if (event.payload.record_id === recordId) refresh();
  });
  let connections = 0;
  on("ready", () => {
    connections += 1;
    if (connections > 1) refresh();
  });
}
