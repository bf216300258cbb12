/* The 大字模式 (larger text) switch, and two accessibility repairs of what
 * Material's own script builds.
 *
 * It also labels every cell of a table of three or more columns with its
 * column's heading (data-label), so that on a phone (below 600 px) the
 * stylesheet shows each row as a card of "heading：value" lines instead of a
 * table too wide for the screen.
 *
 * The page reads fine without this script: the switch button stays hidden
 * and wide tables scroll sideways in their own box.
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

  // Each cell of a table of three or more columns carries its column's
  // heading; the stylesheet turns such a table (data-yz-stack) into cards on a
  // phone. Two-column tables (label and value) read well as they are.
  function labelTableCells() {
    var tables = document.querySelectorAll("article table");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      if (table.hasAttribute("data-yz-stack")) {
        continue;
      }
      var headings = table.querySelectorAll("thead th");
      if (headings.length < 3) {
        continue;
      }
      var labels = [];
      for (var h = 0; h < headings.length; h++) {
        labels.push(headings[h].textContent.trim());
      }
      var rows = table.querySelectorAll("tbody tr");
      for (var r = 0; r < rows.length; r++) {
        var cells = rows[r].children;
        for (var c = 0; c < cells.length && c < labels.length; c++) {
          cells[c].setAttribute("data-label", labels[c]);
        }
      }
      table.setAttribute("data-yz-stack", "");
    }
  }

  labelTableCells(); // at once: the script runs after the page's content, before the first paint of it

  function repair() {
    labelTableCells();
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
