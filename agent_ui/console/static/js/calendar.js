// The calendar page: keyboard steps, a quick-create dialog, live refreshes.
//
// Everything here is an addition: without it every slot is a link to the
// full create form and every control a plain link or form. When an event or
// task changes, the grid is fetched again as the server renders it (same
// view, days and person) and put in place; the grid's size depends on the
// view alone, so nothing moves but what changed.

import { on } from "./live.js";
import { notify } from "./page.js";

const WAIT_MS = 300;
const FIRST_HOUR = 7;
const MODULES = new Set(["Events", "Tasks"]);

function typing(target) {
  return target.closest("input, textarea, select, [contenteditable], dialog[open]");
}

function keyboard() {
  // The toolbar's links carry their keys (data-key): ← → step, T today,
  // D W M switch the view, as the buttons' titles say.
  const keyed = new Map(
    [...document.querySelectorAll(".cal-toolbar [data-key]")].map((a) => [a.dataset.key, a]),
  );
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    const link = keyed.get(event.key.length === 1 ? event.key.toLowerCase() : event.key);
    if (!link) return;
    event.preventDefault();
    link.click();
  });
}

function scrollToWorkingHours(grid) {
  // Open the day at the working morning, or at the earliest item if sooner.
  const scroller = grid.querySelector(".cal-scroll");
  if (!scroller) return;
  const hour = scroller.querySelector(".cal-hour").offsetHeight;
  const tops = [...scroller.querySelectorAll(".cal-items .cal-item")].map((item) => item.offsetTop);
  scroller.scrollTop = Math.max(0, Math.min(FIRST_HOUR * hour, ...tops) - hour / 4);
}

function liveGrid(grid) {
  let timer = null;

  async function refresh() {
    const url = new URL(location.href);
    url.searchParams.set("fragment", "grid");
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) return;
    const seen = new Map(
      [...grid.querySelectorAll(".cal-item")].map((a) => [a.dataset.recordId, a.dataset.version]),
    );
    const scroller = grid.querySelector(".cal-scroll");
    const scrollTop = scroller ? scroller.scrollTop : 0;
    grid.innerHTML = await response.text();
    const again = grid.querySelector(".cal-scroll");
    if (again) again.scrollTop = scrollTop;
    for (const item of grid.querySelectorAll(".cal-item")) {
      if (seen.get(item.dataset.recordId) !== item.dataset.version) item.classList.add("fresh");
    }
  }

  on("event", (event) => {
    if (event.type !== "record" || !MODULES.has(event.module)) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, WAIT_MS);
  });
  return refresh;
}

function quickCreate(grid, refresh) {
  const dialog = document.getElementById("calendar-quick");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const form = dialog.querySelector("form");
  const more = dialog.querySelector(".cal-quick-more");
  const problem = dialog.querySelector(".cal-quick-error");

  function clearErrors() {
    problem.hidden = true;
    for (const note of form.querySelectorAll(".field-error")) note.hidden = true;
  }

  function fullFormUrl() {
    // "All fields" carries what was typed to the full create form.
    const url = new URL(more.href, location.href);
    url.search = "";
    for (const [name, value] of new FormData(form)) {
      if (name !== "csrf_token" && value) url.searchParams.set(name, value);
    }
    return url.href;
  }

  grid.addEventListener("click", (event) => {
    const slot = event.target.closest("a.cal-slot");
    if (!slot || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const wanted = new URL(slot.href).searchParams;
    form.reset();
    clearErrors();
    for (const name of ["date_start", "due_date", "assigned_user_id"]) {
      const input = form.elements.namedItem(name);
      if (input && wanted.has(name)) input.value = wanted.get(name);
    }
    dialog.showModal();
    form.elements.namedItem("subject")?.focus();
  });

  more.addEventListener("click", () => {
    more.href = fullFormUrl();
  });
  dialog.querySelector(".cal-quick-cancel").addEventListener("click", () => dialog.close());

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        body: new URLSearchParams(new FormData(form)),
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok) {
        dialog.close();
        refresh();
        return;
      }
      const errors = answer.errors || {};
      let placed = false;
      for (const [name, reason] of Object.entries(errors)) {
        const note = form.querySelector(`[data-field="${CSS.escape(name)}"] .field-error`);
        if (note) {
          note.textContent = reason;
          note.hidden = false;
          placed = true;
        }
      }
      if (!placed) {
        problem.textContent = Object.values(errors).join("; ") || response.statusText;
        problem.hidden = false;
      }
    } catch (error) {
      notify(error.message, "error");
    } finally {
      button.disabled = false;
    }
  });
}

export function setUp() {
  const grid = document.getElementById("calendar-grid");
  if (!grid) return;
  keyboard();
  scrollToWorkingHours(grid);
  quickCreate(grid, liveGrid(grid));
}

setUp();
