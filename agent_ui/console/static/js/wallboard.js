// The wallboard: queue tiles drawn from the first snapshot, then from the
// live queue statistics; clocks tick between updates.

import { api, notify } from "./page.js";
import { on } from "./live.js";

function duration(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}` : `${m}:${String(s % 60).padStart(2, "0")}`;
}

function percent(ratio) {
  return ratio === null || ratio === undefined ? "—" : `${Math.round(ratio * 100)}%`;
}

export function setUp() {
  const board = document.getElementById("wallboard");
  if (!board) return;
  const states = JSON.parse(board.dataset.states);
  const reasons = JSON.parse(board.dataset.reasons);
  const supervise = board.dataset.supervise === "yes";
  const template = document.getElementById("agent-row-template");

  function draw(tile, stats) {
    tile.dataset.receivedAt = String(Date.now());
    tile.querySelector(".service-level-s").textContent = duration(stats.service_level_s);
    for (const dd of tile.querySelectorAll("[data-figure]")) {
      const value = stats[dd.dataset.figure];
      dd.dataset.value = value ?? "";
      dd.textContent = "percent" in dd.dataset ? percent(value) : "seconds" in dd.dataset ? duration(value) : value;
    }
    const body = tile.querySelector("table.agents tbody");
    body.replaceChildren();
    for (const member of stats.members) {
      const row = template.content.firstElementChild.cloneNode(true);
      row.dataset.extension = member.extension || "";
      row.dataset.state = member.state;
      row.dataset.inState = member.in_state_s ?? "";
      row.querySelector(".name").textContent = `${member.name}${member.extension ? ` (${member.extension})` : ""}`;
      const reason = member.paused && member.reason ? ` · ${reasons[member.reason] || member.reason}` : "";
      row.querySelector(".state").textContent = (states[member.state] || member.state) + reason;
      row.querySelector(".since").textContent = duration(member.in_state_s);
      if (supervise) {
        row.querySelector(".pause-form").hidden = member.paused;
        row.querySelector(".unpause").hidden = !member.paused;
      }
      body.append(row);
    }
  }

  function tick() {
    // Between updates the clocks move on by themselves.
    for (const tile of board.querySelectorAll(".queue-tile")) {
      const elapsed = (Date.now() - Number(tile.dataset.receivedAt || Date.now())) / 1000;
      for (const row of tile.querySelectorAll("tr[data-in-state]")) {
        if (row.dataset.inState !== "") row.querySelector(".since").textContent = duration(Number(row.dataset.inState) + elapsed);
      }
    }
  }

  function tileFor(name) {
    let tile = board.querySelector(`.queue-tile[data-queue="${CSS.escape(name)}"]`);
    if (tile) return tile;
    tile = document.getElementById("queue-tile-template").content.firstElementChild.cloneNode(true);
    tile.dataset.queue = name;
    tile.querySelector("h2").textContent = name;
    // Queues in name order, wherever a new one first shows up.
    const after = [...board.querySelectorAll(".queue-tile")].find((t) => t.dataset.queue > name);
    board.insertBefore(tile, after || null);
    return tile;
  }

  for (const stats of JSON.parse(document.getElementById("queues-snapshot").textContent)) {
    draw(tileFor(stats.queue), stats);
  }
  setInterval(tick, 1000);

  on("live:queue", (event) => draw(tileFor(event.payload.queue), event.payload));

  async function act(path, body, button) {
    button.disabled = true;
    try {
      await api("POST", path, body);
    } catch (error) {
      notify(error.message, "error");
    } finally {
      button.disabled = false;
    }
  }

  board.addEventListener("submit", (event) => {
    const form = event.target.closest(".pause-form");
    if (!form) return;
    event.preventDefault();
    const row = form.closest("tr");
    const queue = form.closest(".queue-tile").dataset.queue;
    act("/telephony/pause", { extension: row.dataset.extension, paused: true, reason: form.reason.value, queue }, form.querySelector("button"));
  });
  board.addEventListener("click", (event) => {
    const button = event.target.closest("button.unpause, button.spy");
    if (!button) return;
    const row = button.closest("tr");
    const queue = button.closest(".queue-tile").dataset.queue;
    if (button.classList.contains("unpause")) {
      act("/telephony/pause", { extension: row.dataset.extension, paused: false, queue }, button);
    } else {
      act("/telephony/spy", { extension: row.dataset.extension, mode: button.dataset.mode }, button);
    }
  });
}
