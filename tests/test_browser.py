"""The site in a real browser: the system's Chromium, driven by Playwright.

One build of content/ (with YIZHENG_TODAY=2026-11-27) and one browser for the
whole session (tests/conftest.py); the site is served by a small threaded
http.server on 127.0.0.1 (tests/browsing.py). Every page is opened under a
watch that lets only the local server through and records (and aborts)
anything else: the dynamic side of tests/test_site_offline.py. The watch also
records every Content-Security-Policy violation and every dialog: each test
that acts on a page (search, the tracking lookup, 大字模式, the menu) checks
that the policy refused nothing while it did.

Chromium comes from the system (Debian: `apt-get install chromium`), never
from `playwright install`. Without it these tests are skipped, or fail when
YIZHENG_REQUIRE_BROWSER=1 (as CI sets it).

To test one more kind of page, add one line to PAGES.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from browsing import DESKTOP, PHONE, Watch, serve

from yizheng.loader import load
from yizheng.models.lifecycle import Status
from yizheng.registry import Registry
from yizheng.site.context import SiteContext

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
TODAY = "2026-11-27"

LARGE_TEXT_KEY = "yizheng.largeText"


# --- which pages ---------------------------------------------------------------

Resolver = Callable[[Path, Registry], str]


def md_url(page: str) -> str:
    """A generated Markdown page's URL below the site root (use_directory_urls: a.md → a/, a/index.md → a/)."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return stem


def fixed(page: str) -> Resolver:
    """A page whose path is known: its Markdown path."""
    return lambda site, registry: md_url(page)


def record(kind: str, keep: Callable[[object], bool] = lambda r: True) -> Resolver:
    """The page of the first record of a kind (by id) that `keep` accepts, as the generator places it."""

    def resolve(site: Path, registry: Registry) -> str:
        records = getattr(registry, kind + "s")
        ids = sorted(i for i, r in records.items() if keep(r))
        assert ids, f"content/ has no {kind} to test"
        ctx = SiteContext(registry=registry, today=dt.date.fromisoformat(TODAY), built_at="")
        return md_url(ctx.page_of(kind, ids[0]))

    return resolve


def built(pattern: str) -> Resolver:
    """The first built page matching a glob below the site folder."""

    def resolve(site: Path, registry: Registry) -> str:
        found = sorted(site.glob(pattern))
        assert found, f"no built page matches {pattern}"
        return md_url(found[0].relative_to(site).as_posix().removesuffix(".html") + ".md")

    return resolve


PAGES: dict[str, Resolver] = {
    "home": fixed("index.md"),
    "representatives": fixed("representatives/index.md"),
    "representative": record("representative"),
    "stations": fixed("stations/index.md"),
    "station": record("station"),
    "rules": fixed("rules/index.md"),
    "rule": record("rule"),
    "meetings": fixed("meetings/index.md"),
    "meeting calendar": built("meetings/*/[0-9][0-9][0-9][0-9]/index.html"),
    "meeting": record("meeting"),
    "cases": fixed("cases/index.md"),
    "case": record("case"),
    "suggestions": fixed("suggestions/index.md"),
    "suggestion listing": built("suggestions/status/*/index.html"),
    "suggestion": record("suggestion", lambda s: s.published),
    "track": fixed("track.md"),
    "statistics": fixed("statistics.md"),
    "data": fixed("data/index.md"),
    "four ones": fixed("four-ones/index.md"),
    "cards": fixed("stations/cards/hualong/index.md"),
    "suggest": fixed("suggest.md"),
    "communities": fixed("communities/index.md"),
    "community": fixed("communities/longxing.md"),
}

ON_DESKTOP_TOO = ["home", "case", "suggestion listing"]
"""Page types that axe-core also checks at desktop width, where the sidebars and the header search field show."""


# --- the site, the server, the browser ----------------------------------------------


@dataclass
class Site:
    folder: Path
    base: str  # http://127.0.0.1:PORT/yizheng/
    registry: Registry
    paths: dict[str, str] = field(default_factory=dict)  # page type → URL path below base

    def url(self, page_type: str) -> str:
        return self.base + self.paths[page_type]


