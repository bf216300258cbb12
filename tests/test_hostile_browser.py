"""The hostile corpus in a real browser: every free-text field, built with MkDocs, opened in Chromium.

tests/hostile_content.py writes a content folder (the minimal fixture, each
record kind cloned once per corpus string, site.yml names added) holding every
(field, string) pair that validate accepts and render_site renders. It is built
once with `yizheng build`; then pages are opened in one browser context, each
under a watch (tests/browsing.py), and each must show

- no script execution: window.__yz_pwned stays undefined, no dialog opens;
- no request to any host but the local server;
- its footer, visible, at the very end of the page (nothing cut it off).

Which pages: every page that no hostile record owns (home, listings, statistics,
tracking, open data, 404), every rule page (rule bodies are Markdown, where
most can go wrong), and of each other kind of record page a sample in which
every corpus string appears once: string k on the page of kind k mod 8.

Content-Security-Policy violations are allowed here (the policy blocking an
injected handler is the second wall working); test_browser.py checks there are
none on the example site. They are counted and printed (pytest -s).
"""

from __future__ import annotations

import collections
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import hostile_content
import pytest
import yaml
from browsing import PHONE, Watch, serve
from hostile import MARK

from yizheng.loader import load
from yizheng.models import Site

ROOT = Path(__file__).resolve().parent.parent

_OWNED = re.compile(r"(?:hz-(?:[a-z]+-)*|2026-X7)(\d{3})(?=/)")
"""A path segment naming a hostile record (or a site.yml entry), with its string's number."""

FOOTER = """() => {
  const footer = document.querySelector("footer.md-footer.yz-footer");
  if (!footer) return "没有页脚";
  if (!footer.checkVisibility()) return "页脚看不见";
  if (!footer.textContent.includes("网站生成时间")) return "页脚不完整";
  const gap = document.scrollingElement.scrollHeight - (footer.getBoundingClientRect().bottom + window.scrollY);
  return Math.abs(gap) <= 2 ? "" : "页脚后面还有 " + gap + " 像素";
}"""


@dataclass
class HostileSite:
    content: Path
    site: Path
    made: hostile_content.Hostile
    seconds: dict[str, float]

    @property
    def path(self) -> str:
        """Where the site is published on its host (/yizheng/ of https://example.github.io/yizheng/),
        the path it is served under here (404.html is written for it)."""
        site = Site.model_validate(yaml.safe_load((self.content / "site.yml").read_text(encoding="utf-8")))
        return urlsplit(site.address).path


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> HostileSite:
    root = tmp_path_factory.mktemp("hostile")
    started = time.perf_counter()
    made = hostile_content.build(root / "content")
    filtered = time.perf_counter()
    env = {**os.environ, "YIZHENG_TODAY": "2026-11-27"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "yizheng"), "build", "--content", str(root / "content"),
         "--site-dir", str(root / "site"), "--docs-dir", str(root / "docs")],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"yizheng build failed on the hostile content:\n{result.stdout}\n{result.stderr}"
    built = time.perf_counter()
    return HostileSite(root / "content", root / "site", made, {"filter": filtered - started, "build": built - filtered})


def pattern(page: str) -> str:
    return _OWNED.sub("*", page)


