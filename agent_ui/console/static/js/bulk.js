// The bulk bar of a list: choose all on the page, show the inputs the chosen
// action needs, and ask before deleting.

export function setUp() {
  const bar = document.getElementById("bulk");
  if (!bar) return;
  const action = bar.querySelector("#bulk-action");
  function showInputs() {
    for (const input of bar.querySelectorAll(".for-assign")) input.hidden = action.value !== "assign";
    for (const input of bar.querySelectorAll(".for-edit")) input.hidden = action.value !== "edit";
  }
  action.addEventListener("change", showInputs);
  showInputs();
  document.addEventListener("change", (event) => {
    if (!event.target.matches("input.pick-all")) return;
    for (const box of document.querySelectorAll("input[name=ids][form=bulk]")) box.checked = event.target.checked;
  });
  bar.addEventListener("submit", (event) => {
    const chosen = document.querySelectorAll("input[name=ids][form=bulk]:checked").length;
    const button = bar.querySelector(".confirm-bulk");
    if (!chosen || (action.value === "delete" && !window.confirm(button.dataset.confirm))) {
      event.preventDefault();
    }
  });
}