@pytest.fixture(scope="session")
def site(chromium: str, built_site: Path) -> Iterator[Site]:
    """content/ built once (see conftest), served on 127.0.0.1 at a free port for the whole session,
    under the path of the site's public address (/yizheng/ of https://honggu-npc.github.io/yizheng/),
    as GitHub Pages serves it."""
    folder = built_site
    registry = load(CONTENT)
    with serve(folder, path=urlsplit(registry.site.address).path) as base:
        served = Site(folder, base, registry)
        served.paths = {name: resolve(folder, registry) for name, resolve in PAGES.items()}
        for name, path in served.paths.items():
            assert (folder / path / "index.html").is_file(), f"{name}: {path}index.html was not built"
        yield served


@dataclass
class Tab:
    context: object
    page: object
    recorder: Watch


def _open(browser: object, site: Site, page_type: str, device: dict, wait: str = "networkidle") -> Tab:
    """A page in a new browser context; by default once the network is quiet (the search worker included)."""
    context = browser.new_context(**device)
    recorder = Watch(site.base).attach(context)
    page = context.new_page()
    page.goto(site.url(page_type), wait_until=wait)
    return Tab(context, page, recorder)


@pytest.fixture
def open_page(browser: object, site: Site) -> Iterator[Callable[..., Tab]]:
    """Opens a page type in a fresh context (phone or desktop), every request recorded.

    The tests that use it act on the page, so they need not wait for the network
    to be quiet: the page-type tests below check that every page loads nothing
    from elsewhere, search worker included.
    """
    tabs: list[Tab] = []

    def open_(page_type: str, device: dict = PHONE, wait: str = "load") -> Tab:
        tabs.append(_open(browser, site, page_type, device, wait))
        return tabs[-1]

    yield open_
    for tab in tabs:
        tab.context.close()


@pytest.fixture(scope="session")
def loaded(browser: object, site: Site) -> Iterator[Callable[[str, str], Tab]]:
    """A page type opened once per device and kept for the session: the page-type tests only read it.

    While one page is awaited, the next page type is already loading in its own
    context, so the half second of network quiet each page waits for overlaps.
    """
    tabs: dict[tuple[str, str], Tab] = {}
    ready: set[tuple[str, str]] = set()
    order = [(t, "phone") for t in PAGES] + [(t, "desktop") for t in ON_DESKTOP_TOO]

    def start(key: tuple[str, str]) -> None:
        if key not in tabs:
            tabs[key] = _open(browser, site, key[0], PHONE if key[1] == "phone" else DESKTOP, "commit")

    def get(page_type: str, device: str = "phone") -> Tab:
        key = (page_type, device)
        start(key)
        if key in order and order.index(key) + 1 < len(order):
            start(order[order.index(key) + 1])
        if key not in ready:
            tabs[key].page.wait_for_load_state("networkidle")
            ready.add(key)
        return tabs[key]

    yield get
    for tab in tabs.values():
        tab.context.close()


# --- (a) the home page on a phone ---------------------------------------------------------


def test_home_page_reads_well_on_a_phone(open_page: Callable[..., Tab], site: Site) -> None:
    tab = open_page("home", PHONE, "networkidle")
    page = tab.page
    h1 = page.locator("article h1").first
    assert h1.is_visible()
    assert site.registry.site.district.name in h1.inner_text()
    assert px(page, "getComputedStyle(document.body).fontSize") >= 18
    text = page.locator("article > p").first
    assert text.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 18
    assert text.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) / parseFloat(getComputedStyle(e).fontSize)") >= 1.5
    assert px(page, "document.scrollingElement.scrollWidth") <= 390
    # The header names the district, and the 大字模式 switch is visible and big enough to tap.
    assert site.registry.site.district.name in page.locator(".yz-masthead").inner_text()
    box = page.locator("#yz-textsize").bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44
    tab.recorder.assert_clean()


def px(page: object, expression: str) -> float:
    return float(page.evaluate(f"parseFloat({expression})"))


# --- (b) search in Chinese ------------------------------------------------------------------


SEARCHES = [
    ("天桥", "case", "beiqu-market-footbridge"),
    ("高永福", "representative", "hl-015"),
    ("农贸市场", "station", "hl-market-post"),
]
"""Chinese words typed into the search box, each with the record whose page it must find: a word inside a case's
title, a representative's full name, a word inside a station's name. Both engines' sites are searched with these
(here, and tests/test_zensical_browser.py)."""