def chosen_pages(site: Path) -> list[str]:
    """The pages to open (see the module's docstring), as paths below the site root."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    kinds = sorted({pattern(p) for p in pages if _OWNED.search(p) and not p.startswith("rules/")})
    chosen = []
    for page in pages:
        owned = _OWNED.search(page)
        if owned is None or page.startswith("rules/"):
            chosen.append(page)
        elif int(owned.group(1)) % len(kinds) == kinds.index(pattern(page)) % len(kinds):
            chosen.append(page)
    return chosen


def test_the_hostile_content_is_what_validate_accepts(hostile_site: HostileSite) -> None:
    made = hostile_site.made
    registry = load(hostile_site.content)  # validate passes
    assert len(registry.rules) > 59 and len(registry.suggestions) > 59
    assert all(s.published for i, s in registry.suggestions.items() if i.startswith("2026-X7"))
    kinds = collections.Counter(path.split("/")[0] for path, places in made.placed.items() if places)
    assert set(kinds) == {"representatives", "stations", "rules", "meetings", "cases", "suggestions", "site.yml"}
    strings = {text for places in made.placed.values() for _, text in places}
    print(
        f"\nhostile content: {made.pairs} (field, string) pairs kept, {made.refused} refused by validate, "
        f"{made.render_refused} by render_site; {len(strings)} of {len(hostile_content.strings())} strings placed; "
        f"filter {hostile_site.seconds['filter']:.1f} s, MkDocs build {hostile_site.seconds['build']:.1f} s, "
        f"{sum(1 for _ in hostile_site.site.rglob('*.html'))} pages"
    )
    for line in made.render_errors:
        print("  render_site refused:", line)
    assert made.pairs > 500


def test_no_hostile_string_runs_calls_out_or_cuts_a_page(browser: object, hostile_site: HostileSite) -> None:
    pages = chosen_pages(hostile_site.site)
    assert any(p.startswith("rules/hz-") for p in pages) and any(p.startswith("suggestions/2026/2026-X7") for p in pages)
    # Every hostile station (name, address, hours) on one page; hostile street and community names on the
    # home page's chooser, the 找代表 chooser and a sample of the community pages.
    assert {"suggest/index.html", "communities/index.html", "index.html"} <= set(pages)
    assert sum(p.startswith("communities/hz-community-") for p in pages) >= 5
    failures: list[str] = []
    refused: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()
    with serve(hostile_site.site, path=hostile_site.path) as base:
        context = browser.new_context(**PHONE)
        try:
            watch = Watch(base).attach(context)
            # Not the search index: every page would load it and build the search in the background
            # (a fifth of the time); test_search_shows_hostile_results_as_text runs the search.
            context.route("**/search/search_index.json", lambda route: route.fulfill(status=404))
            page = context.new_page()
            for name in pages:
                page.goto(base + name.removesuffix("index.html"), wait_until="load")
                pwned = page.evaluate("window.__yz_pwned")
                footer = page.evaluate(FOOTER)
                if pwned is not None or footer or watch.left or watch.dialogs:
                    failures.append(f"{name}: 脚本 {pwned!r}；{footer}；请求 {watch.left}；对话框 {watch.dialogs}")
                refused.update(entry.split(" ")[0] for entry in watch.refused)
                watch.left.clear()
                watch.dialogs.clear()
                watch.refused.clear()
                watch.reported.clear()
        finally:
            context.close()
    seconds = time.perf_counter() - started
    print(f"\nhostile site: {len(pages)} pages opened in {seconds:.1f} s; the policy refused {dict(refused) or 'nothing'}")
    assert not failures, f"{len(failures)} of {len(pages)} pages:\n" + "\n".join(failures)


def test_search_shows_hostile_results_as_text(browser: object, hostile_site: HostileSite) -> None:
    """Material's search renders results from the index in the page: hostile titles and text stay text."""
    with serve(hostile_site.site, path=hostile_site.path) as base:
        context = browser.new_context(**PHONE)
        try:
            watch = Watch(base).attach(context)
            page = context.new_page()
            page.goto(base, wait_until="load")
            page.locator('label[for="__search"]').first.click()
            box = page.locator("input.md-search__input")
            box.fill(MARK)
            box.press("End")  # Material searches on keyup
            results = page.locator(".md-search-result__item")
            results.first.wait_for(state="attached", timeout=30_000)
            assert results.count() > 5
            assert MARK in page.locator(".md-search-result").inner_text()
            page.wait_for_timeout(200)
            assert page.evaluate("window.__yz_pwned") is None
            assert watch.left == [] and watch.dialogs == []
        finally:
            context.close()
