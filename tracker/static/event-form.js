// The event form: live weekday preview of the typed Jalali date, the chosen campaign's phases
// only, and search-as-you-type pickers of officials and households kept as removable chips.
// Addresses and the phase-to-campaign map come from the form's data attributes.
(function () {
  "use strict";
  var form = document.getElementById("event-form");
  if (!form) { return; }
  var PHASE_CAMPAIGN = JSON.parse(form.dataset.phaseCampaigns || "{}");

  // Live weekday preview of the typed Jalali date.
  var dateInput = document.getElementById("held_on");
  var preview = document.getElementById("date-preview");
  var timer = null;
  function showPreview() {
    var typed = dateInput.value.trim();
    if (!typed) { preview.textContent = ""; return; }
    fetch(form.dataset.datePreviewUrl + "?d=" + encodeURIComponent(typed), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        preview.className = "small mt-n2 mb-3 " + (data.ok ? (data.holiday || data.weekend ? "text-danger" : "text-success") : "text-danger");
        if (!data.ok) { preview.textContent = data.error; return; }
        var text = data.text;
        if (data.holiday) { text += " — تعطیل: " + data.holiday; }
        else if (data.weekend) { text += " — تعطیل آخر هفته"; }
        preview.textContent = text;
      })
      .catch(function () { preview.textContent = ""; });
  }
  // The server's message about the date stands until the date is typed again; the preview then
  // replaces it, so one message is shown, never the same one twice.
  var serverMessages = dateInput.parentNode.querySelectorAll(".field-error, .field-note");
  dateInput.addEventListener("input", function () {
    serverMessages.forEach(function (message) { message.remove(); });
    clearTimeout(timer); timer = setTimeout(showPreview, 250);
  });
  if (!serverMessages.length) { showPreview(); }

  // Offer only the chosen campaign's phases.
  var campaign = document.getElementById("campaign_id");
  var phase = document.getElementById("phase_id");
  function filterPhases() {
    Array.prototype.forEach.call(phase.options, function (opt) {
      var owner = PHASE_CAMPAIGN[opt.value];
      opt.hidden = owner !== undefined && String(owner) !== campaign.value;
    });
    if (phase.selectedOptions[0] && phase.selectedOptions[0].hidden) { phase.value = ""; }
  }
  campaign.addEventListener("change", filterPhases);
  filterPhases();

  // Search-as-you-type pickers that keep their choices as removable chips.
  function picker(box, describe) {
    var name = box.dataset.name;
    var url = box.dataset.lookupUrl;
    var input = box.querySelector("input[type=search]");
    var results = box.querySelector(".results");
    var chips = box.querySelector(".chips");
    var wait = null;
    function chosen(id) { return chips.querySelector('input[value="' + id + '"]'); }
    function addChip(item) {
      if (chosen(item.id)) { return; }
      var chip = document.createElement("span");
      chip.className = "badge text-bg-light border chip";
      var hidden = document.createElement("input");
      hidden.type = "hidden"; hidden.name = name; hidden.value = item.id;
      var close = document.createElement("button");
      close.type = "button"; close.className = "btn-close btn-sm chip-remove";
      close.setAttribute("aria-label", "برداشتن " + item.name);
      chip.appendChild(hidden);
      chip.appendChild(document.createTextNode(describe(item) + " "));
      chip.appendChild(close);
      chips.appendChild(chip);
    }
    chips.addEventListener("click", function (e) {
      if (e.target.classList.contains("chip-remove")) { e.target.closest(".chip").remove(); }
    });
    input.addEventListener("input", function () {
      clearTimeout(wait);
      var q = input.value.trim();
      if (!q) { results.innerHTML = ""; return; }
      wait = setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) {
            results.innerHTML = "";
            if (!items.length) {
              var none = document.createElement("div");
              none.className = "list-group-item text-muted small"; none.textContent = "چیزی پیدا نشد.";
              results.appendChild(none);
            }
            items.forEach(function (item) {
              var b = document.createElement("button");
              b.type = "button"; b.className = "list-group-item list-group-item-action";
              b.textContent = describe(item);
              b.addEventListener("click", function () { addChip(item); results.innerHTML = ""; input.value = ""; input.focus(); });
              results.appendChild(b);
            });
          })
          .catch(function () { results.innerHTML = ""; });
      }, 200);
    });
    // The keyboard chooses too: Enter in the box takes the first suggestion, the arrows move
    // through the suggestions (Enter on one takes it), Escape goes back to the box.
    function options() { return Array.prototype.slice.call(results.querySelectorAll("button")); }
    input.addEventListener("keydown", function (e) {
      var all = options();
      if (e.key === "Enter") {
        e.preventDefault();
        if (all.length) { all[0].click(); }
      } else if (e.key === "ArrowDown" && all.length) {
        e.preventDefault(); all[0].focus();
      } else if (e.key === "Escape") {
        results.innerHTML = "";
      }
    });
    results.addEventListener("keydown", function (e) {
      var all = options();
      var at = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && at < all.length - 1) {
        e.preventDefault(); all[at + 1].focus();
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        if (at > 0) { all[at - 1].focus(); } else { input.focus(); }
      } else if (e.key === "Escape") {
        e.preventDefault(); results.innerHTML = ""; input.focus();
      }
    });
  }
  picker(form.querySelector('.picker[data-name="official_ids"]'),
         function (o) { return o.name + (o.title ? " (" + o.title + ")" : ""); });
  picker(form.querySelector('.picker[data-name="household_ids"]'),
         function (h) { return h.name + (h.martyr_name ? " — شهید " + h.martyr_name : "") + (h.category_label ? " (" + h.category_label + ")" : "") + (h.neighborhood ? "، " + h.neighborhood : ""); });
})();
