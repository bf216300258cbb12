/* Inside the hidden frame of ../iframe-worker.js: the worker's script, named in the frame's address
   after "#", runs here as a page script. The page first hands over a MessagePort; then the worker's
   postMessage goes out through it, what comes in through it is a "message" event here, and
   importScripts loads scripts one after another and returns a promise (the search worker awaits it). */
(function () {
  "use strict";
  var url = decodeURIComponent(location.hash.slice(1));
  if (!/^file:\/\/[^?#]*\.js$/.test(url)) {
    return; // only a script of the copy on disk
  }
  var page = window.parent;
  function start(port) {
    // A worker has no parent; Material's search worker looks at `parent` to tell where it runs, which
    // from a file: page is a frame of another origin that may not be looked into. There is none here.
    window.parent = undefined;
    window.postMessage = function (data) {
      port.postMessage(data);
    };
    window.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (done, next) {
        return done.then(function () {
          return new Promise(function (resolve, reject) {
            var script = document.createElement("script");
            script.src = new URL(next, url).href;
            script.onload = resolve;
            script.onerror = reject;
            document.body.appendChild(script);
          });
        });
      }, Promise.resolve());
    };
    port.onmessage = function (event) {
      window.dispatchEvent(new MessageEvent("message", { data: event.data }));
    };
    var main = document.createElement("script");
    main.src = url;
    main.onload = function () {
      port.postMessage({ yzFrameWorker: "ready" });
    };
    document.body.appendChild(main);
  }
  window.addEventListener("message", function first(event) {
    if (event.source === page && event.data && event.data.yzFrameWorker === "port" && event.ports.length === 1) {
      window.removeEventListener("message", first);
      start(event.ports[0]);
    }
  });
})();
