"""The site the second engine (Zensical) builds from `yizheng generate`'s output, in real Chromium:
Chinese search, a tracking number typed into the search box, the tracking lookup, the large-text switch,
wide tables as cards on a phone, accessibility (axe-core) and tap-target sizes on the key pages, no
request to any other host, and the Content-Security-Policy: the theme override writes the one policy
csp.py computes for Zensical's pages (engine_config.zensical_policy) into every page, every test here
fails on anything it refuses, and an injected script, handler or style is refused. The checks are
test_browser.py's (and test_phone_browser.py's) own.

Chromium and the browser come from conftest, the server and the watch on requests from browsing.py;
the site is built once per session (conftest.zensical_site). What is not checked here, and why, is in the README (第二个引擎).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import DESKTOP, PHONE, Watch, serve

from conftest import CONTENT
from test_browser import (
    LARGE_TEXT_KEY,
    NUMBER_SEARCHES,
    PAGES,
    _lookup,
    assert_a_number_leads_to_its_result,
    assert_index_held_until_the_search_box_is_used,
    assert_injections_refused,
    assert_tap_targets,
    px,
    searched,
    serious_violations,
)
from test_phone_browser import CHECK
from yizheng.loader import load

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base(chromium: str, zensical_site: Path) -> Iterator[str]:
    with serve(zensical_site) as url:
        yield url


KEY_PAGES = {"phone": ["home", "suggestion listing", "track"], "desktop": ["home"]}
"""The page types checked with axe-core. What the engine draws (header, menu, sidebars, footer, tables, the
form) is the same on every page; what the pages hold is checked on every page type in test_browser.py.
404.html's policy and scripts are checked from the text (test_csp.py)."""


@pytest.fixture(scope="module")
def paths(zensical_site: Path) -> dict[str, str]:
    """Page type → URL path below the site root, as test_browser.PAGES finds them."""
    registry = load(CONTENT)
    return {name: PAGES[name](zensical_site, registry) for name in {"case", "suggestion listing", *KEY_PAGES["phone"], *KEY_PAGES["desktop"]}}


@pytest.fixture
def page(browser: object, base: str) -> Iterator[object]:
    """A phone-sized page whose requests may go to the local server only (Watch refuses and notes
    the rest); the test fails if the policy refused anything or a dialog showed."""
    context = browser.new_context(**PHONE)  # type: ignore[attr-defined]
    watch = Watch(base).attach(context)
    try:
        yield context.new_page()
        watch.assert_clean()
    finally:
        context.close()


def test_the_search_index_holds_the_chinese_titles(zensical_site: Path) -> None:
    index = (zensical_site / "search.json").read_text(encoding="utf-8")
    assert load(CONTENT).cases["beiqu-market-footbridge"].title in index


def test_chinese_search_finds_each_page(page: object, base: str) -> None:
    """The queries of the MkDocs site's search test find the same pages. Zensical's search dialog is its own
    (in a shadow root, which Playwright's selectors enter) and shows the first ten results."""
    page.goto(base)  # type: ignore[attr-defined]
    page.locator('label[for="__search"]').first.click()  # type: ignore[attr-defined]
    box = page.locator('dialog[open] input[role="combobox"]')  # type: ignore[attr-defined]
    for query, path in searched(load(CONTENT)):
        box.fill(query)
        link = page.locator(f'dialog[open] [role="listbox"] a[role="option"][href*="{path}"]').first  # type: ignore[attr-defined]
        link.wait_for(state="attached", timeout=30_000)
        assert query in link.inner_text(), query


def test_search_index_is_loaded_on_first_use_of_the_search_box_not_on_opening(page: object, base: str) -> None:
    """head.js holds Zensical's request for search.json as it holds Material's for its index."""
    page.goto(base, wait_until="networkidle")  # type: ignore[attr-defined]
    assert_index_held_until_the_search_box_is_used(page, "/search.json")


def test_a_number_typed_into_the_search_box_leads_to_its_result(page: object, base: str) -> None:
    """The first of test_browser's numbers (the reading of what is typed is the same script on both sites).
    The link goes into Zensical's dialog with search-number.css linked in there; until that stylesheet has
    loaded (held back here) the link stays hidden, never shown unstyled and smaller than 44 px."""
    typed, number, shown = NUMBER_SEARCHES[0]
    held: list[object] = []

    def hold(route: object) -> None:
        held.append(route)

    page.route("**/assets/stylesheets/search-number.css", hold)  # type: ignore[attr-defined]

    def hidden_until_styled() -> None:
        link = page.locator("#yz-search-number")  # type: ignore[attr-defined]
        link.wait_for(state="attached")
        for _ in range(100):  # the request for the dialog's stylesheet reaches the route (up to 10 s)
            if held:
                break
            page.wait_for_timeout(100)  # type: ignore[attr-defined]
        assert len(held) == 1 and not link.is_visible()
        held[0].fallback()  # type: ignore[attr-defined]

    page.goto(base + "communities/longxing/")  # type: ignore[attr-defined]
    field = 'dialog[open] input[role="combobox"]'
    assert_a_number_leads_to_its_result(page, base, field, load(CONTENT), typed, number, shown, hidden_until_styled)


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


@pytest.mark.parametrize(
    ("page_type", "device"), [(t, device) for device, types in KEY_PAGES.items() for t in types]
)
def test_no_serious_accessibility_violation(
    browser: object, base: str, paths: dict[str, str], page_type: str, device: str
) -> None:
    context = browser.new_context(**(PHONE if device == "phone" else DESKTOP))  # type: ignore[attr-defined]
    watch = Watch(base).attach(context)
    try:
        page = context.new_page()
        page.goto(base + paths[page_type])
        problems = serious_violations(page)
        assert not problems, f"{page_type} ({device}):\n" + "\n".join(problems)
        watch.assert_clean(page_type)
    finally:
        context.close()


def test_tap_targets_are_at_least_44px(page: object, base: str, paths: dict[str, str]) -> None:
    def open_(page_type: str) -> object:
        page.goto(base + paths[page_type])  # type: ignore[attr-defined]
        return page

    assert_tap_targets(open_)


def test_injected_script_handlers_and_styles_are_refused(
    browser: object, zensical_site: Path, paths: dict[str, str], tmp_path: Path
) -> None:
    assert_injections_refused(browser, zensical_site, paths["case"], tmp_path)


PHONE_PAGES = ("statistics/unit/", "suggestions/unit/", "representatives/")
"""Pages with wide tables (3 to 7 columns) that are cards on a phone; the MkDocs site's every page is
checked in test_phone_browser.py, the same check (CHECK) on these few here."""


def test_wide_tables_become_cards_on_a_phone(page: object, base: str) -> None:
    """yizheng.js and yizheng.css work under Zensical's markup too: each wide table's cells are labelled
    (data-label), shown as cards, none narrower than three characters and nothing cut off at the edge."""
    stacked = 0
    for path in PHONE_PAGES:
        page.goto(base + path, wait_until="load")  # type: ignore[attr-defined]
        stacked += page.evaluate(  # type: ignore[attr-defined]
            "() => [...document.querySelectorAll('article table[data-yz-stack]')]"
            ".filter(t => getComputedStyle(t.querySelector('tbody tr')).display === 'block').length"
        )
        result = page.evaluate(CHECK)  # type: ignore[attr-defined]
        problems = {what: items for what, items in result["found"].items() if items}
        assert problems == {}, path
    assert stacked >= len(PHONE_PAGES)
