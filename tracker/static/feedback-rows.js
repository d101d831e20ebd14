// The visit page's feedback rows: "another row" adds a blank row in place. Without this script the
// same button sends the rows back and the page returns with one blank row more, nothing saved.
(function () {
  "use strict";
  var button = document.getElementById("more-rows");
  var entries = document.getElementById("feedback-entries");
  if (!button || !entries) { return; }
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  function persian(n) { return String(n).replace(/[0-9]/g, function (d) { return PERSIAN[d]; }); }
  function renumber(text, index) { return text.replace(/^fb-rows-\d+-/, "fb-rows-" + index + "-"); }

  button.addEventListener("click", function (event) {
    var rows = entries.querySelectorAll(".feedback-entry");
    var last = rows[rows.length - 1];
    var index = rows.length;
    var row = last.cloneNode(true);
    row.querySelectorAll(".field-error, .field-note").forEach(function (message) { message.remove(); });
    row.querySelectorAll("[name]").forEach(function (input) {
      input.name = renumber(input.name, index);
      input.id = renumber(input.id, index);
      input.classList.remove("is-invalid");
      if (input.tagName === "SELECT") {
        // Back to what the page offered a blank row: the lone household, normal priority.
        Array.prototype.forEach.call(input.options, function (option) { option.selected = option.defaultSelected; });
      } else {
        input.value = "";
      }
    });
    row.querySelectorAll("label[for]").forEach(function (label) { label.htmlFor = renumber(label.htmlFor, index); });
    row.querySelector(".row-number").textContent = persian(index + 1);
    entries.appendChild(row);
    event.preventDefault();
    row.querySelector("select, textarea").focus();
  });
})();
