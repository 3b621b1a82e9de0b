// The screen pop: a card for each call ringing this agent's phone, filled
// from the caller card the hub sends with the ring, kept up to date as the
// call is answered and ends. The card floats over the page, so the page
// under it does not move while the agent reads.

import { api, prefix } from "./page.js";
import { on } from "./live.js";

const cards = new Map(); // linkedid → card element
const DRAFTS = "sb-call-notes";

function template() {
  return document.getElementById("screen-pop-template");
}

function singular(module) {
  return JSON.parse(template().dataset.modules || "{}")[module] || module;
}

function word(value) {
  return (value && JSON.parse(template().dataset.words || "{}")[value]) || value || "";
}

function recordUrl(module, id) {
  return `${prefix()}/m/${encodeURIComponent(module)}/${id}`;
}

function drafts() {
  try {
    return JSON.parse(localStorage.getItem(DRAFTS) || "{}");
  } catch {
    return {};
  }
}

function draftOf(linkedid) {
  // A draft is the card's notes and result; older drafts were the notes alone.
  const kept = drafts()[linkedid];
  if (typeof kept === "string") return { notes: kept, result: "" };
  return { notes: (kept && kept.notes) || "", result: (kept && kept.result) || "" };
}

function keepDraft(linkedid, draft) {
  const all = drafts();
  if (draft && (draft.notes || draft.result)) all[linkedid] = draft;
  else delete all[linkedid];
  localStorage.setItem(DRAFTS, JSON.stringify(all));
}

function setState(card, state) {
  const label = card.querySelector(".state");
  card.dataset.state = state;
  label.textContent = label.dataset[state] || state;
}

function fill(card, call) {
  card.querySelector(".number").textContent = call.caller_name
    ? `${call.caller} · ${call.caller_name}`
    : call.caller || "—";
  if (call.queue) {
    const queue = card.querySelector(".queue");
    queue.hidden = false;
    queue.querySelector("span").textContent = call.queue;
  }
  const match = call.match;
  const newTicket = card.querySelector(".new-ticket");
  if (match) {
    const { record } = match;
    const known = card.querySelector(".known");
    known.hidden = false;
    const link = known.querySelector("a.record");
    link.href = recordUrl(record.module, record.id);
    link.textContent = record.label || `#${record.id}`;
    known.querySelector(".module").textContent = singular(record.module);
    const values = record.values || {};
    known.querySelector(".facts").textContent = [values.title, values.email || values.email1]
      .filter(Boolean)
      .join(" · ");
    if (values.vip) card.classList.add("vip");
    const tickets = known.querySelector(".tickets");
    for (const ticket of match.open_tickets) {
      const item = document.createElement("li");
      const a = document.createElement("a");
      a.href = recordUrl("HelpDesk", ticket.id);
      a.textContent = `${ticket.ticket_no || ""} ${ticket.title || ""}`.trim();
      item.append(a, ` — ${word(ticket.status)}`);
      tickets.append(item);
    }
    known.querySelector(".none-tickets").hidden = match.open_tickets.length > 0;
    const calls = known.querySelector(".calls");
    for (const earlier of match.recent_calls) {
      const item = document.createElement("li");
      const a = document.createElement("a");
      a.href = recordUrl("Calls", earlier.id);
      a.textContent = new Date(earlier.starttime).toLocaleString(document.documentElement.lang);
      item.append(a, ` — ${word(earlier.status)}`);
      calls.append(item);
    }
    known.querySelector(".none-calls").hidden = match.recent_calls.length > 0;
    const about = record.module === "Accounts" ? "parent_id" : "contact_id";
    const ticketFor = record.module === "Leads" ? "" : `?${about}=${record.id}`;
    newTicket.href = `${prefix()}/m/HelpDesk/new${ticketFor}`;
  } else {
    const unknown = card.querySelector(".unknown");
    unknown.hidden = false;
    const number = encodeURIComponent(call.caller || "");
    unknown.querySelector(".new-contact").href = `${prefix()}/m/Contacts/new?mobile=${number}`;
    unknown.querySelector(".new-lead").href = `${prefix()}/m/Leads/new?phone=${number}`;
    newTicket.href = `${prefix()}/m/HelpDesk/new`;
  }
}

function startTimer(card) {
  const timer = card.querySelector(".timer");
  const since = Date.now();
  clearInterval(card.timer);
  card.timer = setInterval(() => {
    const s = Math.floor((Date.now() - since) / 1000);
    timer.textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }, 1000);
}

async function saveNotes(card) {
  const notes = card.querySelector("textarea").value;
  const result = card.querySelector("select[name=call_result]").value;
  const status = card.querySelector(".saved");
  keepDraft(card.dataset.linkedid, { notes, result });
  if (card.dataset.state !== "ended") {
    status.textContent = status.dataset.waiting;
    card.dataset.pendingNotes = "1";
    return;
  }
  try {
    await api("PUT", `/telephony/calls/notes`, {
      linkedid: card.dataset.linkedid,
      notes,
      call_result: result,
    });
    keepDraft(card.dataset.linkedid, null);
    delete card.dataset.pendingNotes;
    status.textContent = status.dataset.saved;
  } catch (error) {
    if (error.status === 409) {
      // The call is being stored: try again in a moment.
      setTimeout(() => saveNotes(card), 1000);
    } else {
      status.textContent = error.message;
    }
  }
}

function open(call) {
  const card = template().content.firstElementChild.cloneNode(true);
  card.dataset.linkedid = call.linkedid;
  const draft = draftOf(call.linkedid);
  card.querySelector("textarea").value = draft.notes;
  card.querySelector("select[name=call_result]").value = draft.result;
  fill(card, call);
  setState(card, "ringing");
  card.querySelector(".close").addEventListener("click", () => {
    clearInterval(card.timer);
    card.remove();
    cards.delete(call.linkedid);
  });
  card.querySelector("form.notes").addEventListener("submit", (event) => {
    event.preventDefault();
    saveNotes(card);
  });
  document.getElementById("screen-pops").append(card);
  cards.set(call.linkedid, card);
  return card;
}

export function setUp() {
  if (!document.getElementById("screen-pop-template")) return;
  on("live:call", (event) => {
    const call = event.payload;
    let card = cards.get(call.linkedid);
    if (event.op === "ringing") {
      if (!card) card = open(call);
    } else if (!card) {
      return; // a call this console never saw ring
    } else if (event.op === "answered") {
      setState(card, "answered");
      startTimer(card);
    } else if (event.op === "ended") {
      setState(card, "ended");
      clearInterval(card.timer);
      const outcomes = card.querySelector(".outcomes").dataset;
      card.querySelector(".state").textContent += ` · ${outcomes[call.outcome] || call.outcome}`;
      if (card.dataset.pendingNotes) saveNotes(card);
    }
  });
  document.addEventListener("keydown", (event) => {
    // Alt+O opens the newest card's caller, Alt+T starts a ticket from it.
    if (!event.altKey) return;
    const newest = [...cards.values()].at(-1);
    if (!newest) return;
    const target =
      event.key === "o" ? newest.querySelector("a.record:not([href=''])") :
      event.key === "t" ? newest.querySelector("a.new-ticket") : null;
    if (target && target.href) {
      event.preventDefault();
      location.href = target.href;
    }
  });
}
