// The global search box: results as you type, from /api/v1/search.

import { escapeHtml, prefix } from "./page.js";

const WAIT_MS = 150;

export function setUp() {
  const box = document.getElementById("global-search");
  const list = document.getElementById("search-results");
  if (!box || !list) return;
  const moduleLabels = JSON.parse(list.dataset.modules || "{}");
  let timer = null;
  let asked = 0;

  async function ask(query) {
    const ticket = ++asked;
    const response = await fetch(`/api/v1/search?q=${encodeURIComponent(query)}&limit=10`, {
      credentials: "same-origin",
    });
    if (ticket !== asked || !response.ok) return;
    const { results } = await response.json();
    list.innerHTML = results.length
      ? results
          .map(
            (hit) =>
              `<a role="option" href="${prefix()}/m/${encodeURIComponent(hit.module)}/${hit.id}">` +
              `<span class="module">${escapeHtml(moduleLabels[hit.module] || hit.module)}</span> ` +
              `${escapeHtml(hit.label || "#" + hit.id)}</a>`,
          )
          .join("")
      : `<p class="empty">${escapeHtml(list.dataset.empty || "—")}</p>`;
    list.hidden = false;
  }

  box.addEventListener("input", () => {
    clearTimeout(timer);
    const query = box.value.trim();
    if (query.length < 2) {
      list.hidden = true;
      return;
    }
    timer = setTimeout(() => ask(query), WAIT_MS);
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      const first = list.querySelector("a");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === "Escape") {
      list.hidden = true;
    }
  });
  list.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < links.length - 1) {
      event.preventDefault();
      links[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at > 0 ? links[at - 1] : box).focus();
    } else if (event.key === "Escape") {
      list.hidden = true;
      box.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!list.contains(event.target) && event.target !== box) list.hidden = true;
  });
}
