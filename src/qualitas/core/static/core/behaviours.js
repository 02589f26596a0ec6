/* Small page behaviours declared in the markup, so that pages need no inline script or event
   handler (the Content-Security-Policy allows scripts from the site only):
   <select data-autosubmit> submits its form on change; <form data-confirm="…"> and
   <button data-confirm="…"> ask before submitting; <button data-print> prints the page;
   <a data-back> goes back in the history; <form data-nosubmit> is never submitted;
   a field with data-show-when="other=v1,v2" (its paragraph) is shown only while the form's
   field "other" has one of those values (without script every field stays visible);
   the header's menus (<details data-menu>) open without script, and with it one at a time,
   closing on a click elsewhere or on Escape. */
(function () {
  "use strict";
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
  });
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form || !form.matches) { return; }
    if (form.matches("form[data-nosubmit]")) { ev.preventDefault(); return; }
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { ev.preventDefault(); }
  });
  document.addEventListener("click", function (ev) {
    var el = ev.target && ev.target.closest ? ev.target.closest("[data-confirm],[data-print],[data-back]") : null;
    if (!el) { return; }
    if (el.hasAttribute("data-print")) { ev.preventDefault(); window.print(); return; }
    if (el.hasAttribute("data-back")) { ev.preventDefault(); window.history.back(); return; }
    if (el.tagName === "BUTTON" && el.hasAttribute("data-confirm") && !window.confirm(el.getAttribute("data-confirm"))) {
      ev.preventDefault();
    }
  });
  function showWhen(root) {
    (root || document).querySelectorAll("[data-show-when]").forEach(function (el) {
      var spec = el.getAttribute("data-show-when"), i = spec.indexOf("=");
      var other = el.form && el.form.elements[spec.slice(0, i)];
      if (!other) { return; }
      var shown = spec.slice(i + 1).split(",").indexOf(other.value) >= 0;
      var box = el.closest("p") || el;
      box.hidden = !shown;
      box.setAttribute("data-shown", shown ? "1" : "0");
    });
  }
  document.addEventListener("change", function () { showWhen(document); });
  document.addEventListener("DOMContentLoaded", function () { showWhen(document); });
})();
/* Every table of <main> scrolls sideways inside a <div class="table-wrap"> (qualitas.css), so a
   wide table never widens the page on a small screen; tables already in a .table-wrap or a
   .scroll-y panel are left as they are. Again after each htmx swap. */
(function () {
  "use strict";
  function wrapTables() {
    var tables = document.querySelectorAll("main table");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i], parent = table.parentElement;
      if (!parent || parent.classList.contains("table-wrap") || parent.classList.contains("scroll-y")) { continue; }
      var wrap = document.createElement("div");
      wrap.className = "table-wrap";
      parent.insertBefore(wrap, table);
      wrap.appendChild(table);
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", wrapTables); } else { wrapTables(); }
  document.addEventListener("htmx:afterSwap", wrapTables);
  function closeMenus(except) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (d) {
      if (d !== except) { d.open = false; }
    });
  }
  document.addEventListener("toggle", function (ev) {
    var d = ev.target;
    if (d && d.matches && d.matches("details[data-menu]") && d.open) { closeMenus(d); }
  }, true);
  document.addEventListener("click", function (ev) {
    var inside = ev.target && ev.target.closest ? ev.target.closest("details[data-menu]") : null;
    closeMenus(inside);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { closeMenus(null); }
  });
})();
