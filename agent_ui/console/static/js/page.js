// Small helpers every console script shares.

export function prefix() {
  return document.body.dataset.prefix || "/console";
}

export function csrf() {
  return document.body.dataset.csrf || "";
}

export function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
}

export async function api(method, path, body) {
  const response = await fetch(`/api/v1${path}`, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error((data.error && data.error.message) || response.statusText);
    error.status = response.status;
    throw error;
  }
  return data;
}

export function notify(text, kind = "info") {
  const area = document.getElementById("notifications");
  if (!area) return;
  const note = document.createElement("div");
  note.className = `note ${kind}`;
  note.textContent = text;
  area.append(note);
  setTimeout(() => note.remove(), 8000);
}
