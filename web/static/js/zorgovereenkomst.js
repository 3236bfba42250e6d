// Zorgovereenkomst: show a follow-up question only while the answer it
// depends on is given. Without this script every follow-up question is shown
// with a hint saying when it applies, and the server ignores the ones that do
// not; with it, the hints are hidden and the questions come and go.
//
// A follow-up carries data-zov-toon="name=value1,value2": it is shown when
// the radio button or checkbox named name has one of those values checked
// (a ticked checkbox has the value "ja").
"use strict";
(function () {
  var groups = document.querySelectorAll("[data-zov-toon]");
  if (!groups.length) return;

  function checkedValues(form, name) {
    var out = [];
    var fields = form.querySelectorAll("input[name='" + name + "']");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if ((f.type === "radio" || f.type === "checkbox") && f.checked) out.push(f.value);
    }
    return out;
  }

  function update() {
    for (var i = 0; i < groups.length; i++) {
      var g = groups[i];
      var spec = g.getAttribute("data-zov-toon").split("=");
      var form = g.closest("form");
      if (!form || spec.length !== 2) continue;
      var want = spec[1].split(",");
      var have = checkedValues(form, spec[0]);
      var show = have.some(function (v) { return want.indexOf(v) >= 0; });
      // A group holding an error from the server stays visible, so the error
      // is never hidden (validatie.js removes its own live errors instead).
      if (!show && g.querySelector(".pgb-field__error:not([data-live])")) show = true;
      g.hidden = !show;
    }
  }

  var hints = document.querySelectorAll(".zov-alleen-als");
  for (var i = 0; i < hints.length; i++) hints[i].hidden = true;
  document.addEventListener("change", function (e) {
    if (e.target && e.target.matches && e.target.matches("input[type=radio], input[type=checkbox]")) update();
  });
  update();
})();
