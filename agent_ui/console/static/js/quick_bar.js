// The quick bar of a ticket's page, in place: the form is sent as it is
// (the server answers with the ticket's page, refused or not) and the parts
// of that answer that changed replace their old selves: the bar, the field
// values, the timeline. When someone else changes the ticket, the page reads
// itself again the same way, unless the agent is half-way through a choice
// in the bar; then the "someone else changed this record" notice stays.

import { on } from "./live.js";
import { notify } from "./page.js";

function head() {
  return document.querySelector(".page-head[data-record-id]");
}

function parse(html) {
  return new DOMParser().parseFromString(html, "text/html");
}

function showCurrent(fresh) {
  // The record's values and history as the fresh page has them.
  const freshHead = fresh.querySelector(".page-head[data-record-id]");
  if (!freshHead) return;
  const current = head();
  current.dataset.version = freshHead.dataset.version;
  const title = freshHead.querySelector("h1");
  if (title) current.querySelector("h1").textContent = title.textContent;
  for (const field of document.querySelectorAll(".detail .field[data-field]")) {
    const newer = fresh.querySelector(`.detail .field[data-field="${field.dataset.field}"] dd`);
    const shown = field.querySelector("dd");
    if (newer && shown && shown.innerHTML !== newer.innerHTML) shown.replaceWith(newer);
  }
  const entries = document.querySelector("#timeline ol.entries");
  const newEntries = fresh.querySelector("#timeline ol.entries");
  if (entries && newEntries) entries.replaceWith(newEntries);
  const seen = Number(current.dataset.seenVersion || 0);
  if (seen <= Number(current.dataset.version)) {
    document.getElementById("stale-notice").hidden = true;
  }
}

function replaceBar(fresh) {
  const bar = document.getElementById("quick-bar");
  const newBar = fresh.getElementById("quick-bar");
  if (!bar) return null;
  if (!newBar) {
    bar.remove();
    return null;
  }
  bar.replaceWith(newBar);
  watch(newBar);
  return newBar;
}

async function send(form) {
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  form.dataset.sending = "1";
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
    });
    const fresh = parse(await response.text());
    if (!fresh.getElementById("quick-bar") && !response.ok) {
      // Refused outright (no right to edit, signed out): the page says why.
      const reason = fresh.querySelector("main h1, main p");
      notify(reason ? reason.textContent.trim() : response.statusText, "error");
      return;
    }
    if (response.ok || response.status === 409) showCurrent(fresh);
    const bar = replaceBar(fresh);
    if (!bar) return;
    if (response.ok) {
      const status = bar.querySelector(".quick-status");
      status.textContent = status.dataset.saved;
      bar.querySelector("button[type=submit]").focus();
    } else {
      const problem = bar.querySelector("[aria-invalid=true]") || bar.querySelector(".conflict a");
      if (problem) problem.focus();
    }
  } catch (error) {
    notify(error.message, "error");
  } finally {
    button.disabled = false;
    delete form.dataset.sending;
  }
}

function watch(form) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(form);
  });
  form.addEventListener("change", () => {
    form.dataset.dirty = "1";
  });
}

let reading = null;

async function readAgain() {
  // One read at a time; changes that arrive meanwhile are in the next one.
  if (reading) {
    reading.again = true;
    return;
  }
  reading = { again: false };
  try {
    const response = await fetch(location.pathname, { credentials: "same-origin" });
    if (!response.ok) return;
    const fresh = parse(await response.text());
    const bar = document.getElementById("quick-bar");
    if (bar && (bar.dataset.dirty || bar.dataset.sending)) return;
    showCurrent(fresh);
    replaceBar(fresh);
  } finally {
    const again = reading.again;
    reading = null;
    if (again) readAgain();
  }
}

export function setUp() {
  const page = head();
  if (!page || page.dataset.module !== "HelpDesk") return;
  const form = document.getElementById("quick-bar");
  if (form) watch(form);
  const recordId = Number(page.dataset.recordId);
  on("event", (event) => {
    if (event.record_id !== recordId || event.type !== "record") return;
    const newer = event.payload && event.payload.version;
    if (newer !== undefined && newer <= Number(page.dataset.version)) return;
    const bar = document.getElementById("quick-bar");
    if (bar && bar.dataset.sending) return; // the answer to our own change is on its way
    readAgain();
  });
}
