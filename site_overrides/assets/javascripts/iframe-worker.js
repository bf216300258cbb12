/* The site's search on a copy opened from disk (file://, the offline archive): Chromium refuses
   `new Worker()` for a file: page, so the search worker's script runs in a hidden frame instead
   (assets/javascripts/workers/iframe-worker.html, which loads iframe-worker-frame.js), talking to
   the page over a MessageChannel. After the idea of iframe-worker (MIT, Martin Donath), rewritten so that
   no inline script is needed: the Content-Security-Policy allows none of the site's own.
   Loaded only in the offline build (scripts/yizheng/site/offline.py); on any other page it does nothing. */
(function () {
  "use strict";
  if (location.protocol !== "file:") {
    return;
  }
  var here = document.currentScript ? document.currentScript.src : location.href;
  var frame = new URL("workers/iframe-worker.html", here).href;

  function FrameWorker(url) {
    var target = document.createElement("span"); // an EventTarget that works everywhere
    var self = this;
    var queue = [];
    var ready = false;
    var iframe = document.createElement("iframe");
    iframe.hidden = true;
    iframe.title = "search";
    iframe.src = frame + "#" + encodeURIComponent(new URL(url, location.href).href);
    this.onmessage = null;
    this.onerror = null;
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);
    var channel = new MessageChannel(); // one private line to the frame, whatever its origin
    channel.port1.onmessage = function (event) {
      if (event.data && event.data.yzFrameWorker === "ready") {
        ready = true;
        queue.splice(0).forEach(function (data) {
          channel.port1.postMessage(data);
        });
        return;
      }
      var message = new MessageEvent("message", { data: event.data });
      self.dispatchEvent(message);
      if (typeof self.onmessage === "function") {
        self.onmessage(message);
      }
    };
    iframe.addEventListener("load", function () {
      iframe.contentWindow.postMessage({ yzFrameWorker: "port" }, "*", [channel.port2]);
    });
    this.postMessage = function (data) {
      if (ready) {
        channel.port1.postMessage(data);
      } else {
        queue.push(data);
      }
    };
    this.terminate = function () {
      channel.port1.close();
      iframe.remove();
    };
    (document.body || document.documentElement).appendChild(iframe);
  }

  window.Worker = FrameWorker;
})();
