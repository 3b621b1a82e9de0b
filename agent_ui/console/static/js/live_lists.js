// Lists that stay current: when a record of the listed module changes, the
// rows are fetched again as the server renders them (same filters, sort and
// columns), and rows that were not there before are marked as new.

import { on } from "./live.js";

const WAIT_MS = 300;

export function setUp() {
  const holder = document.getElementById("list-rows");
  if (!holder) return;
  const module = holder.dataset.liveModule;
  let timer = null;

  async function refresh() {
    const url = new URL(location.href);
    if (url.searchParams.has("cursor")) return; // a later page keeps its place
    url.searchParams.set("fragment", "rows");
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) return;
    const before = new Set([...holder.querySelectorAll("tr[data-record-id]")].map((r) => r.dataset.recordId));
    holder.innerHTML = await response.text();
    for (const row of holder.querySelectorAll("tr[data-record-id]")) {
      if (!before.has(row.dataset.recordId)) row.classList.add("fresh");
    }
  }

  on("event", (event) => {
    if (event.type !== "record" || event.module !== module) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, WAIT_MS);
  });
}
