// The household form: the martyr's name belongs to martyrs' families only.
(function () {
  "use strict";
  var category = document.getElementById("category");
  var group = document.getElementById("martyr-name-group");
  if (!category || !group) { return; }
  function toggle() { group.hidden = category.value !== "martyr_family"; }
  category.addEventListener("change", toggle);
  toggle();
})();
