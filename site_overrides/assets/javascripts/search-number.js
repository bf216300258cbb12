/* A tracking number typed into the site's search box (2026-W0042, ２０２６－ｗ４２, 2026w42)
 * leads to its result on the tracking page (track/?no=…): a link at the top of the search
 * panel while it is typed, and Enter goes straight there.
 *
 * Independent of Material's search: it listens on the window (before Material's own
 * handlers) for whatever is typed into the search field, whether or not the search index
 * has loaded, and on every page. The same for the search dialog of the second engine,
 * Zensical, which its script draws in a shadow root: there the link goes above the results
 * inside that root, with its own stylesheet (search-number.css) linked in (the page's do not reach in).
 * Plain ES5, a file (the Content-Security-Policy allows no
 * inline script), no request to any other host; the typed text reaches the page only as
 * the normalized number (digits, W or X, a dash), through textContent. */
(function () {
  "use strict";
  var script = document.currentScript;
  // The site root is two folders above this script (assets/javascripts/), wherever the site is served.
  var root = script ? script.src.replace(/assets\/javascripts\/search-number\.js(?:[?#].*)?$/, "") : "/";
  var FIELD = "md-search__input";
  var HINT = "yz-search-number";

  // The same reading as the tracking page's (tracking.js normalize): "２０２６ｗ４２" → "2026-W0042"; null if none.
  function normalize(text) {
    text = String(text).replace(/[\uff01-\uff5e]/g, function (ch) {
      return String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
    });
    text = text.replace(/\s+/g, "").replace(/[\u2010-\u2015\u2212\u30fc_]/g, "-").toUpperCase();
    var match = /^(20\d\d)-*([WX])-*(\d+)$/.exec(text);
    if (!match) return null;
    var digits = match[3];
    if (digits.length > 6) return null;
    while (digits.length < 4) digits = "0" + digits;
    return match[1] + "-" + match[2] + digits;
  }

  function target(number) {
    // The tracking page is the folder track/ on the web, the file track.html in the offline copy (file:).
    return root + (location.protocol === "file:" ? "track.html" : "track/") + "?no=" + encodeURIComponent(number);
  }

  // The search field an event comes from: Material's, or the combobox of Zensical's dialog. An event
  // from inside a shadow root reaches the window with the root's host as its target; the first node
  // of its composed path is the field itself.
  function fieldOf(event) {
    var node = event.composedPath ? event.composedPath()[0] : event.target;
    if (!node || !node.classList) return null;
    if (node.classList.contains(FIELD)) return node;
    var scope = node.getRootNode ? node.getRootNode() : null;
    if (scope && scope.host && node.tagName === "INPUT" && node.getAttribute("role") === "combobox" &&
        node.closest("dialog")) return node;
    return null;
  }

  // Where the link goes: Material's search panel, or above the results list of Zensical's dialog.
  function panel(field) {
    var scope = field.getRootNode();
    if (!scope.host) {
      var output = document.querySelector(".md-search__scrollwrap") || document.querySelector(".md-search__output");
      return output ? [output, output.firstChild] : null;
    }
    var results = scope.querySelector('[role="listbox"]');
    if (!results) return null;
    if (!scope.querySelector("link[data-yz-styles]")) {
      // A stylesheet applies once loaded: the link stays hidden until then (never shown unstyled and small).
      var sheet = document.createElement("link");
      sheet.rel = "stylesheet";
      sheet.href = root + "assets/stylesheets/search-number.css";
      sheet.setAttribute("data-yz-styles", "");
      sheet.onload = sheet.onerror = function () {
        sheet.setAttribute("data-yz-loaded", "");
        var link = scope.getElementById(HINT);
        if (link) link.hidden = false;
      };
      scope.appendChild(sheet);
    }
    return [results.parentNode, results];
  }

  // Whether the link may show: at once in Material's panel, in Zensical's dialog once the stylesheet is there.
  function styled(field) {
    var scope = field.getRootNode();
    return !scope.host || !!scope.querySelector("link[data-yz-loaded]");
  }

  // The link at the top of the search panel, shown while the field holds a number.
  function hint(field) {
    var link = field.getRootNode().getElementById(HINT);
    var number = normalize(field.value);
    if (!number) {
      if (link) link.parentNode.removeChild(link);
      return;
    }
    if (!link) {
      var place = panel(field);
      if (!place) return;
      link = document.createElement("a");
      link.id = HINT;
      link.className = HINT;
      link.hidden = !styled(field);
      place[0].insertBefore(link, place[1]);
    }
    link.href = target(number);
    link.textContent = "查询编号 " + number + " 的办理进度";
  }

  window.addEventListener("input", function (event) {
    var field = fieldOf(event);
    if (field) hint(field);
  }, true);

  // Enter (or the phone keyboard's search key) with a number goes to its result, before the theme acts on it.
  window.addEventListener("keydown", function (event) {
    var field = fieldOf(event);
    if (event.key !== "Enter" || !field || event.isComposing) return;
    var number = normalize(field.value);
    if (!number) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    window.location.href = target(number);
  }, true);

  window.addEventListener("submit", function (event) {
    var field = event.target && event.target.querySelector ? event.target.querySelector("." + FIELD) : null;
    var number = field ? normalize(field.value) : null;
    if (!number) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    window.location.href = target(number);
  }, true);
})();