def searched(registry: Registry) -> list[tuple[str, str]]:
    """Each query of SEARCHES with the URL path (below the site root) of the page it must find."""
    ctx = SiteContext(registry=registry, today=dt.date.fromisoformat(TODAY), built_at="")
    found = []
    for query, kind, record_id in SEARCHES:
        item = getattr(registry, kind + "s")[record_id]
        assert query in (getattr(item, "title", None) or item.name), f"{record_id} does not hold {query}"
        found.append((query, md_url(ctx.page_of(kind, record_id))))
    return found


def test_chinese_search_finds_each_page(open_page: Callable[..., Tab], site: Site) -> None:
    tab = open_page("home")
    page = tab.page
    page.locator('label[for="__search"]').first.click()
    box = page.locator("input.md-search__input")
    for query, path in searched(site.registry):
        box.fill(query)
        box.press("End")  # Material searches on keyup, as after typing with an input method
        link = page.locator(f'.md-search-result__link[href*="{path}"]').first
        link.wait_for(state="attached", timeout=30_000)
        # jieba splits words with zero-width spaces in the index (高\u200b永福); a reader sees none
        assert query in link.inner_text().replace("\u200b", ""), query
    tab.recorder.assert_clean()


def test_search_index_is_loaded_on_first_use_of_the_search_box_not_on_opening(open_page: Callable[..., Tab]) -> None:
    """head.js holds Material's request for the index (the largest download at district scale) until
    the search box is used; the search itself is test_chinese_search_finds_each_page."""
    tab = open_page("home", PHONE, "networkidle")
    assert_index_held_until_the_search_box_is_used(tab.page, "/search/search_index.json")
    tab.recorder.assert_clean()


def assert_index_held_until_the_search_box_is_used(page: object, index: str) -> None:
    """On a page opened once the network is quiet: the theme's bundle ran, but the search index (its address
    ends with `index`) is downloaded only after the search box is tapped (both engines' sites)."""
    loaded = f"() => performance.getEntriesByType('resource').some(e => e.name.endsWith({index!r}))"
    assert page.evaluate("() => performance.getEntriesByType('resource').some(e => e.name.includes('/assets/javascripts/bundle.'))")
    assert not page.evaluate(loaded)
    page.locator('label[for="__search"]').first.click()
    page.wait_for_function(loaded, timeout=10_000)


# --- (c) the tracking page --------------------------------------------------------------------


def _lookup(tab: Tab, number: str) -> str:
    page = tab.page
    page.fill("#yz-track-number", number)
    page.locator('#yz-track button[type="submit"]').click()
    result = page.locator("#yz-track-result")
    page.wait_for_function("() => !document.querySelector('#yz-track-result').textContent.includes('正在查询')")
    return result.inner_text()


def test_tracking_finds_an_open_suggestion(open_page: Callable[..., Tab], site: Site) -> None:
    number = min(i for i, s in site.registry.suggestions.items() if s.status == Status.IN_PROGRESS and not s.published)
    tab = open_page("track")
    text = _lookup(tab, number)
    assert f"查询编号 {number}" in text
    assert "目前状态：办理中" in text
    # An unpublished suggestion shows its number and dates only, never a link to its text.
    assert "查看这条意见建议的全文和答复" not in text
    assert site.registry.suggestions[number].title not in tab.page.content()
    tab.recorder.assert_clean()


def test_tracking_finds_a_published_suggestion(open_page: Callable[..., Tab], site: Site) -> None:
    number, suggestion = min((i, s) for i, s in site.registry.suggestions.items() if s.published)
    tab = open_page("track")
    text = _lookup(tab, number.lower())  # typed in lower case: the page reads it all the same
    assert f"目前状态：{suggestion.status.value}" in text
    link = tab.page.locator("#yz-track-result a", has_text="查看这条意见建议的全文和答复")
    link.click()
    tab.page.wait_for_load_state()
    assert tab.page.url.endswith(f"/suggestions/{number[:4]}/{number}/")
    tab.recorder.assert_clean()


def test_tracking_says_when_a_number_is_unknown(open_page: Callable[..., Tab], site: Site) -> None:
    unknown = "2026-W9999"
    assert unknown not in site.registry.suggestions
    tab = open_page("track")
    assert "没有找到编号为 2026-W9999 的意见建议" in _lookup(tab, unknown)
    tab.recorder.assert_clean()


