"""Suggestion pages, the tracking page and its data, and the Atom feeds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import posixpath
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import markdown
import pytest
import yaml
from mkdocs.utils.meta import get_data

from conftest import CONTENT, ROOT
from golden import TODAY, assert_golden, fixed_context
from yizheng.models.lifecycle import Status
from yizheng.models.suggestion import Suggestion
from yizheng.registry import Registry
from yizheng.site.context import SiteContext, page_url
from yizheng.site.generate import render_site
from yizheng.site.pages import feeds, suggestions, tracking
from yizheng import stats
from yizheng.handling import of as handling_of

RENDERERS = [suggestions.render, suggestions.render_pages, tracking.render, feeds.render]
EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc"]  # as in mkdocs.yml
ATOM = "{http://www.w3.org/2005/Atom}"
SCRIPT = ROOT / "site_overrides" / "assets" / "javascripts" / "tracking.js"


def _render(ctx: SiteContext) -> dict[str, str | bytes]:
    return render_site(ctx, RENDERERS)


def _text(content: str | bytes) -> str:
    return content.decode("utf-8") if isinstance(content, bytes) else content


def _with(ctx: SiteContext, extra: list[Suggestion], today: dt.date = TODAY) -> SiteContext:
    """The context with more suggestions, each sourced like the fixture's 2026-X0002."""
    registry = ctx.registry
    template = registry.source("suggestion", "2026-X0002")
    sources = dict(registry.sources)
    for s in extra:
        sources[("suggestion", s.id)] = dataclasses.replace(template, relpath=f"suggestions/{s.id[:4]}/{s.id}.yml")
    suggestions_ = {**registry.suggestions, **{s.id: s for s in extra}}
    new = Registry(
        content=registry.content,
        site=registry.site,
        representatives=registry.representatives,
        stations=registry.stations,
        rules=registry.rules,
        meetings=registry.meetings,
        cases=registry.cases,
        suggestions=suggestions_,
        sources=sources,
    )
    return dataclasses.replace(ctx, registry=new, today=today)


def _variant(ctx: SiteContext, base_id: str, **changes: object) -> Suggestion:
    data = ctx.registry.suggestions[base_id].model_dump()
    data.update(changes)
    return Suggestion.model_validate(data)


def _html(page: str) -> str:
    body, _meta = get_data(page)
    return markdown.markdown(body, extensions=EXTENSIONS)


# --- the files, and golden copies of the main ones ------------------------------------------


@pytest.fixture(scope="module")
def minimal() -> dict[str, str | bytes]:
    return render_site(fixed_context(), RENDERERS)


def test_generated_paths(minimal: dict[str, str | bytes]) -> None:
    assert sorted(minimal) == [
        "feeds/cases.xml",
        "feeds/sitemap.xml",
        "feeds/suggestions.xml",
        "suggestions/2026/2026-X0002.md",
        "suggestions/category/environment/index.md",
        "suggestions/category/index.md",
        "suggestions/category/urban/index.md",
        "suggestions/index.md",
        "suggestions/overdue/index.md",
        "suggestions/status/closed/index.md",
        "suggestions/status/replied/index.md",
        "suggestions/street/haishi/index.md",
        "suggestions/street/hualong/index.md",
        "suggestions/street/index.md",
        "suggestions/unit/housing/index.md",
        "suggestions/unit/hualong-office/index.md",
        "suggestions/unit/index.md",
        "track.md",
        "tracking/2026.json",
    ]


@pytest.mark.parametrize(
    ("golden", "path"),
    [
        ("suggestion-2026-X0002.md", "suggestions/2026/2026-X0002.md"),
        ("suggestion-index.md", "suggestions/index.md"),
        ("suggestion-listing-status-closed.md", "suggestions/status/closed/index.md"),
        ("suggestion-overdue.md", "suggestions/overdue/index.md"),
        ("tracking-page.md", "track.md"),
        ("tracking-2026.json", "tracking/2026.json"),
        ("feed-suggestions.xml", "feeds/suggestions.xml"),
        ("feed-cases.xml", "feeds/cases.xml"),
    ],
)
def test_golden(minimal: dict[str, str | bytes], golden: str, path: str) -> None:
    assert_golden(golden, _text(minimal[path]))


