"""For the browser tests: a built site served on 127.0.0.1, and a watch on what its pages do.

`serve(folder)` serves a site folder (optionally with an overlay folder whose
files take the place of the site's) from a threaded http.server at a free port,
at the server's root or under a path (`path="/yizheng/"`, as GitHub Pages serves a
repository's site); an unknown address is answered, as the static host does, with
status 404 and the site's own 404.html.

`Watch` is attached to a browser context before any page opens. It routes every
request: the local server's go through, the rest are recorded (`left`) and
aborted. It records every Content-Security-Policy violation twice over:
`refused` from the page's `securitypolicyviolation` events (an init script
passes each on as a console message: "directive blocked-uri sample") and
`reported` from Chromium's own console report ("Executing inline script
violates …"). It records every dialog (`dialogs`, then dismissed). So a test can
tell that nothing was refused, nothing called out and no alert() ran.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    overlay: Path | None = None
    mount: str = "/"  # where the site's root is on this server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass

    def send_head(self) -> object:
        if not self.path.startswith(self.mount):  # outside the site: not found
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        served = super().translate_path("/" + path[len(self.mount) :] if path.startswith(self.mount) else path)
        if self.overlay is not None:
            relative = os.path.relpath(served, self.directory)
            replaced = self.overlay / relative
            if not relative.startswith("..") and (replaced.is_file() or (replaced / "index.html").is_file()):
                return str(replaced)
        return served

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing file is answered with the site's 404.html, as GitHub Pages answers it."""
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A page closed while a file was still being sent is no error of the site."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: Path, overlay: Path | None = None, path: str = "/") -> Iterator[str]:
    """The folder served on 127.0.0.1 at a free port under `path` (ending in "/"): its base URL,
    http://127.0.0.1:PORT/ or http://127.0.0.1:PORT/yizheng/."""
    assert path.startswith("/") and path.endswith("/"), path
    handler = functools.partial(
        type("Handler", (_QuietHandler,), {"overlay": overlay, "mount": path}), directory=str(folder)
    )
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


REFUSED = "yz-csp-violation "

WATCH_SCRIPT = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("%s" + e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sample || ""));
}, true);
""" % REFUSED
"""Runs before any script of each page (Playwright injects it; the page's policy does not apply to it)."""


class Watch:
    """Everything one browser context asked for beyond the local server, was refused, or showed as a dialog."""

    def __init__(self, base: str) -> None:
        self.allowed = urlsplit(base).netloc
        self.left: list[str] = []
        self.refused: list[str] = []
        self.reported: list[str] = []
        self.dialogs: list[str] = []

    def attach(self, context: object) -> Watch:
        context.route("**/*", self._route)
        context.add_init_script(WATCH_SCRIPT)
        context.on("console", self._console)
        context.on("dialog", self._dialog)
        return self

    def _route(self, route: object) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or (parts.scheme == "http" and parts.netloc == self.allowed):
            route.continue_()
        else:
            self.left.append(url)
            route.abort()

    def _console(self, message: object) -> None:
        text = message.text
        if text.startswith(REFUSED):
            self.refused.append(text.removeprefix(REFUSED).strip())
        elif "Content Security Policy" in text:
            self.reported.append(text)

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def assert_clean(self, what: str = "") -> None:
        where = f"{what}: " if what else ""
        assert self.left == [], f"{where}requests left the local server: {self.left}"
        assert self.refused == [], f"{where}the Content-Security-Policy refused: {self.refused}"
        assert self.reported == [], f"{where}Chromium reported: {self.reported}"
        assert self.dialogs == [], f"{where}dialogs: {self.dialogs}"
