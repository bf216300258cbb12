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
import re
import zipfile
from html import escape
from pathlib import Path

import yaml

from .engine_config import PLUGIN

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


NOT_FOUND_PAGE = "404.html"
SERVER_ROOT_BASE = '"base": "/"'
"""Material's page configuration on an error page: MkDocs writes an error page's addresses from the
server's root ("/x", for a page a server shows at any depth; no site_url is given to MkDocs)."""

DOWNLOAD_ON_THE_WEB = f'href="../{OFFLINE_NAME}"'
"""The open-data page's link to the archive, beside the site on the web but not inside the copy."""

TRACK_PAGE = "track.html"
TRACK_SCRIPT_ON_THE_WEB = '<script src="../assets/javascripts/tracking.js"></script>'
TRACK_SCRIPT_OFFLINE = '<script src="assets/javascripts/tracking.js"></script>'


def finish(site_dir: Path, address: str) -> None:
    """What the offline copy needs besides the build (`address`: the public site's, ending in "/").

    - the search worker's frame page (iframe-worker.js), under the site's policy;
    - the tracking data as scripts (tracking/<year>.js beside each tracking/<year>.json: a page opened
      from disk may load a script but read no file), which tracking.js loads on a file: page;
    - the tracking page's script named from track.html, not from the folder track/ it is on the web
      (tracking.SCRIPT_FROM_PAGE);
    - 404.html's addresses relative to where it is, the copy's root: on a copy opened from disk "/"
      is the disk's root, so its 回到首页 goes to the copy's own index.html;
    - the open-data page's download link to the archive on the web (the newest copy).
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
    not_found = site_dir / NOT_FOUND_PAGE
    not_found.write_text(from_the_root(not_found.read_text(encoding="utf-8")), encoding="utf-8")
    data = site_dir / "data" / "index.html"
    html = data.read_text(encoding="utf-8")
    assert html.count(DOWNLOAD_ON_THE_WEB) == 1, "the open-data page's download link changed (pages/opendata.py)"
    data.write_text(html.replace(DOWNLOAD_ON_THE_WEB, f'href="{escape(address)}{OFFLINE_NAME}"'), encoding="utf-8")


def from_the_root(html: str) -> str:
    """An error page's HTML with its addresses from the server's root ("/x", and "/" for the home
    page) made relative to the copy's root, where the page is ("x", and "index.html"). A theme
    script whose text changes keeps its place in the page's policy under its new hash (csp.py)."""
    from . import csp

    assert SERVER_ROOT_BASE in html, "the error page's base changed (MkDocs or Material)"
    scripts = csp.page_scripts(html)
    html = html.replace(SERVER_ROOT_BASE, '"base": "."').replace('new URL("/",location)', 'new URL(".",location)')
    html = html.replace('href="/"', 'href="index.html"')
    html = re.sub(r'(?:(?<==")|(?<=: "))/(?=[^"/])', "", html)  # an attribute's or a JSON value's start
    for before, after in zip(scripts, csp.page_scripts(html), strict=True):
        if before != after:
            html = html.replace(csp.sha256(before), csp.sha256(after))
    return html


def plugins_with_offline(config_file: Path) -> list:
    """The configuration's plugins, then Material's offline plugin; the `yizheng` plugin gives MkDocs no
    site_url (plugin.py): the copy's pages are files opened from disk, not the addresses on the web
    (no canonical links to about.html there), and its 404.html is written from "/" (see finish)."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    plugins = []
    for entry in config.get("plugins") or []:
        if entry == PLUGIN or (isinstance(entry, dict) and PLUGIN in entry):
            entry = {PLUGIN: {**((entry[PLUGIN] or {}) if isinstance(entry, dict) else {}), "site_url": False}}
        plugins.append(entry)
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
