"""`yizheng serve`: the local preview of the content folder it is given.

The pages are generated once in full, with the configuration every engine reads
(engine_config.py); then an engine serves them and rebuilds what changes in the docs
folder, while this process waits to be told which record files changed (watch.py; or
looks at every file several times a second where the system cannot tell) and regenerates
only what the changed records feed (incremental.py). Errors in the records
are printed, and the preview keeps the pages it had until they are fixed.

Engines, each given the generated configuration, never mkdocs.yml itself:
- `yizheng` (the default): MkDocs with Material in this process (kept_build.py): the whole
  site once, then only the pages the incremental generation wrote go through MkDocs' own
  page pipeline; a small HTTP server serves the built site, and an open page reloads
  itself after a rebuild.
- `zensical`: its own server, which rebuilds what changed in the docs folder (the second
  engine; slower to update at scale).
"""

from __future__ import annotations

import functools
import http.server
import signal
import threading
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ..loader import SITE_FILE, STAFF_KEYS_FILE
from ..problems import Problem
from .engine_config import docs_dir_of, generated_config_path
from .generate import write_engine_config
from .incremental import Incremental, Update
from .watch import ContentWatch

ENGINES = ("yizheng", "zensical")


def engine_command(engine: str, config: Path, addr: str) -> list[str]:
    assert engine == "zensical", engine
    return [str(Path(sys.executable).parent / "zensical"), "serve", "-f", str(config), "-a", addr]


def serve(
    content: Path,
    config_file: Path,
    engine: str,
    addr: str,
    docs_dir: Path | None = None,
    interval: float = 0.2,
    report: Callable[[list[Problem]], None] | None = None,
) -> int:
    """Generate, start the engine, and regenerate on every change until the engine stops or Ctrl+C."""
    docs_dir = docs_dir or docs_dir_of(config_file)
    site = Incremental(content, docs_dir)
    print(f"预览：正在生成 {content} 的全部页面……", flush=True)
    started = time.perf_counter()
    first = site.full()
    _report(first, report)
    if first.failed or site.ctx is None:
        print("记录有错误，无法预览；请修正后再运行。", file=sys.stderr)
        return 1
    config = write_engine_config(site.ctx, docs_dir, config_file, preview=True)
    print(f"预览：已生成 {len(first.report.written) + first.report.unchanged} 个文件，用时 {time.perf_counter() - started:.1f} 秒", flush=True)
    if engine == "yizheng":
        return _serve_kept(site, docs_dir, config_file, config, addr, interval, report)
    print(f"预览：由 {engine} 在 http://{addr}/ 提供；改动 {content} 下的记录后页面会自动更新。按 Ctrl+C 结束。", flush=True)
    engine_process = subprocess.Popen(engine_command(engine, config, addr))
    signal.signal(signal.SIGTERM, _stop)  # stopped by another program: the engine is stopped too
    watch = ContentWatch(content)
    try:
        while engine_process.poll() is None:
            if not watch.wait(interval):
                continue
            update = site.update(watch.take())
            if update.changed_files:
                _report(update, report)
                if update.failed:
                    print("预览：记录有错误，页面保持原样，改正后自动更新。", flush=True)
                else:
                    print(
                        f"预览：{len(update.changed_files)} 个记录文件有改动，重新生成 {len(update.report.written)} 个页面文件、"
                        f"删除 {len(update.report.removed)} 个",
                        flush=True,
                    )
                if site.ctx is not None and generated_config_path(docs_dir).exists():
                    write_engine_config(site.ctx, docs_dir, config_file, preview=True)  # site.yml may have changed the name
        return engine_process.returncode or 0
    except KeyboardInterrupt:
        return 0
    finally:
        watch.stop()
        if engine_process.poll() is None:
            engine_process.terminate()
            try:
                engine_process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                engine_process.kill()


def _serve_kept(
    site: Incremental,
    docs_dir: Path,
    config_file: Path,
    config: Path,
    addr: str,
    interval: float,
    report: Callable[[list[Problem]], None] | None,
) -> int:
    """The `yizheng` engine: MkDocs kept in this process (kept_build.py), served by a small HTTP server."""
    from .kept_build import KeptBuild

    started = time.perf_counter()
    print("预览：MkDocs 正在构建整个网站（只在开始时一次）……", flush=True)
    built = KeptBuild(config)
    built.full()
    print(f"预览：网站构建完成，用时 {time.perf_counter() - started:.1f} 秒", flush=True)
    host, _, port = addr.rpartition(":")
    handler = functools.partial(_QuietHandler, directory=str(built.site_dir))
    server = http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"预览：请打开 http://{addr}/ ；改动记录后，打开着的页面会自动刷新。按 Ctrl+C 结束。", flush=True)
    signal.signal(signal.SIGTERM, _stop)
    watch = ContentWatch(site.content)
    try:
        while True:
            if not watch.wait(interval):
                continue
            update = site.update(watch.take())
            if not update.changed_files:
                continue
            _report(update, report)
            if update.failed:
                print("预览：记录有错误，页面保持原样，改正后自动更新。", flush=True)
                continue
            if {SITE_FILE, STAFF_KEYS_FILE} & set(update.changed_files) and site.ctx is not None:  # everything again
                write_engine_config(site.ctx, docs_dir, config_file, preview=True)
                built = KeptBuild(config)
                built.full()
                server.RequestHandlerClass = functools.partial(_QuietHandler, directory=str(built.site_dir))
                _Rebuilds.count += 1
                print("预览：网站设置有改动，整个网站已重新构建。", flush=True)
                continue
            began = time.perf_counter()
            count = built.update(update.report.written, update.report.removed)
            _Rebuilds.count += 1
            print(
                f"预览：{len(update.changed_files)} 个记录文件有改动，重新生成 {len(update.report.written)} 个页面文件、"
                f"删除 {len(update.report.removed)} 个，重新构建 {count} 个网页（{time.perf_counter() - began:.1f} 秒）",
                flush=True,
            )
    except KeyboardInterrupt:
        return 0
    finally:
        watch.stop()
        server.shutdown()
        server.server_close()


_RELOAD = "/.yizheng-preview/"
"""Where the preview serves its reload script and the number of the last rebuild (never a site path)."""

_RELOAD_SCRIPT = """(function () {
  var seen = null;
  function check() {
    var request = new XMLHttpRequest();
    request.open("GET", "%sversion", true);
    request.onload = function () {
      if (request.status === 200) {
        if (seen !== null && request.responseText !== seen) { location.reload(); return; }
        seen = request.responseText;
      }
      setTimeout(check, 1000);
    };
    request.onerror = function () { setTimeout(check, 3000); };
    request.send();
  }
  check();
})();
""" % _RELOAD


class _Rebuilds:
    """How many times the preview has rebuilt pages: an open page reloads itself when it changes."""

    count = 0


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """The built site, each HTML page with a script (a file of this server's, so the pages' own
    Content-Security-Policy allows it) that reloads the page after the preview rebuilt pages."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == _RELOAD + "version":
            return self._send(str(_Rebuilds.count).encode(), "text/plain; charset=utf-8")
        if path == _RELOAD + "reload.js":
            return self._send(_RELOAD_SCRIPT.encode(), "text/javascript; charset=utf-8")
        local = Path(self.translate_path(path))
        if local.is_dir() and path.endswith("/"):
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            html = local.read_bytes()
            tag = f'<script src="{_RELOAD}reload.js"></script></body>'.encode()
            return self._send(html.replace(b"</body>", tag, 1), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _report(update: Update, report: Callable[[list[Problem]], None] | None) -> None:
    if update.problems and report is not None:
        report(update.problems)