# --- unpublished suggestions: numbers, statuses and dates only -----------------------------------


@pytest.fixture(scope="module")
def example() -> tuple[SiteContext, dict[str, str | bytes]]:
    ctx = fixed_context(CONTENT)
    return ctx, render_site(ctx, RENDERERS)


def test_example_content_has_both_kinds(example: tuple[SiteContext, dict]) -> None:
    ctx, _files = example
    hidden = [s for s in ctx.registry.suggestions.values() if not s.published]
    assert any(not s.public and s.status is Status.CLOSED for s in hidden)  # handled, but not agreed
    assert any(s.status in (Status.ASSIGNED, Status.IN_PROGRESS) for s in hidden)  # still open


def test_no_unpublished_text_in_any_file(example: tuple[SiteContext, dict]) -> None:
    ctx, files = example
    secrets: list[tuple[str, str]] = []
    for s in ctx.registry.suggestions.values():
        if s.published:
            continue
        secrets += [(s.id, s.title), (s.id, s.problem)]
        secrets += [(s.id, text) for text in (s.proposal, s.location) if text]
        secrets += [(s.id, entry.note) for entry in s.history if entry.note]
        secrets += [(s.id, reply.text) for reply in s.replies]
        if s.status is Status.REJECTED and s.public:  # the reason is told in the tracking lookup (and on the issue)
            secrets.remove((s.id, s.history[-1].note))
    # Stock phrases such as "列为重点督办建议。" are also in published notes: not secrets.
    public = {
        text for s in ctx.registry.suggestions.values() if s.published
        for text in [s.title, s.problem, *(e.note for e in s.history), *(r.text for r in s.replies)]
    }
    secrets = [(sid, secret) for sid, secret in secrets if secret not in public]
    assert len(secrets) > 20
    leaks = []
    for path, content in files.items():
        text = _text(content)
        readable = html.unescape(text)  # md.inline writes "-" as "&#45;", XML writes "&" as "&amp;"
        leaks += [(path, sid, secret) for sid, secret in secrets if secret in text or secret in readable]
    assert leaks == []
    hidden_pages = {ctx.page_of("suggestion", s.id) for s in ctx.registry.suggestions.values() if not s.published}
    assert hidden_pages.isdisjoint(files)


def test_tracking_data_holds_every_suggestion_by_number_status_and_dates(example: tuple[SiteContext, dict]) -> None:
    ctx, files = example
    found: dict[str, dict] = {}
    for path, content in files.items():
        if path.startswith("tracking/"):
            shard = json.loads(content)
            assert {number[:4] for number in shard} == {path[len("tracking/") : -len(".json")]}
            found.update(shard)
    assert sorted(found) == sorted(ctx.registry.suggestions)
    for number, item in found.items():
        s = ctx.registry.suggestions[number]
        assert set(item) <= {"status", "submitted", "history", "deadline", "published", "merged_into", "url", "evaluated", "reason"}
        assert item["status"] == s.status.value
        assert item["history"] == [[h.date.isoformat(), h.status.value, *([h.satisfaction.value] if h.satisfaction else [])] for h in s.history]
        assert item["published"] is s.published
        assert item.get("url") == (page_url(ctx.page_of("suggestion", number)) if s.published else None)


