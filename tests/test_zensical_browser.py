"""The site the second engine (Zensical) builds from `yizheng generate`'s output, in real Chromium:
Chinese search, the tracking lookup, the large-text switch, and no request to any other host.

The browser and Chromium come from test_browser.py's fixtures; the site is built once per session
(conftest.zensical_site). What is not checked here, and why, is in the README (第二个引擎).
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from conftest import CONTENT
from test_browser import LARGE_TEXT_KEY, PHONE, _lookup, _QuietHandler, _Server, browser, chromium, px  # noqa: F401
from yizheng.loader import load

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base(chromium: str, zensical_site) -> Iterator[str]:  # noqa: ANN001, F811
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(zensical_site)))
    thread = threading.Thread(target=server.serve_forever, name="zensical-site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def page(browser: object, base: str) -> Iterator[object]:  # noqa: F811
    context = browser.new_context(**PHONE)  # type: ignore[attr-defined]
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    tab = context.new_page()
    tab.requested = requested
    try:
        yield tab
    finally:
        context.close()
        elsewhere = [url for url in requested if urlsplit(url).hostname not in ("127.0.0.1", None) and not url.startswith("data:")]
        assert elsewhere == [], f"requests to other hosts: {elsewhere}"


def test_the_search_index_holds_the_chinese_titles(zensical_site) -> None:  # noqa: ANN001
    index = (zensical_site / "search.json").read_text(encoding="utf-8")
    assert load(CONTENT).cases["beiqu-market-footbridge"].title in index


@pytest.mark.xfail(
    reason="Zensical 0.0.73 builds its search dialog with its own script and markup; this test drives Material's "
    "(README: 第二个引擎)",
    strict=True,
)
def test_chinese_search_finds_a_case(page: object, base: str) -> None:
    page.goto(base)  # type: ignore[attr-defined]
    page.locator('label[for="__search"]').first.click()  # type: ignore[attr-defined]
    box = page.locator('[data-md-component="search"] input').first  # type: ignore[attr-defined]
    box.fill("天桥", timeout=5_000)
    box.press("End")
    link = page.locator('a[href*="cases/beiqu-market-footbridge/"]').filter(has_text="天桥").first  # type: ignore[attr-defined]
    link.wait_for(state="attached", timeout=30_000)


def test_tracking_finds_a_published_suggestion(page: object, base: str) -> None:
    registry = load(CONTENT)
    number, suggestion = min((i, s) for i, s in registry.suggestions.items() if s.published)
    page.goto(base + "track/")  # type: ignore[attr-defined]

    class Tab:
        pass

    tab = Tab()
    tab.page = page  # type: ignore[attr-defined]
    text = _lookup(tab, number)  # type: ignore[arg-type]
    assert f"查询编号 {number}" in text and f"目前状态：{suggestion.status.value}" in text


def test_large_text_switch_enlarges_and_persists(page: object, base: str) -> None:
    page.goto(base)  # type: ignore[attr-defined]
    paragraph = "document.querySelector('article > p')"
    before = px(page, f"getComputedStyle({paragraph}).fontSize")
    page.locator("#yz-textsize").click()  # type: ignore[attr-defined]
    larger = px(page, f"getComputedStyle({paragraph}).fontSize")
    assert larger >= before * 1.15
    assert page.evaluate(f"localStorage.getItem('{LARGE_TEXT_KEY}')") == "1"  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    assert px(page, f"getComputedStyle({paragraph}).fontSize") == larger
