// Behaviour every page shares. Scripts live in files, never in the markup, so that the
// Content-Security-Policy can refuse inline code.
(function () {
  "use strict";
  // A progress bar carries its width as data: a style attribute would need 'unsafe-inline'.
  document.querySelectorAll("[data-bar-width]").forEach(function (bar) {
    var width = Math.max(0, Math.min(100, Number(bar.dataset.barWidth) || 0));
    bar.style.width = width + "%";
  });
  // A select marked data-autosubmit sends its form as soon as it changes.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // A list shown as cards on a phone labels each cell with its column's heading (app.css shows it).
  document.querySelectorAll("table.table-cards").forEach(function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.querySelector(".visually-hidden") ? "" : (th.innerText || th.textContent).replace(/\s+/g, " ").trim();
    });
    table.querySelectorAll("tbody > tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        var heading = headings[column];
        if (heading && cell.colSpan === 1 && !cell.hasAttribute("data-label")) { cell.dataset.label = heading; }
        if (!cell.textContent.trim() && !cell.querySelector("input, select, textarea, button, svg")) { cell.dataset.empty = ""; }
        column += cell.colSpan;
      });
    });
  });
  // A form sent back with errors opens on its summary, so a screen reader reads it first.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
