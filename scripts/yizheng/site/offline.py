"""The copy of the site that works offline: opened from disk (file://), no server, no network.

A second MkDocs build of the same pages with two changes: every page is a file of its own
(`use_directory_urls: false`, so a link to a folder never shows a directory listing) and
Material's built-in `offline` plugin (the search index as a script the page loads, search
without a web worker fetching it). The result is zipped: `yizheng build --offline-archive
FILE` writes it next to the site (the pages workflow puts it at site/OFFLINE_NAME), and the
open-data page links to it.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import yaml

OFFLINE_NAME = "yizheng-offline.zip"
"""The archive's name at the site root (the open-data page links to it)."""

FOLDER = "街道议政代表会议网站"
"""The one folder inside the archive (so unpacking it makes one folder, not hundreds of files)."""

OVERRIDES = {"use_directory_urls": False}

SHIM = "assets/javascripts/iframe-worker.js"
"""Our stand-in for Web Workers on file: pages (site_overrides/); listed as Material's polyfill, so
Material's offline plugin adds no script from a third-party host (it adds one only when no
polyfill's name contains "iframe-worker")."""

FRAME = "assets/javascripts/workers/iframe-worker.html"
FRAME_HTML = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>search</title>
</head>
<body>
<script src="iframe-worker-frame.js"></script>
</body>
</html>
"""


TRACK_PAGE = "track.html"
TRACK_SCRIPT_ON_THE_WEB = '<script src="../assets/javascripts/tracking.js"></script>'
TRACK_SCRIPT_OFFLINE = '<script src="assets/javascripts/tracking.js"></script>'


def finish(site_dir: Path) -> None:
    """What the offline copy needs besides the build.

    - the search worker's frame page (iframe-worker.js), under the site's policy;
    - the tracking data as scripts (tracking/<year>.js beside each tracking/<year>.json: a page opened
      from disk may load a script but read no file), which tracking.js loads on a file: page;
    - the tracking page's script named from track.html, not from the folder track/ it is on the web
      (tracking.SCRIPT_FROM_PAGE).
    """
    from . import csp

    (site_dir / FRAME).write_text(FRAME_HTML.format(policy=csp.policy([])), encoding="utf-8")
    for shard in sorted((site_dir / "tracking").glob("*.json")):
        data = shard.read_text(encoding="utf-8").strip()
        year = json.dumps(shard.stem)
        script = f"window.__yzTracking = window.__yzTracking || {{}};\nwindow.__yzTracking[{year}] = {data};\n"
        shard.with_suffix(".js").write_text(script, encoding="utf-8")
    track = site_dir / TRACK_PAGE
    html = track.read_text(encoding="utf-8")
    assert html.count(TRACK_SCRIPT_ON_THE_WEB) == 1, "the tracking page's script tag changed (pages/tracking.py)"
    track.write_text(html.replace(TRACK_SCRIPT_ON_THE_WEB, TRACK_SCRIPT_OFFLINE), encoding="utf-8")


def plugins_with_offline(config_file: Path) -> list:
    """The configuration's plugins, then Material's offline plugin."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    plugins = list(config.get("plugins") or [])
    names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
    if "offline" not in names:
        plugins.append("offline")
    return plugins


def zip_site(site_dir: Path, archive: Path) -> int:
    """Every file of site_dir under FOLDER/ in a deflated zip, in a stable order; the number of files."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    partial = archive.with_name(archive.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as out:
        for path in files:
            info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(site_dir).as_posix()}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, path.read_bytes())
    os.replace(partial, archive)
    return len(files)
