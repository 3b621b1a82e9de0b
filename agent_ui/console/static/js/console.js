// The console's scripts: the live channel, search, click-to-call, keyboard.

import { setUp as setUpBulk } from "./bulk.js";
import { connect, on } from "./live.js";
import { setUp as setUpLiveLists } from "./live_lists.js";
import { setUp as setUpNotices } from "./notices.js";
import { api, notify } from "./page.js";
import { setUp as setUpQuickBar } from "./quick_bar.js";
import { setUp as setUpReferencePicker } from "./reference_picker.js";
import { setUp as setUpScreenPop } from "./screen_pop.js";
import { setUp as setUpSearch } from "./search.js";
import { setUp as setUpSla } from "./sla.js";
import { setUp as setUpWallboard } from "./wallboard.js";

function watchOpenRecord() {
  // A record page learns when someone else changes the record it shows.
  const head = document.querySelector(".page-head[data-record-id]");
  if (!head) return;
  // The version is read at each event: a page that puts a newer one in
  // place (the ticket quick bar) is not stale after its own change.
  const recordId = Number(head.dataset.recordId);
  on("event", (event) => {
    if (event.record_id !== recordId || event.type !== "record") return;
    const newer = event.payload && event.payload.version;
    if (newer !== undefined) {
      head.dataset.seenVersion = Math.max(Number(head.dataset.seenVersion || 0), newer);
    }
    if (newer === undefined || newer > Number(head.dataset.version)) {
      document.getElementById("stale-notice").hidden = false;
    }
  });
}

function clickToCall() {
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button.dial");
    if (!button) return;
    const row = button.closest("[data-record-id]");
    const field = button.closest("[data-field]");
    const table = button.closest("[data-module]");
    const body = row && field && table && table.dataset.module
      ? { module: table.dataset.module, record_id: Number(row.dataset.recordId), field: field.dataset.field }
      : { number: button.dataset.number };
    button.disabled = true;
    try {
      await api("POST", "/telephony/dial", body);
      notify(`☎ ${button.dataset.number}`);
    } catch (error) {
      notify(error.message, "error");
    } finally {
      button.disabled = false;
    }
  });
}

function confirmForms() {
  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form.confirm");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}

function focusReply() {
  // R (or Alt+R while typing elsewhere) puts the cursor in a ticket's reply box;
  // by the key, not the letter, so it works in a Russian layout too.
  const box = document.getElementById("reply-body");
  if (!box) return false;
  box.focus({ preventScroll: true });
  box.scrollIntoView({ block: "center" });
  return true;
}

function keyboard() {
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, textarea, select, [contenteditable]");
    const plain = !event.altKey && !event.ctrlKey && !event.metaKey;
    if (event.key === "/" && !typing) {
      event.preventDefault();
      document.getElementById("global-search")?.focus();
    } else if (event.code === "KeyR" && ((plain && !typing) || (event.altKey && !event.ctrlKey))) {
      if (focusReply()) event.preventDefault();
    }
  });
}

setUpSearch();
setUpScreenPop();
setUpLiveLists();
setUpWallboard();
setUpBulk();
setUpNotices();
setUpReferencePicker();
setUpQuickBar();
setUpSla();
watchOpenRecord();
clickToCall();
confirmForms();
keyboard();
connect();