# --- (d) every page type: nothing but the local server, fits a phone -------------------------------


@pytest.mark.parametrize("page_type", list(PAGES))
def test_page_loads_only_from_the_site(loaded: Callable[[str, str], Tab], page_type: str) -> None:
    tab = loaded(page_type)
    page = tab.page
    tab.recorder.assert_clean(page_type)
    assert page.locator("article h1").first.is_visible(), f"{page_type}: no visible heading"
    width = px(page, "document.scrollingElement.scrollWidth")
    assert width <= 390, f"{page_type}: the page scrolls sideways on a phone ({width}px wide)"


# --- (e) accessibility: axe-core on every page type ---------------------------------------------------

SERIOUS = {"serious", "critical"}


@pytest.mark.parametrize(
    ("page_type", "device"), [(t, "phone") for t in PAGES] + [(t, "desktop") for t in ON_DESKTOP_TOO]
)
def test_no_serious_accessibility_violation(loaded: Callable[[str, str], Tab], page_type: str, device: str) -> None:
    tab = loaded(page_type, device)
    problems = serious_violations(tab.page)
    assert not problems, f"{page_type} ({device}):\n" + "\n".join(problems)
    tab.recorder.assert_clean()


def serious_violations(page: object) -> list[str]:
    """What axe-core finds serious or critical on the page, one text each (rule, help, the first elements)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(str(n["target"]) for n in v["nodes"][:8])
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


# --- (f) 大字模式 -------------------------------------------------------------------------------


def test_large_text_switch_enlarges_and_persists(open_page: Callable[..., Tab]) -> None:
    tab = open_page("home")
    page = tab.page
    paragraph = "document.querySelector('article > p')"
    before = px(page, f"getComputedStyle({paragraph}).fontSize")
    button = page.locator("#yz-textsize")
    assert button.is_visible() and button.get_attribute("aria-pressed") == "false"
    button.focus()
    page.keyboard.press("Enter")  # works from the keyboard
    assert button.get_attribute("aria-pressed") == "true"
    larger = px(page, f"getComputedStyle({paragraph}).fontSize")
    assert larger >= before * 1.15
    assert px(page, "document.scrollingElement.scrollWidth") <= 390
    assert page.evaluate(f"localStorage.getItem('{LARGE_TEXT_KEY}')") == "1"

    page.reload()
    assert px(page, f"getComputedStyle({paragraph}).fontSize") == larger
    assert page.locator("#yz-textsize").get_attribute("aria-pressed") == "true"

    page.locator("#yz-textsize").press("Space")  # and off again
    assert px(page, f"getComputedStyle({paragraph}).fontSize") == before
    page.reload()
    assert px(page, f"getComputedStyle({paragraph}).fontSize") == before
    tab.recorder.assert_clean()


_SIZES = """sel => [...document.querySelectorAll(sel)].filter(e => e.checkVisibility()).map(e => {
    const r = e.getBoundingClientRect();
    return [e.textContent.trim().slice(0, 12) || e.getAttribute("aria-label") || e.className, r.width, r.height];
})"""


def _too_small(page: object, selector: str, width: bool) -> list[tuple[str, float, float]]:
    sizes = page.evaluate(_SIZES, selector)
    assert sizes, f"nothing visible matches {selector}"
    return [s for s in sizes if s[2] < 44 or (width and s[1] < 44)]


def test_tap_targets_are_at_least_44px(open_page: Callable[..., Tab]) -> None:
    tabs: list[Tab] = []

    def open_(page_type: str) -> object:
        tabs.append(open_page(page_type))
        return tabs[-1].page

    assert_tap_targets(open_)
    for tab in tabs:
        tab.recorder.assert_clean()


def assert_tap_targets(open_: Callable[[str], object]) -> None:
    """Buttons 44×44 px; menu links, links in tables and under a record at least 44 px tall.
    `open_` opens a page type on a phone and gives the page (both engines' sites are checked with this)."""
    page = open_("case")
    assert _too_small(page, ".md-header__button, #yz-textsize", width=True) == []
    assert _too_small(page, ".yz-record-footer a", width=False) == []
    page.locator('.md-header label[for="__drawer"]').click()
    page.locator(".md-nav--primary .md-nav__link").first.wait_for(state="visible")
    assert _too_small(page, ".md-nav--primary .md-nav__link", width=False) == []
    listing = open_("suggestion listing")
    assert _too_small(listing, "article td a", width=False) == []


def test_pages_read_without_javascript(browser: object, site: Site) -> None:
    """No script: the text is all there and large; only the switch (which needs a script) is hidden."""
    context = browser.new_context(java_script_enabled=False, **PHONE)
    try:
        page = context.new_page()
        page.goto(site.url("home"))
        assert page.locator("article h1").first.is_visible()
        assert px(page, "getComputedStyle(document.querySelector('article > p')).fontSize") >= 18
        assert not page.locator("#yz-textsize").is_visible()
    finally:
        context.close()


def test_print_hides_the_chrome_and_shows_repository_addresses(open_page: Callable[..., Tab], site: Site) -> None:
    tab = open_page("case", DESKTOP)
    page = tab.page
    page.emulate_media(media="print")
    for chrome in (".md-header", ".yz-masthead", ".md-sidebar--primary", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("article h1").first.is_visible()
    repo_link = page.locator(f'article a[href^="{site.registry.site.repository}"]').first
    after = repo_link.evaluate("a => getComputedStyle(a, '::after').content")
    assert site.registry.site.repository in after
    assert re.fullmatch(r"rgb\(0, 0, 0\)", page.evaluate("getComputedStyle(document.querySelector('article > p')).color"))
    tab.recorder.assert_clean()


def test_cards_print_six_to_an_a4_sheet(open_page: Callable[..., Tab], site: Site) -> None:
    """连心卡 printed to PDF by Chromium: ceil(cards / 6) A4 pages, each card whole on its page, QR codes drawn."""
    from pypdf import PdfReader

    tab = open_page("cards", PHONE, "networkidle")
    page = tab.page
    cards = page.locator(".yz-card")
    count = cards.count()
    assert count > 6  # the example street has more than one sheet
    phones = [re.findall(r"0931-\d{7}", text) for text in cards.all_inner_texts()]
    assert page.evaluate("[...document.querySelectorAll('img.yz-card__qr')].every(i => i.complete && i.naturalWidth > 0)")
    page.emulate_media(media="print")
    boxes = [cards.nth(i).bounding_box() for i in range(count)]
    assert len({round(b["x"]) for b in boxes}) == 2  # two columns
    assert len({round(b["height"]) for b in boxes}) == 1  # every card the same height
    assert not page.locator("h1").first.is_visible() and not page.locator(".yz-no-print").first.is_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert len(pdf.pages) == -(-count // 6)
    for number, sheet in enumerate(pdf.pages):
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1.5, (width, height)  # A4: 210 × 297 mm in points
        text = sheet.extract_text()
        for card in phones[number * 6 : number * 6 + 6]:
            assert all(phone in text for phone in card), (number, card)
    tab.recorder.assert_clean()


# --- (g) the Content-Security-Policy: the theme's scripts run, nothing injected does ---------------

POLICY = 'meta[http-equiv="Content-Security-Policy"]'


def test_the_not_found_page_runs_under_the_policy(browser: object, site: Site) -> None:
    """404.html is written by MkDocs from a theme template, not as a page: it carries the policy all the same."""
    context = browser.new_context(**PHONE)
    try:
        watch = Watch(site.base).attach(context)
        page = context.new_page()
        page.goto(site.base + "404.html", wait_until="networkidle")
        assert page.locator(POLICY).count() == 1
        assert page.locator("article h1").inner_text() == "没有找到这个页面"
        home = page.locator("article a", has_text="回到首页")
        home.click()
        page.wait_for_load_state("networkidle")
        assert page.url == site.base, page.url  # the site's root under its path (site_url), not the server's
        page.goto(site.base + "404.html", wait_until="networkidle")
        assert page.evaluate("typeof __md_get") == "function"  # Material's hashed inline script ran
        page.locator("#yz-textsize").click()  # yizheng.js runs
        assert page.evaluate("document.documentElement.classList.contains('yz-large')")
        watch.assert_clean("404.html")
    finally:
        context.close()


MISSING = ("no-such-page/", "suggestions/2026/2026-W9999/", "cases/a/b/c.html")
"""Addresses that are not on the site, at depths 1 to 4: the host answers each with 404.html."""


def test_a_missing_address_under_the_site_s_path_shows_the_whole_not_found_page(browser: object, site: Site) -> None:
    """GitHub Pages serves the site under the repository's path (/yizheng/) and answers every unknown
    address, at any depth, with 404.html. There the page must look and work like every other page: its
    stylesheets and scripts come from the site (nothing fails, nothing leaves 127.0.0.1), and its
    links, 回到首页 and the search box (words, and a tracking number) lead to pages under /yizheng/."""
    path = urlsplit(site.base).path
    assert path == urlsplit(site.registry.site.address).path and path != "/"
    context = browser.new_context(**PHONE)
    failed: list[str] = []
    context.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    context.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    try:
        watch = Watch(site.base).attach(context)
        page = context.new_page()
        links: set[str] = set()
        for missing in MISSING:
            response = page.goto(site.base + missing, wait_until="networkidle")
            assert response is not None and response.status == 404
            assert page.locator("article h1").inner_text() == "没有找到这个页面"
            # Material's stylesheet and ours both apply: the header in the site's red (yizheng.css's palette).
            assert page.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(155, 28, 28)"
            assert page.evaluate("typeof __md_get") == "function"  # Material's hashed inline script ran
            links |= set(page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"))
        # The header, the navigation and 回到首页: the pages of mkdocs.yml's nav, each under /yizheng/.
        local = {url.split("#")[0] for url in links if urlsplit(url).netloc == urlsplit(site.base).netloc}
        nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
        files = [next(iter(entry.values())) for entry in nav]  # index.md, about.md, cases/index.md, …
        pages = {f.removesuffix("index.md") if f.endswith("index.md") else f.removesuffix(".md") + "/" for f in files}
        assert local == {site.base + page for page in pages} and len(local) == 14
        for url in sorted(local):
            assert context.request.get(url).status == 200, url
        page.locator("#yz-textsize").click()  # yizheng.js runs
        assert page.evaluate("document.documentElement.classList.contains('yz-large')")
        page.locator('label[for="__search"]').first.click()
        box = page.locator("input.md-search__input")
        box.fill("天桥")
        box.press("End")  # Material searches on keyup
        found = page.locator('.md-search-result__link[href*="cases/beiqu-market-footbridge/"]').first
        found.wait_for(state="attached", timeout=30_000)
        assert found.evaluate("a => a.origin + a.pathname") == site.base + "cases/beiqu-market-footbridge/"  # ?h=天桥 aside
        box.fill("2026w42")
        box.press("End")
        assert page.locator("#yz-search-number").evaluate("a => a.href") == site.base + "track/?no=2026-W0042"
        page.goto(site.base + MISSING[0], wait_until="load")
        page.locator("article a", has_text="回到首页").click()
        page.wait_for_load_state("networkidle")
        assert page.url == site.base
        assert page.locator("article h1").first.is_visible()
        # Nothing failed but the missing pages themselves: Material's look for a sitemap.xml beside each
        # <link rel=alternate> (the two feed links) finds feeds/sitemap.xml (pages/feeds.py).
        assert failed == [f"404 {site.base}{m}" for m in (*MISSING, MISSING[0])]
        watch.assert_clean("404.html")
    finally:
        context.close()


INJECTED = (
    '<script>window.__yz_pwned = "inline script";</script>'
    '<img id="yz-injected-img" src="/assets/images/favicon.png" alt="" onload="window.__yz_pwned = \'onload\'">'
    '<p><a id="yz-injected-link" href="javascript:void(window.__yz_pwned=\'javascript: link\')">链接</a></p>'
    '<p><button id="yz-injected-button" onclick="window.__yz_pwned=\'onclick\'">按钮</button></p>'
    '<p id="yz-injected-style" style="color: rgb(255, 0, 0)">红字</p>'
    "<style>#yz-injected-style { font-size: 99px }</style>"
)
"""What a record could carry if escaping failed: each piece must be refused by the policy, not run."""


def test_injected_script_handlers_and_styles_are_refused(browser: object, site: Site, tmp_path: Path) -> None:
    """A built case page, doctored with an inline script, inline handlers, a javascript: link and styles."""
    assert_injections_refused(browser, site.folder, site.paths["case"], tmp_path)


def assert_injections_refused(browser: object, folder: Path, case: str, tmp_path: Path) -> None:
    """The page at `case` below the site `folder`, doctored with INJECTED and served in its place: each piece
    is refused and reported, and the page still works (both engines' sites are checked with this)."""
    html = (folder / case / "index.html").read_text(encoding="utf-8")
    anchor = '<article class="md-content__inner md-typeset">'
    assert html.count(anchor) == 1
    doctored = tmp_path / case / "index.html"
    doctored.parent.mkdir(parents=True)
    doctored.write_text(html.replace(anchor, anchor + INJECTED), encoding="utf-8")
    with serve(folder, overlay=tmp_path) as base:
        context = browser.new_context(**PHONE)
        try:
            watch = Watch(base).attach(context)
            page = context.new_page()
            page.goto(base + case, wait_until="load")
            assert page.locator("#yz-injected-img").evaluate("img => img.complete && img.naturalWidth > 0")
            assert page.evaluate("window.__yz_pwned") is None
            page.locator("#yz-injected-button").click()
            assert page.evaluate("window.__yz_pwned") is None
            page.locator("#yz-injected-link").click()
            page.wait_for_timeout(100)
            assert page.evaluate("window.__yz_pwned") is None
            styled = page.locator("#yz-injected-style")
            assert styled.evaluate("p => [getComputedStyle(p).color, getComputedStyle(p).fontSize]") == [
                page.locator("article > p").last.evaluate("p => getComputedStyle(p).color"),
                page.locator("article > p").last.evaluate("p => getComputedStyle(p).fontSize"),
            ]
            # The page still works: the theme's hashed inline scripts and the site's files ran.
            assert page.evaluate("typeof __md_get") == "function"
            assert page.locator("#yz-textsize").is_visible()
            # Each piece was refused, and said so: the event and Chromium's own report.
            assert sorted(watch.refused) == [
                "script-src-attr inline",  # onclick
                "script-src-attr inline",  # onload
                "script-src-elem inline",  # <script>
                "script-src-elem inline",  # javascript: link
                "style-src-attr inline",
                "style-src-elem inline",
            ]
            assert len(watch.reported) == 6
            assert watch.left == [] and watch.dialogs == []
        finally:
            context.close()


# --- (h) residents: 提意见建议 and 找代表 within two taps of the home page, the search box, feeds -------


def test_the_form_or_the_offline_route_is_two_taps_from_home_on_a_phone(open_page: Callable[..., Tab], site: Site) -> None:
    tab = open_page("home", PHONE, "load")
    page = tab.page
    # On the first screen: the header's entry (on every page) and the home page's own button, both big enough.
    for entry in (page.locator(".yz-masthead .yz-suggest"), page.locator("article .yz-big-button", has_text="提意见建议")):
        box = entry.bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44 and box["y"] + box["height"] <= 844, box
    page.locator(".yz-masthead .yz-suggest").click()  # tap 1
    page.wait_for_load_state()
    assert page.url == site.url("suggest")
    form = page.locator("article a.yz-big-button", has_text="打开网上表单")  # tap 2 leaves for GitHub's form
    assert form.get_attribute("href") == f"{site.registry.site.repository}/issues/new?template=suggestion.yml"
    assert form.is_visible() and form.bounding_box()["height"] >= 44
    page.locator("article a", has_text="不上网，当面或打电话反映").first.click()  # or tap 2: the offline route
    offline = page.locator("#offline")
    page.wait_for_function("() => location.hash === '#offline'")
    assert offline.evaluate("h => h.getBoundingClientRect().top < window.innerHeight")
    # Each street's own 联络站点 with a public phone is listed with a number to tap; the communities' are
    # one tap further, on the community's page, the same way.
    stations = site.registry.stations.values()
    phones = sorted(s.phone for s in stations if s.phone and s.community is None)
    tels = page.locator('article a[href^="tel:"]')
    assert phones and sorted(tels.all_inner_texts()) == phones
    assert min(tels.evaluate_all("links => links.map(a => a.getBoundingClientRect().height)")) >= 44
    community = next(s for s in sorted(stations, key=lambda s: s.id) if s.phone and s.community is not None)
    name = site.registry.index.communities[community.community].name
    page.locator("article a", has_text=name).first.click()
    page.wait_for_load_state()
    assert page.url == site.base + f"communities/{community.community}/"
    assert community.phone in page.locator('article a[href^="tel:"]').all_inner_texts()
    tab.recorder.assert_clean()


def test_the_header_entry_stays_big_in_large_text_mode(open_page: Callable[..., Tab]) -> None:
    tab = open_page("community")
    page = tab.page
    page.locator("#yz-textsize").click()
    box = page.locator(".yz-masthead .yz-suggest").bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44
    assert px(page, "document.scrollingElement.scrollWidth") <= 390
    tab.recorder.assert_clean()


def test_a_community_is_chosen_in_two_taps_without_javascript(browser: object, site: Site) -> None:
    context = browser.new_context(java_script_enabled=False, **PHONE)
    try:
        page = context.new_page()
        page.goto(site.url("home"))
        street = site.registry.site.streets[0]
        community = street.communities[2]
        page.locator("details.yz-chooser summary", has_text=street.name).click()  # tap 1: the street opens
        choice = page.locator("details.yz-chooser a", has_text=community.name)
        assert choice.bounding_box()["height"] >= 44
        choice.click()  # tap 2
        page.wait_for_load_state()
        assert page.url == site.base + f"communities/{community.id}/"
        assert page.locator("article h1").inner_text() == f"{community.name}（{street.name}）"
        assert page.locator("article .yz-station-card").count() >= 1
    finally:
        context.close()


NUMBER_SEARCHES = [
    ("２０２６－ｗ００４７", "2026-W0047", ["目前状态：已答复（已评价，等待办结）", "满意度评价：满意"]),
    ("2026 x 9", "2026-X0009", ["目前状态：不予受理", "不予受理的理由："]),
]
"""A tracking number typed into the search box (full-width, or with spaces), what it reads as, and lines its result shows."""


@pytest.mark.parametrize(("typed", "number", "shown"), NUMBER_SEARCHES)
def test_a_number_typed_into_the_search_box_leads_to_its_result(
    open_page: Callable[..., Tab], site: Site, typed: str, number: str, shown: list[str]
) -> None:
    tab = open_page("community")
    assert_a_number_leads_to_its_result(tab.page, site.base, "input.md-search__input", site.registry, typed, number, shown)
    tab.recorder.assert_clean()


def assert_a_number_leads_to_its_result(
    page: object,
    base: str,
    field: str,
    registry: Registry,
    typed: str,
    number: str,
    shown: list[str],
    before_the_link_shows: Callable[[], None] = lambda: None,
) -> None:
    """On an open page: the search box (`field`, a selector) opened and `typed` into it shows a link to the
    number's result, 44 px tall, and Enter opens the tracking page with that result (both engines' sites)."""
    page.locator('label[for="__search"]').first.click()
    box = page.locator(field)
    box.fill(typed)
    hint = page.locator("#yz-search-number")
    before_the_link_shows()
    hint.wait_for(state="visible")
    assert hint.inner_text() == f"查询编号 {number} 的办理进度"
    assert hint.bounding_box()["height"] >= 44
    box.press("Enter")
    page.wait_for_url(base + f"track/?no={number}")
    page.wait_for_function("() => document.querySelector('#yz-track-result').textContent.includes('查询编号')")
    text = page.locator("#yz-track-result").inner_text()
    for line in shown:
        assert line in text
    if number == "2026-X0009":
        assert registry.suggestions[number].history[-1].note in text
    else:  # the evaluation is a row of its own, and a rated reply no longer waits for one
        rows = page.locator("#yz-track-result tr").all_inner_texts()
        assert rows[-2:] == ["2026年11月10日\t已答复", "2026年11月23日\t满意度评价：满意"]
        assert "等待评价" not in text


def test_every_page_names_its_feeds(loaded: Callable[[str, str], Tab], site: Site) -> None:
    """The links are in the template every page is built from (site_overrides/main.html): one page shows them."""
    page = loaded("community").page
    feeds = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert feeds.count() == 2
    for href in feeds.evaluate_all("links => links.map(l => l.href)"):
        response = page.request.get(href)
        assert response.status == 200 and b"<feed" in response.body(), href
