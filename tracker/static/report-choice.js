// The reports page: the campaign report's form goes to the chosen campaign's address.
(function () {
  "use strict";
  var form = document.getElementById("campaign-form");
  var select = document.getElementById("campaign-id");
  if (!form || !select) { return; }
  form.addEventListener("submit", function () { form.action = select.value; });
  form.action = select.value || "#";
})();
