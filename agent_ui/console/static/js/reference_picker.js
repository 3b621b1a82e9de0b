// Reference fields in forms: type a name, pick the record. The form still
// submits the record's id in the original input, which works without this
// script as a plain number field.

import { escapeHtml } from "./page.js";

const WAIT_MS = 200;

function enhance(input) {
  const label = input.labels && input.labels[0];
  const targets = (input.dataset.targets || "").split(",").filter((t) => t && t !== "*" && t !== "Users");
  const box = document.createElement("div");
  box.className = "picker";
  const search = document.createElement("input");
  search.type = "search";
  search.className = "picker-search";
  search.autocomplete = "off";
  search.value = input.dataset.label || (input.value ? `#${input.value}` : "");
  search.setAttribute("aria-label", label?.textContent.trim() || input.name);
  search.id = `${input.id}-search`;
  const list = document.createElement("div");
  list.className = "picker-results";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  const clear = document.createElement("button");
  clear.type = "button";
  clear.className = "picker-clear";
  clear.textContent = "✕";
  clear.setAttribute("aria-label", input.dataset.clear || "clear");
  box.append(search, clear, list);
  input.type = "hidden";
  input.after(box);
  input.parentElement.querySelector(".reference-label")?.remove();
  if (label) label.htmlFor = search.id;

  let timer = null;
  async function ask(query) {
    const params = new URLSearchParams({ q: query, limit: "10" });
    for (const module of targets) params.append("module", module);
    const response = await fetch(`/api/v1/search?${params}`, { credentials: "same-origin" });
    if (!response.ok) return;
    const { results } = await response.json();
    list.innerHTML = results
      .map((hit) => `<button type="button" role="option" data-id="${hit.id}" data-label="${escapeHtml(hit.label || "#" + hit.id)}">${escapeHtml(hit.label || "#" + hit.id)}</button>`)
      .join("");
    list.hidden = results.length === 0;
  }
  search.addEventListener("input", () => {
    clearTimeout(timer);
    if (search.value.trim().length < 2) {
      list.hidden = true;
      return;
    }
    timer = setTimeout(() => ask(search.value.trim()), WAIT_MS);
  });
  list.addEventListener("click", (event) => {
    const choice = event.target.closest("button[data-id]");
    if (!choice) return;
    input.value = choice.dataset.id;
    search.value = choice.dataset.label;
    list.hidden = true;
    search.focus();
  });
  clear.addEventListener("click", () => {
    input.value = "";
    search.value = "";
    search.focus();
  });
}

export function setUp() {
  for (const input of document.querySelectorAll("form.record-form input.reference")) enhance(input);
}
