// Declaratie pages: "Kopieer naar volgende week" copies in the page, without
// a round trip. Every flow works without this file: the button then submits
// the form and the server copies (and saves).
"use strict";

(function () {
  function copyWeek(button) {
    var week = Number(button.getAttribute("data-dcl-week"));
    var from = document.getElementById("week-" + week);
    var to = document.getElementById("week-" + (week + 1));
    if (!from || !to) {
      return false;
    }
    var copied = 0;
    from.querySelectorAll("input.dcl-cel__input").forEach(function (input) {
      // Ids are u_DD_functie or km_DD: the same field 7 days later.
      var m = /^(u|km)_(\d\d)(.*)$/.exec(input.id);
      if (!m) {
        return;
      }
      var day = String(Number(m[2]) + 7).padStart(2, "0");
      var target = to.querySelector("#" + CSS.escape(m[1] + "_" + day + m[3]));
      if (target) {
        target.value = input.value;
        target.dispatchEvent(new Event("input", { bubbles: true }));
        copied++;
      }
    });
    var status = document.getElementById("dcl-kopieer-status");
    if (status) {
      status.textContent = copied > 0
        ? "Week " + week + " is gekopieerd naar week " + (week + 1) + ". Sla de declaratie op om de uren te bewaren."
        : "Er was niets te kopiëren naar week " + (week + 1) + ".";
    }
    return true;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-dcl-week]");
    if (!button) {
      return;
    }
    if (copyWeek(button)) {
      event.preventDefault();
    }
  });
})();
