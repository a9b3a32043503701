// Small behaviours without inline scripts (the CSP forbids them).
document.addEventListener("click", (event) => {
  const copy = event.target.closest("[data-copy-target]");
  if (copy) {
    const source = document.querySelector(copy.dataset.copyTarget);
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.textContent.trim());
      copy.textContent = "Copied";
    }
  }
  const confirmer = event.target.closest("[data-confirm]");
  if (confirmer && !window.confirm(confirmer.dataset.confirm)) {
    event.preventDefault();
  }
});

// A colour picker next to a hex text field: each follows the other.
document.addEventListener("input", (event) => {
  const picker = event.target.closest("[data-colour-picker]");
  if (picker) {
    const text = document.getElementById(picker.dataset.colourPicker);
    if (text) text.value = picker.value;
    return;
  }
  const text = event.target.closest("[data-colour-text]");
  if (text && /^#[0-9a-fA-F]{6}$/.test(text.value)) {
    const partner = document.querySelector(`[data-colour-picker="${text.id}"]`);
    if (partner) partner.value = text.value.toLowerCase();
  }
});
