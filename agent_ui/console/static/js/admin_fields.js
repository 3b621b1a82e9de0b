// The new-field form shows only the settings its chosen type uses; without
// this script every setting is shown and the server says which ones apply.

const form = document.getElementById("new-field");
if (form) {
  const type = form.querySelector("select[name=type]");
  const apply = () => {
    for (const part of form.querySelectorAll("[data-for-types]")) {
      const field = part.classList.contains("field") ? part : part.closest(".field");
      field.hidden = !part.dataset.forTypes.split(" ").includes(type.value);
    }
  };
  type.addEventListener("change", apply);
  apply();
}
