"""`yizheng serve`: an edited record shows on the preview server (each engine), and stopping it stops the engine."""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import MINIMAL, ROOT
from yizheng.kinds import KIND_BY_NAME
from yizheng.loader import load
from yizheng.site import engine_config


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code
    except (urllib.error.URLError, OSError):
        return 0


def _policies(page: str) -> list[str]:
    """The Content-Security-Policy metas of a page, as the browser reads them."""
    return [html.unescape(m) for m in re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)]


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["yizheng", "zensical"])
def test_an_edit_shows_in_the_preview_and_stopping_stops_the_engine(tmp_path: Path, engine: str) -> None:
    shutil.copytree(MINIMAL, tmp_path / "content")
    shutil.copytree(ROOT / "site_overrides", tmp_path / "site_overrides")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    port = _free_port()
    serve = subprocess.Popen(
        [str(Path(sys.executable).parent / "yizheng"), "serve", "--engine", engine, "--addr", f"127.0.0.1:{port}"],
        cwd=tmp_path, env={**os.environ, "YIZHENG_TODAY": "2026-11-27"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        page = f"http://127.0.0.1:{port}/cases/overpass/"
        record = tmp_path / "content/cases/overpass.yml"
        title = re.search(r"(?m)^title: (.*)$", record.read_text(encoding="utf-8")).group(1)  # type: ignore[union-attr]
        assert _wait_for(page, title, 120), "the first build never came up"
        record.write_text(record.read_text(encoding="utf-8").replace(title, "人行天桥改过的标题"), encoding="utf-8")
        assert _wait_for(page, "人行天桥改过的标题", 60), "the edit never showed"
        if engine == "yizheng":  # every page the record feeds is built again, not only its own
            assert '<script src="/.yizheng-preview/reload.js"></script></body>' in _get(page)  # reloads itself
            assert "location.reload()" in _get(f"http://127.0.0.1:{port}/.yizheng-preview/reload.js")
            # The page is on disk as soon as MkDocs wrote it; the count goes up once the whole update is built.
            deadline = time.monotonic() + 30
            while (rebuilds := _get(f"http://127.0.0.1:{port}/.yizheng-preview/version")) == "0" and time.monotonic() < deadline:
                time.sleep(0.1)
            assert rebuilds.isdigit() and int(rebuilds) >= 1, rebuilds  # an open page would have reloaded
            # Waits are upper bounds for a busy machine (the time it takes is measured by `make bench`).
            assert _wait_for(f"http://127.0.0.1:{port}/cases/", "人行天桥改过的标题", 30)
            assert len(_policies(_get(page))) == 1  # the plugin's own, not also the one meant for Zensical
            # Served at the root, built for the root: the error page's stylesheet is there, not under /yizheng/.
            not_found = _get(f"http://127.0.0.1:{port}/404.html")
            assert '<link rel="stylesheet" href="/assets/stylesheets/yizheng.css">' in not_found, not_found[:300]
            assert 'rel="canonical"' not in _get(page)
            # A record removed: its page goes (not a folder listing in its place).
            meeting = f"http://127.0.0.1:{port}/{KIND_BY_NAME['meeting'].url('2026-03-study')}"
            assert _status(meeting) == 200
            (tmp_path / "content/meetings/2026-03-study.yml").unlink()
            deadline = time.monotonic() + 30
            while _status(meeting) != 404 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert _status(meeting) == 404
        else:  # Zensical's server adds an inline live-reload script: the preview's policy allows inline script
            address = load(tmp_path / "content").site.address
            policy = engine_config.zensical_policy(tmp_path / "mkdocs.yml", preview=True, site_url=address)
            assert _policies(_get(page)) == [policy]
    finally:
        serve.send_signal(signal.SIGTERM)
        output, _ = serve.communicate(timeout=30)
    assert "1 个记录文件有改动" in output, output
    assert subprocess.run(["pgrep", "-f", f"127.0.0.1:{port}"], capture_output=True).returncode == 1, "the engine is still running"
