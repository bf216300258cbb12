"""Every kind of page on a 390 × 844 phone, in normal text and in 大字模式 (issue #16).

On each page, in both text sizes:

- no table cell with text is narrower than three characters of its own font (a table too wide
  for the screen becomes a stack of cards below 600 px: yizheng.js labels the cells, yizheng.css
  stacks them);
- no date ("2026-09-24" or "2026年9月24日") is broken across lines;
- nothing is cut off at the right edge: nothing reaches past the screen, and no box holds
  content wider than itself, hidden or to be scrolled sideways (a phone shows no scroll bar);
- every phone number in the text is a tel: link, so a tap dials it.

The pages are the browser tests' PAGES (tests/test_browser.py) and the few kinds only
reached from them; one built site (conftest built_site) and one browser for the session.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import PHONE, Watch, serve
from test_browser import CONTENT, PAGES, built, fixed

from yizheng.loader import load

MORE_PAGES = {
    "statistics by unit": fixed("statistics/unit.md"),
    "overdue": built("suggestions/overdue/index.html"),
    "suggestions by unit": fixed("suggestions/unit/index.md"),
    "representative's duties": built("representatives/duty/*/*/index.html"),
    "suggestion in two rounds": fixed("suggestions/2025/2025-X0010.md"),
}

LOOKED_UP = "2025-X0010"
"""Looked up on the tracking page: its answer lists many dates (submitted 2025-11-10)."""

CHECK = r"""() => {
  const found = {narrow: [], broken: [], cut: [], untapped: []};
  const seen = {cells: 0, dates: 0, phones: 0};
  const article = document.querySelector("article");
  const width = document.documentElement.clientWidth;
  // Shown on screen: not hidden, and not inside a box of 1 px kept for screen readers only.
  const visible = e => {
    if (!e.checkVisibility() || e.getClientRects().length === 0) return false;
    for (let a = e; a; a = a.parentElement) if (a.getBoundingClientRect().width <= 1) return false;
    return true;
  };
  // Three characters of a cell's own font, measured (the phone's fonts decide, not a guess): one
  // ruler per font, all laid out at once.
  const cells = [...article.querySelectorAll("td, th")].filter(c => c.textContent.trim() && visible(c));
  const rulers = new Map();
  for (const cell of cells) {
    const font = getComputedStyle(cell).font;
    if (!rulers.has(font)) {
      const ruler = document.createElement("span");
      ruler.textContent = "三个字";
      ruler.style.cssText = "position:absolute;visibility:hidden;white-space:nowrap;letter-spacing:normal";
      ruler.style.font = font;
      rulers.set(font, ruler);
      document.body.appendChild(ruler);
    }
  }
  const three = new Map([...rulers].map(([font, ruler]) => [font, ruler.getBoundingClientRect().width]));
  rulers.forEach(ruler => ruler.remove());
  // 1. table cells with text at least three characters wide
  for (const cell of cells) {
    seen.cells++;
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner < three.get(style.font) - 0.5) found.narrow.push(`${cell.textContent.trim().slice(0, 20)} (${Math.round(inner)}px)`);
  }
  // 2. dates on one line; 4. phone numbers inside tel: links
  const DATE = /\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日/g;
  const PHONE_NUMBER = /(?<![\d-])(?:0\d{2,3}-\d{7,8}(?:-\d{1,6})?|400-?\d{3}-?\d{4}|1[3-9]\d{9})(?![\d-])/g;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !visible(parent) || parent.closest("script, style, noscript, .md-search")) continue;
    for (const m of node.data.matchAll(DATE)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      seen.dates++;
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) found.broken.push(m[0]);
    }
    for (const m of node.data.matchAll(PHONE_NUMBER)) {
      seen.phones++;
      // inside a tel: link that dials the same digits (an extension after a pause: tel:09316201101,808)
      const link = parent.closest('a[href^="tel:"]');
      const digits = s => s.replace(/\D/g, "");
      if (!link || digits(link.getAttribute("href")) !== digits(m[0])) found.untapped.push(m[0]);
    }
  }
  // 3. nothing cut off: nothing reaches past the right edge of the screen, and no box holds
  //    content wider than itself (hidden, or scrolling sideways with no sign a finger can see)
  const flagged = [];
  for (const e of article.querySelectorAll("*")) {
    if (!visible(e) || flagged.some(f => f.contains(e))) continue;
    const right = e.getBoundingClientRect().right;
    const label = `${e.tagName.toLowerCase()}${e.className ? "." + e.className : ""} ${e.textContent.replace(/\s+/g, " ").trim().slice(0, 16)}`;
    if (right > width + 1) {
      found.cut.push(`${label}: ends at ${Math.round(right)}px`);
      flagged.push(e);
    }
    const overflow = getComputedStyle(e).overflowX;
    if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 && overflow !== "visible") {
      found.cut.push(`${label}: ${e.scrollWidth - e.clientWidth}px ${overflow === "hidden" || overflow === "clip" ? "hidden" : "to scroll to"}`);
      flagged.push(e);
    }
  }
  if (document.scrollingElement.scrollWidth > width) found.cut.push(`page ${document.scrollingElement.scrollWidth}px wide`);
  return {found, seen};
}"""


@pytest.fixture(scope="module")
def phone_site(chromium: str, built_site: Path) -> Iterator[tuple[str, dict[str, str]]]:
    registry = load(CONTENT)
    pages = {name: resolve(built_site, registry) for name, resolve in {**PAGES, **MORE_PAGES}.items()}
    with serve(built_site) as base:
        yield base, pages


def test_every_page_reads_on_a_phone_in_both_text_sizes(browser: object, phone_site: tuple[str, dict[str, str]]) -> None:
    base, pages = phone_site
    context = browser.new_context(**PHONE)
    watch = Watch(base).attach(context)
    problems: list[str] = []
    checked = 0
    seen: dict[str, int] = {}
    try:
        # Layout is all this test reads: the search index (fetched and indexed by Material's worker on every
        # page) is not needed, and building it would take most of the test's time on a busy machine.
        context.route("**/search/search_index.json", lambda route: route.abort())
        page = context.new_page()
        for name, path in pages.items():
            page.goto(base + path, wait_until="load")
            if name == "track":  # the lookup's answer: a suggestion handled in two rounds, every date of it
                page.fill("#yz-track-number", LOOKED_UP)
                page.locator('#yz-track button[type="submit"]').click()
                page.wait_for_function("() => document.querySelector('#yz-track-result h2') !== null")
                assert "2025年11月10日" in page.locator("#yz-track-result").inner_text()
            for size in ("正常", "大字模式"):
                if size == "大字模式":
                    page.locator("#yz-textsize").click()
                    page.wait_for_function("document.documentElement.classList.contains('yz-large')")
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                result = page.evaluate(CHECK)
                found = result["found"]
                for what, count in result["seen"].items():
                    seen[what] = seen.get(what, 0) + count
                for what, items in found.items():
                    problems += [f"{name} ({size}): {what}: {item}" for item in items[:5]]
                checked += 1
            page.locator("#yz-textsize").click()  # back to normal text for the next page
            page.wait_for_function("!document.documentElement.classList.contains('yz-large')")
        watch.assert_clean()
    finally:
        context.close()
    assert checked == 2 * len(pages)
    # The checks looked at something: cells of every table, the dates and the stations' numbers.
    assert seen["cells"] > 1000 and seen["dates"] > 200 and seen["phones"] > 30, seen
    assert not problems, "\n".join(problems)
