/* The 大字模式 (larger text) switch, and two accessibility repairs of what
 * Material's own script builds.
 *
 * The page reads fine without this script: the switch button stays hidden.
 * With it, the button appears, toggles the class yz-large on <html> (the
 * stylesheet enlarges everything from there) and remembers the choice in
 * localStorage; head.js, loaded in <head>, applies the saved choice before
 * the first paint (site_overrides/main.html).
 */
(function () {
  "use strict";
  var KEY = "yizheng.largeText";
  var root = document.documentElement;

  // --- 大字模式 -------------------------------------------------------------
  var button = document.getElementById("yz-textsize");

  function show(on) {
    root.classList.toggle("yz-large", on);
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  function save(on) {
    try {
      localStorage.setItem(KEY, on ? "1" : "0");
    } catch (e) {
      /* storage disabled: the switch still works on this page */
    }
  }

  if (button) {
    show(root.classList.contains("yz-large"));
    button.hidden = false;
    button.addEventListener("click", function () {
      var on = !root.classList.contains("yz-large");
      show(on);
      save(on);
      markScrollableTables();
    });
  }

  // --- repairs ----------------------------------------------------------------

  // Material's search panel is a dialog without a name.
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", "搜索");
    }
  }

  // Material wraps each table in a box that scrolls sideways on a narrow
  // screen; such a box must be reachable from the keyboard to be scrolled.
  function markScrollableTables() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "表格，可左右滑动查看");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }

  function repair() {
    nameSearchDialog();
    markScrollableTables();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      setTimeout(repair, 0);
    });
  }
  if (document.readyState === "complete") {
    repair();
  } else {
    window.addEventListener("load", repair);
  }
  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(markScrollableTables, 150);
  });
})();
