// Behaviour that would otherwise be inline handlers, which the Content-Security-Policy forbids.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit")) {
    target.form.requestSubmit();
  }
});

// A table wider than a phone scrolls in its own box; keyboard users must be able to reach it.
function markScrollableTables() {
  document.querySelectorAll("table.table").forEach(function (table) {
    if (table.scrollWidth > table.clientWidth + 1) {
      table.setAttribute("tabindex", "0");
      if (!table.hasAttribute("aria-label")) {
        var caption = table.closest("section, .card");
        var heading = caption && caption.querySelector("h2, h1");
        table.setAttribute("aria-label", heading ? heading.textContent.trim() : document.title);
      }
    } else if (table.getAttribute("tabindex") === "0") {
      table.removeAttribute("tabindex");
    }
  });
}
document.addEventListener("DOMContentLoaded", markScrollableTables);
window.addEventListener("resize", markScrollableTables);
document.addEventListener("htmx:afterSettle", markScrollableTables);