def test_tracking_shows_an_evaluation_and_the_reason_for_not_accepting(example: tuple[SiteContext, dict]) -> None:
    ctx, files = example
    shard = json.loads(files["tracking/2026.json"])
    # Replied and rated 满意: the evaluation is its own kind of row, and it waits to be closed, not for a rating.
    assert shard["2026-W0047"]["history"][-2:] == [["2026-11-10", "已答复"], ["2026-11-23", "已答复", "满意"]]
    assert shard["2026-W0047"]["evaluated"] == "满意"
    assert "evaluated" not in shard["2026-X0002"]  # replied in a second round: awaiting its evaluation
    assert ["2025-12-03", "办理中", "不满意"] in json.loads(files["tracking/2025.json"])["2025-X0010"]["history"]
    note = ctx.registry.suggestions["2026-W0050"].history[-1].note
    assert note and shard["2026-W0050"]["reason"] == note
    # A submitter who did not agree to publication: the reason stays with the staff (as on the issue).
    private = _variant(ctx, "2026-W0050", public=False)
    assert "reason" not in tracking.entry(_with(ctx, [private]), private)
    assert "reason" not in shard["2026-X0001"]  # not rejected


# --- listings: 50 a page ------------------------------------------------------------------------


def test_listings_paginate_with_exact_links() -> None:
    ctx = fixed_context()
    extra = [
        _variant(ctx, "2026-X0002", id=f"2026-X{n:04d}", submitted=dt.date(2026, 3, 1)) for n in range(100, 219)
    ]
    ctx = _with(ctx, extra)  # 119 copies + 2026-X0002 = 120 published
    files = _render(ctx)
    folder = "suggestions/status/closed"
    assert [p for p in files if p.startswith(folder + "/")] == [f"{folder}/index.md", f"{folder}/2.md", f"{folder}/3.md"]
    pagers = {
        f"{folder}/index.md": "第 1 / 3 页 · [下一页](2.md)",
        f"{folder}/2.md": "[上一页](index.md) · 第 2 / 3 页 · [下一页](3.md)",
        f"{folder}/3.md": "[上一页](2.md) · 第 3 / 3 页",
    }
    for path, pager in pagers.items():
        lines = _text(files[path]).splitlines()
        assert lines.count(pager) == 2, path  # above and below the table
    rows = {path: [line for line in _text(files[path]).splitlines() if "yz-badge--closed" in line] for path in pagers}
    assert [len(r) for r in rows.values()] == [50, 50, 20]
    # Newest first: same submission date, so by number, highest first.
    assert rows[f"{folder}/index.md"][0].startswith("| 2026&#45;X0218 | [农贸市场路口过街难](../../2026/2026-X0218.md) |")
    assert rows[f"{folder}/3.md"][-1].startswith("| 2026&#45;X0002 |")
    assert _text(files[f"{folder}/2.md"]).startswith(
        '---\ntitle: "已办结的意见建议（第 2 页）"\n---\n\n# 已办结的意见建议（第 2 页）\n'  # searchable: it carries the titles
    )
    # The feed keeps the latest 50.
    feed = ET.fromstring(files["feeds/suggestions.xml"])
    assert len(feed.findall(f"{ATOM}entry")) == 50


def test_empty_listing_says_so(minimal: dict[str, str | bytes]) -> None:
    assert "目前没有已公开的意见建议。" in _text(minimal["suggestions/status/replied/index.md"])
    assert "第 1/1 页" not in _text(minimal["suggestions/status/replied/index.md"])


# --- overdue, due soon, and whether each round was replied on time --------------------------------


def test_overdue_and_due_soon() -> None:
    registry = fixed_context().registry  # 2026-X0001: 已交办, deadline 2026-03-20; 2026-X0002 closed

    def state(day: int) -> list[tuple[str, bool]]:
        return [(late.suggestion, late.overdue) for late in stats.overdue(registry, dt.date(2026, 3, day))]

    assert [state(d) for d in (16, 17, 20, 21)] == [
        [], [("2026-X0001", False)], [("2026-X0001", False)], [("2026-X0001", True)]
    ]


