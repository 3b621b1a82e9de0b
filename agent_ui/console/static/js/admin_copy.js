// Copy buttons beside a web form's address and HTML. The text sits in a
// read-only field, so it can be selected by hand where the clipboard is
// not allowed; the buttons appear only with this script.

function copyFrom(button) {
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  source.focus();
  source.select();
  const done = () => {
    button.textContent = button.dataset.done;
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(source.value).then(done, () => {
      if (document.execCommand("copy")) done();
    });
  } else if (document.execCommand("copy")) {
    done();
  }
}

for (const button of document.querySelectorAll("button.copy[data-copy]")) {
  button.hidden = false;
  button.addEventListener("click", () => copyFrom(button));
}
for (const source of document.querySelectorAll(".copy-source")) {
  source.addEventListener("focus", () => source.select());
}
