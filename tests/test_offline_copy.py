"""The offline copy (issue #14 item 8): the site zipped, unpacked, opened from disk (file://) in Chromium.

One offline build of content/ per session (site/offline.py through build_site(offline=True)), zipped
with zip_site and unpacked again, so the archive itself is what is tested. In the browser every
request is recorded: each must be a file inside the unpacked folder; every Content-Security-Policy
violation and page error is recorded too, and none may happen while links, search and the tracking
lookup are used.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from browsing import PHONE, REFUSED, WATCH_SCRIPT

from yizheng.loader import load
from yizheng.site import csp
from yizheng.site.build import build_site
from yizheng.site.offline import FOLDER, OFFLINE_NAME, from_the_root, zip_site

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/ built as the offline copy, zipped and unpacked: the folder a reader opens."""
    out = tmp_path_factory.mktemp("offline")
    registry = load(CONTENT)
    assert build_site(registry, ROOT / "mkdocs.yml", out / "site", out / "docs", offline=True) == 0
    archive = out / OFFLINE_NAME
    zip_site(out / "site", archive)
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert {name.split("/")[0] for name in names} == {FOLDER}  # one folder, not hundreds of files
        opened.extractall(out / "unpacked")
    return out / "unpacked" / FOLDER


def test_the_copy_is_files_with_the_policy_and_no_third_party_script(offline_copy: Path) -> None:
    pages = sorted(offline_copy.rglob("*.html"))
    assert (offline_copy / "index.html").is_file() and (offline_copy / "track.html").is_file()
    assert not (offline_copy / "track").exists()  # a page is a file: no folder to show as a listing
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'' in html, page
        assert not re.search(r"<script[^>]*\ssrc=[\"']?(?:[a-z]+:)?//", html), page  # no script from another host
        assert 'rel="canonical"' not in html, page  # its pages are files (about.html), not the web's addresses
    assert (offline_copy / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index = {")
    shard = (offline_copy / "tracking" / "2026.js").read_text(encoding="utf-8")
    assert shard.startswith('window.__yzTracking = window.__yzTracking || {};\nwindow.__yzTracking["2026"] = {')



class _Links(HTMLParser):
    """Every address a page refers to: links, scripts, stylesheets, images, forms."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v for k, v in attrs if k in ("href", "src", "action", "poster") and v is not None]


def test_every_address_in_the_copy_is_a_file_in_the_copy_or_a_web_address(offline_copy: Path) -> None:
    """A copy opened from disk has no server: "/x" is the disk's root and "x/" a folder. So every page
    (404.html too: MkDocs writes its links from the server's root) refers only to files inside the
    copy, by relative path, or to addresses on the web (and geo: for the map apps)."""
    root = offline_copy.resolve()
    wrong: list[str] = []
    pages = sorted(root.rglob("*.html"))
    for page in pages:
        links = _Links()
        links.feed(page.read_text(encoding="utf-8"))
        for url in links.urls:
            parts = urlsplit(url)
            if parts.scheme in ("https", "http", "mailto", "tel", "geo"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            inside = target.is_relative_to(root) and target.is_file()
            if parts.scheme or parts.netloc or url.startswith("/") or not inside:
                wrong.append(f"{page.relative_to(root).as_posix()}: {url}")
    assert len(pages) > 200 and wrong == []
    registry = load(CONTENT)
    data = (root / "data" / "index.html").read_text(encoding="utf-8")  # the copy's newest version is on the web
    assert f'href="{registry.site.address}{OFFLINE_NAME}"' in data



def test_an_error_page_is_made_relative_to_the_copy_s_root_and_nothing_else_changes() -> None:
    """Its addresses (and the theme script holding its base, with that script's hash in the policy)."""
    scope, scope_here = 'new URL("/",location)', 'new URL(".",location)'
    page = (
        f'<meta content="script-src {csp.sha256(scope)} {csp.sha256("x")}">'
        f'<link rel="icon" href="/assets/images/favicon.png"><script>{scope}</script><script>x</script>'
        '<a href="/" title="首页"><svg><path d="M3 6h18v2H3z"/></svg></a><a href="/track.html">查询</a>'
        '<a href="https://example.org/a/">外</a><a href="//evil.example/">x</a><p>“/不是地址”</p>'
        '<script id="__config" type="application/json">{"base": "/", "search": "/assets/w.js"}</script>'
    )
    assert from_the_root(page) == (
        f'<meta content="script-src {csp.sha256(scope_here)} {csp.sha256("x")}">'
        f'<link rel="icon" href="assets/images/favicon.png"><script>{scope_here}</script><script>x</script>'
        '<a href="index.html" title="首页"><svg><path d="M3 6h18v2H3z"/></svg></a><a href="track.html">查询</a>'
        '<a href="https://example.org/a/">外</a><a href="//evil.example/">x</a><p>“/不是地址”</p>'
        '<script id="__config" type="application/json">{"base": ".", "search": "assets/w.js"}</script>'
    )


@dataclass
class Disk:
    root: str  # file:///…/街道议政代表会议网站/
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        outside = [url for url in self.requests if not url.startswith(self.root)]
        assert outside == [], f"requests outside the copy: {outside}"
        assert self.problems == [], self.problems


@pytest.fixture
def disk(browser: object, offline_copy: Path) -> Iterator[tuple[object, Disk]]:
    context = browser.new_context(**PHONE)
    watch = Disk(offline_copy.as_uri() + "/")
    context.add_init_script(WATCH_SCRIPT)
    context.on("request", lambda request: watch.requests.append(request.url))
    context.on("console", lambda m: watch.problems.append(m.text) if m.text.startswith(REFUSED) else None)
    page = context.new_page()
    page.on("pageerror", lambda error: watch.problems.append(f"page error: {error}"))
    yield page, watch
    context.close()


def test_links_open_pages_not_folders(disk: tuple[object, Disk], offline_copy: Path) -> None:
    page, watch = disk
    page.goto((offline_copy / "index.html").as_uri())
    for start in ("index.html", "stations/index.html", "four-ones/index.html"):
        page.goto((offline_copy / start).as_uri())
        hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        local = [h.split("#")[0].split("?")[0] for h in hrefs if h.startswith("file:")]
        assert local, start
        for href in local:
            assert href.endswith((".html", ".json", ".csv", ".xml", ".svg", ".zip")), f"{start}: {href}"
    page.goto((offline_copy / "stations" / "index.html").as_uri())
    page.locator("article a", has_text="各站点位置和距离").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/stations/nearby/index.html") and page.locator("h1").inner_text() == "联络站点位置"
    watch.assert_clean()



def test_the_not_found_page_opened_from_disk_leads_home_to_the_copy(
    disk: tuple[object, Disk], offline_copy: Path
) -> None:
    page, watch = disk
    page.goto((offline_copy / "404.html").as_uri())
    assert page.locator("h1").inner_text() == "没有找到这个页面"
    page.locator("article a", has_text="回到首页").click()
    page.wait_for_load_state("load")
    assert page.url == (offline_copy / "index.html").as_uri()
    watch.assert_clean()  # its stylesheets and scripts too came from the copy, not the disk's root


def test_search_works_from_disk(disk: tuple[object, Disk], offline_copy: Path) -> None:
    page, watch = disk
    page.goto((offline_copy / "index.html").as_uri())
    page.locator('label[for="__search"]').first.click()
    box = page.locator("input.md-search__input")
    box.fill("天桥")
    box.press("End")
    link = page.locator('.md-search-result__link[href*="cases/beiqu-market-footbridge.html"]').first
    link.wait_for(state="attached", timeout=30_000)
    assert "天桥" in link.inner_text()
    box.fill("2026w42")  # a tracking number typed into the search box leads to the tracking page's file
    hint = page.locator("#yz-search-number")
    hint.wait_for(state="attached")
    assert hint.get_attribute("href").endswith("/track.html?no=2026-W0042")
    watch.assert_clean()


def test_tracking_works_from_disk(disk: tuple[object, Disk], offline_copy: Path) -> None:
    page, watch = disk
    registry = load(CONTENT)
    number, suggestion = min((i, s) for i, s in registry.suggestions.items() if registry.handling[i].published)
    page.goto((offline_copy / "track.html").as_uri())
    page.fill("#yz-track-number", number)
    page.locator('#yz-track button[type="submit"]').click()
    page.wait_for_function("() => !document.querySelector('#yz-track-result').textContent.includes('正在查询')")
    assert f"目前状态：{suggestion.status.value}" in page.locator("#yz-track-result").inner_text()
    page.locator("#yz-track-result a", has_text="查看这条意见建议的全文和答复").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/suggestions/{number[:4]}/{number}.html")
    watch.assert_clean()


def test_the_pages_workflow_builds_and_publishes_the_archive() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert f".venv/bin/yizheng build --site-dir site --offline-archive site/{OFFLINE_NAME}" in runs
    assert re.search(r"path: site\b", (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))


def test_the_privacy_scan_reads_the_offline_scripts_as_the_json_they_hold() -> None:
    """search_index.js and tracking/<year>.js hold the same JSON as their .json files: read the same way, so a
    table's counts joined by spaces (合计 150 2500 2480 …) are no card number, and a phone is still a phone."""
    from yizheng.privacy.scan import scan_file

    counts = json.dumps({"docs": [{"text": "合计 6222 0212 3456 7890"}]})  # as the index joins a table's cells
    assert scan_file("search/search_index.js", f"var __index = {counts}".encode()) == []
    assert scan_file("search/search_index.json", counts.encode()) == []
    assert [leak.kind.name for leak in scan_file("notes.js", f"var __index = {counts}".encode())] == ["BANK_CARD"]
    phone = json.dumps({"docs": [{"text": "<p>联系 13812345678</p>"}]})
    assert [leak.kind.name for leak in scan_file("search/search_index.js", f"var __index = {phone}".encode())] == ["MOBILE"]
    shard = json.dumps({"2026-W0001": {"status": "已受理 13812345678"}}, ensure_ascii=False)
    script = f'window.__yzTracking = window.__yzTracking || {{}};\nwindow.__yzTracking["2026"] = {shard};\n'
    assert [leak.kind.name for leak in scan_file("tracking/2026.js", script.encode())] == ["MOBILE"]
