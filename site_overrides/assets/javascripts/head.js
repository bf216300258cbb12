/* Runs in <head>, before Material's bundle and before the first paint
 * (site_overrides/main.html, block libs). A file, not an inline script: the
 * Content-Security-Policy allows no inline script but the theme's own, by hash.
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

  // Apply the saved 大字模式 before the first paint, so the page does not jump
  // (the switch itself is in yizheng.js).
  try {
    if (localStorage.getItem("yizheng.largeText") === "1") {
      document.documentElement.classList.add("yz-large");
    }
  } catch (e) {}
})();