@pytest.mark.parametrize(
    ("today", "row"),
    [
        (TODAY, "| 2026&#45;X0001 | <span class=\"yz-badge yz-badge--assigned\">已交办</span> | 区住建局 | — | <span class=\"yz-date\">2026年3月20日</span> | 逾期 252 天 |"),
        (dt.date(2026, 3, 18), "| 2026&#45;X0001 | <span class=\"yz-badge yz-badge--assigned\">已交办</span> | 区住建局 | — | <span class=\"yz-date\">2026年3月20日</span> | 还剩 2 天 |"),
        (dt.date(2026, 3, 20), "| 2026&#45;X0001 | <span class=\"yz-badge yz-badge--assigned\">已交办</span> | 区住建局 | — | <span class=\"yz-date\">2026年3月20日</span> | 今天到期 |"),
    ],
)
def test_overdue_page_rows(today: dt.date, row: str) -> None:
    ctx = dataclasses.replace(fixed_context(), today=today)
    page = _text(_render(ctx)["suggestions/overdue/index.md"])
    assert row in page.splitlines()
    assert "修座人行天桥" not in page and "车多" not in page  # its title and text stay unpublished


def test_a_late_reply_shows_as_late() -> None:
    ctx = fixed_context()
    history = ctx.registry.suggestions["2026-X0002"].model_dump()["history"]
    history[1]["deadline"] = dt.date(2026, 3, 17)  # first round: replied 2026-03-20, 3 days late
    history[2] = {"date": dt.date(2026, 3, 5), "status": "办理中", "note": "延期：需要勘察", "deadline": dt.date(2026, 3, 18)}
    late = _variant(ctx, "2026-X0002", history=history)
    assert [(r.number, r.started, r.first_deadline, r.deadline, r.replied, r.days_late) for r in handling_of(late).rounds] == [
        (1, dt.date(2026, 3, 2), dt.date(2026, 3, 17), dt.date(2026, 3, 18), dt.date(2026, 3, 20), 2),
        (2, dt.date(2026, 3, 25), dt.date(2026, 4, 30), dt.date(2026, 4, 30), dt.date(2026, 4, 21), -9),
    ]
    page = _text(_render(_with(ctx, [late]))["suggestions/2026/2026-X0002.md"])
    assert '| 第 1 轮 | <span class="yz-date">2026年3月2日</span> | <span class="yz-date">2026年3月18日</span>（原定 <span class="yz-date">2026年3月17日</span>，经批准延期） | <span class="yz-date">2026年3月20日</span> | 逾期 2 天答复 |' in page
    assert '| 第 2 轮（不满意后重新办理） | <span class="yz-date">2026年3月25日</span> | <span class="yz-date">2026年4月30日</span> | <span class="yz-date">2026年4月21日</span> | 按期答复 |' in page


# --- hostile text stays text ------------------------------------------------------------------

HOSTILE_TITLE = '</title><script>alert(1)</script> [x](javascript:alert(1)) | # 标题 & "引号"'
HOSTILE_TEXT = "# 假标题\n\n<script>alert(1)</script>\n| a | b |\n| --- | --- |\n[点我](javascript:alert(1)) <img src=x onerror=alert(1)>"


def test_hostile_text_renders_escaped() -> None:
    ctx = fixed_context()
    data = ctx.registry.suggestions["2026-X0002"].model_dump()
    data["replies"][0]["text"] = HOSTILE_TEXT
    hostile = _variant(ctx, "2026-X0002", title=HOSTILE_TITLE, problem=HOSTILE_TEXT, proposal=HOSTILE_TEXT, replies=data["replies"])
    files = _render(_with(ctx, [hostile]))
    pages = ["suggestions/2026/2026-X0002.md", "suggestions/status/closed/index.md", "suggestions/unit/housing/index.md"]
    for path in pages:
        out = _html(_text(files[path]))
        assert "<script" not in out and "<img" not in out, path
        assert not re.search(r"<a [^>]*href=\"javascript", out), path
    record = _text(files["suggestions/2026/2026-X0002.md"])
    # The title: front matter HTML-escaped (Material writes it into <title> as it is), h1 escaped for Markdown.
    _body, meta = get_data(record)
    assert meta["title"] == html.escape(HOSTILE_TITLE)
    out = _html(record)
    h1 = re.findall(r"<h1[^>]*>(.*?)</h1>", out)
    assert [html.unescape(h) for h in h1] == [HOSTILE_TITLE]
    assert out.count("<h2") == 6 and "假标题</h1>" not in out and "<h1>假标题" not in out
    # A pipe in a cell does not add columns: the listing row keeps its 7 cells.
    listing = _html(_text(files["suggestions/status/closed/index.md"]))
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", listing, re.S) if "alert" in r)
    assert row.count("<td>") == 7
    # The feed is well-formed and carries the text exactly.
    feed = ET.fromstring(files["feeds/suggestions.xml"])
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == f"{HOSTILE_TITLE}（已办结）"
    assert HOSTILE_TEXT.replace("\n\n", "\n") in (entry.findtext(f"{ATOM}summary") or "").replace("\n\n", "\n")


