/* Runs in <head>, before Material's bundle and before the first paint
 * (site_overrides/main.html, block libs). A file, not an inline script: the
 * Content-Security-Policy allows no inline script but the theme's own, by hash.
 * It gives a ResizeObserver stand-in, holds the search index until the search
 * box is first used, and applies the saved 大字模式.
 * Plain ES5, no request to any other host. */
(function () {
  "use strict";

  // Material loads a ResizeObserver polyfill from a CDN when the browser has
  // none (older phones). Give it a small local stand-in instead, so that no
  // page ever asks a third-party host for anything.
  if (typeof ResizeObserver === "undefined") {
    window.ResizeObserver = function (callback) {
      var targets = [], self = this;
      function notify() {
        callback(targets.map(function (el) { return { target: el, contentRect: el.getBoundingClientRect() }; }), self);
      }
      window.addEventListener("resize", notify);
      window.addEventListener("load", notify);
      this.observe = function (el) { if (targets.indexOf(el) < 0) { targets.push(el); } setTimeout(notify, 0); };
      this.unobserve = function (el) { targets = targets.filter(function (t) { return t !== el; }); };
      this.disconnect = function () { targets = []; };
    };
  }

  // Material's bundle asks for the search index (search/search_index.json, several hundred KB
  // at district scale) as every page opens; Zensical's (the second engine) asks for search.json
  // at the site's root the same way. Hold that request until the reader first uses the
  // search box, so a visit that does not search does not download it. A page reached from a
  // search result (?h=...: its words are highlighted from the index) asks for it at once.
  var held = [], wanted = /[?&]h=/.test(location.search);
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.yzSearchIndex = /\/search(\/search_index)?\.json$/.test(String(url).split("?")[0]);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.yzSearchIndex && !wanted) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };
  function want() {
    if (wanted) { return; }
    wanted = true;
    var waiting = held.splice(0, held.length);
    for (var i = 0; i < waiting.length; i++) { send.apply(waiting[i][0], waiting[i][1]); }
  }
  function inSearch(target) {
    return !!(target && target.closest && target.closest('.md-search, label[for="__search"]'));
  }
  document.addEventListener("focusin", function (e) { if (inSearch(e.target)) { want(); } }, true);
  document.addEventListener("click", function (e) { if (inSearch(e.target)) { want(); } }, true);
  document.addEventListener("change", function (e) { if (e.target && e.target.id === "__search") { want(); } }, true);
  document.addEventListener("keydown", function (e) {
    // Material's keys that open the search: f, s and /
    if (e.key === "f" || e.key === "s" || e.key === "/") { want(); }
  }, true);

  // Apply the saved 大字模式 before the first paint, so the page does not jump
  // (the switch itself is in yizheng.js).
  try {
    if (localStorage.getItem("yizheng.largeText") === "1") {
      document.documentElement.classList.add("yz-large");
    }
  } catch (e) {}
})();
