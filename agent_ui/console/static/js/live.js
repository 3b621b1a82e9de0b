// The live channel: one websocket per page, resumed from the last event seen.
//
// The page was rendered with the id of the last event its data includes
// (data-last-event-id); the socket asks for everything after it, so an event
// that happened while the page loaded is not lost. After a drop it reconnects
// with backoff and asks again from the last id it saw. When the server says
// the page is too far behind, the page reloads, as its data is stale.

const listeners = new Map();

export function on(kind, callback) {
  if (!listeners.has(kind)) listeners.set(kind, new Set());
  listeners.get(kind).add(callback);
  return () => listeners.get(kind).delete(callback);
}

function emit(kind, message) {
  for (const callback of listeners.get(kind) || []) {
    try {
      callback(message);
    } catch (error) {
      console.error("live listener failed", error);
    }
  }
}

function showState(state) {
  const badge = document.getElementById("live-status");
  if (!badge) return;
  badge.dataset.state = state;
  const text = badge.querySelector(".text");
  text.textContent = text.dataset[state] || state;
}

export function connect() {
  let lastEventId = Number(document.body.dataset.lastEventId || 0);
  let delay = 500;
  let socket = null;

  function open() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const since = lastEventId ? `?since=${lastEventId}` : "";
    socket = new WebSocket(`${scheme}://${location.host}/api/v1/live${since}`);
    showState("connecting");
    socket.addEventListener("message", (message) => {
      const data = JSON.parse(message.data);
      if (data.kind === "ready") {
        if (!lastEventId) lastEventId = data.last_event_id;
        delay = 500;
        showState("online");
        emit("ready", data);
      } else if (data.kind === "event") {
        lastEventId = Math.max(lastEventId, data.id);
        emit("event", data);
        emit(`event:${data.type}`, data);
      } else if (data.kind === "live") {
        emit("live", data);
        emit(`live:${data.type}`, data);
      } else if (data.kind === "reload") {
        location.reload();
      }
    });
    socket.addEventListener("close", () => {
      showState("offline");
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 15000);
    });
  }

  open();
  window.addEventListener("online", () => {
    if (socket && socket.readyState === WebSocket.CLOSED) open();
  });
}