# --- the tracking page and its script -------------------------------------------------------------


def test_page_url() -> None:
    assert page_url("track.md") == "track/"
    assert page_url("suggestions/index.md") == "suggestions/"
    assert page_url("suggestions/status/closed/2.md") == "suggestions/status/closed/2/"
    assert page_url("suggestions/2026/2026-X0002.md") == "suggestions/2026/2026-X0002/"
    assert page_url("index.md") == ""


def test_the_page_loads_the_script_from_the_theme_folder() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    # track.md is built as track/index.html only with directory URLs; the script tag counts on it.
    assert config["use_directory_urls"] is True
    assert config["theme"]["custom_dir"] == "site_overrides"
    page_dir = posixpath.dirname(page_url(tracking.PAGE))
    assert posixpath.normpath(posixpath.join(page_dir, tracking.SCRIPT_FROM_PAGE)) == tracking.SCRIPT
    assert (ROOT / "site_overrides" / tracking.SCRIPT) == SCRIPT and SCRIPT.is_file()
    page = _text(render_site(fixed_context(), [tracking.render])["track.md"])
    assert page.count("<script") == 1 and f'<script src="{tracking.SCRIPT_FROM_PAGE}"></script>' in page


def test_the_script_is_small_valid_and_local() -> None:
    source = SCRIPT.read_text(encoding="utf-8")
    assert len(source.encode("utf-8")) < 10_000
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", source)  # no other host
    assert "innerHTML" not in source  # record values reach the page as text only
    assert 'root + "tracking/" + year + ".json"' in source
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    result = subprocess.run([node, "--check", str(SCRIPT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


NORMALIZE = [
    ("2026-W0042", "2026-W0042"),
    ("2026-w0042", "2026-W0042"),
    (" 2026 - w 42 ", "2026-W0042"),
    ("２０２６－Ｘ０００７", "2026-X0007"),
    ("2026x7", "2026-X0007"),
    ("2026—X000123", "2026-X000123"),
    ("2026-X000123", "2026-X000123"),  # 4 to 6 digits are kept as typed: 2026-X0123 is another number
    ("2026-W00000042", None),
    ("2026-W1234567", None),
    ("W0042", None),
    ("2026-A0042", None),
    ("", None),
]


def test_the_script_reads_numbers_as_typed() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    source = SCRIPT.read_text(encoding="utf-8")
    body = source[source.index("function normalize") : source.index("function load")]
    program = body + "process.stdout.write(JSON.stringify(" + json.dumps([i for i, _ in NORMALIZE]) + ".map(normalize)));"
    result = subprocess.run([node, "-e", program], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [expected for _, expected in NORMALIZE]


# --- feeds --------------------------------------------------------------------------------------


def test_feed_links_start_from_the_site_address() -> None:
    ctx = fixed_context()
    assert ctx.registry.site.address == "https://example.github.io/yizheng/"
    moved = ctx.registry.site.model_copy(update={"site_url": "https://yizheng.example.org/site/"})
    ctx.registry.site = moved
    assert _text(_render(ctx)["feeds/cases.xml"]).count("https://yizheng.example.org/site/cases/overpass/") == 2


def test_feeds_are_atom(example: tuple[SiteContext, dict]) -> None:
    ctx, files = example
    for path, count in (("feeds/suggestions.xml", sum(s.published for s in ctx.registry.suggestions.values())),
                        ("feeds/cases.xml", len(ctx.registry.cases))):
        feed = ET.fromstring(files[path])
        assert feed.tag == f"{ATOM}feed"
        for tag in ("id", "title", "updated", "author/" + ATOM + "name"):
            assert feed.findtext(ATOM + tag), (path, tag)
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == min(count, feeds.LIMIT)
        dates = [e.findtext(f"{ATOM}updated") for e in entries]
        assert dates == sorted(dates, reverse=True)
        assert feed.findtext(f"{ATOM}updated") == dates[0]
        for entry in entries:
            link = entry.find(f"{ATOM}link")
            assert link is not None and link.get("href", "").startswith("https://honggu-npc.github.io/yizheng/")
            assert entry.findtext(f"{ATOM}id") == link.get("href")
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00\+08:00", entry.findtext(f"{ATOM}updated") or "")


def test_a_unit_page_counts_lead_and_assisting_work_and_shows_its_evaluations(
    minimal: dict[str, str | bytes], example: tuple[SiteContext, dict]
) -> None:
    from yizheng.site.kit import unit_page

    lines = _text(minimal[unit_page("housing")]).splitlines()
    # housing leads 2026-X0001 and 2026-X0002; 华龙街道办事处 assists with 2026-X0002 and leads nothing.
    assert "本单位主办意见建议 2 件、协办 0 件（含尚未公开的）。下面列出其中已公开的。" in lines
    assert lines[lines.index("## 评议情况") :][4:6] == [
        "| 日期 | 会议 | 报告内容 | 评议人 | 评议结果 | 评议意见 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    assert "| <span class=\"yz-date\">2026年3月5日</span> | [三月集中学习](../../../meetings/2026-03-study.md) | 主办意见建议 2 件。 | 出席会议的议政代表 | 基本满意 | — |" in lines
    office = _text(minimal[unit_page("hualong-office")]).splitlines()
    assert "本单位主办意见建议 0 件、协办 1 件（含尚未公开的）。下面列出其中已公开的。" in office
    assert "## 评议情况" not in office
    # The example content: the street office was evaluated at the January 2026 conference.
    _, files = example
    street = _text(files[unit_page("street-hualong")])
    assert "| <span class=\"yz-date\">2026年1月15日</span> | [华龙街道第一届议政代表大会第九次会议](../../../meetings/hl-2026-01-conference.md) |" in street


def test_the_overdue_table_by_unit_adds_up_to_the_list(example: tuple[SiteContext, dict]) -> None:
    # Each suggestion under its lead unit only: the per-unit table adds up to the rows of the list
    # (the example content has overdue suggestions with assisting units, once counted under each).
    ctx, files = example
    lines = _text(files["suggestions/overdue/index.md"]).splitlines()
    table = lines[lines.index("| 主办单位 | 逾期 | 即将到期 |") + 2 : lines.index("## 明细") - 1]
    detail = [line for line in lines[lines.index("## 明细") :] if line.startswith("| ") and "&#45;" in line]
    assert sum(int(cell) for row in table for cell in row.strip("| ").split(" | ")[1:]) == len(detail) >= 3
    assisting = [line.strip("| ").split(" | ")[3] for line in detail]
    assert any(cell != "—" for cell in assisting)  # the 协办单位 column names them


def test_beside_the_feeds_an_empty_sitemap_says_there_is_no_other_version(minimal: dict[str, str | bytes]) -> None:
    """Material asks for sitemap.xml beside every <link rel=alternate> (the feed links on every page)."""
    sitemap = ET.fromstring(minimal["feeds/sitemap.xml"])
    assert sitemap.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset" and len(sitemap) == 0
