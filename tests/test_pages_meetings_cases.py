"""Meeting and case pages: golden files, the rhythm of 一月一学习、一季度一调研、半年一大会, privacy."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONTENT
from golden import assert_golden, fixed_context
from yizheng.models.case import Figure, Quote
from yizheng.models.meeting import Meeting, MeetingKind
from yizheng.models.site import Rhythm
from yizheng.site.generate import render_site
from yizheng.site.pages import cases, meetings
from yizheng.site.pages.meetings import PeriodState, rhythm_status


def _pages(ctx=None) -> dict[str, str]:
    return render_site(ctx or fixed_context(), [meetings.render, cases.render])  # type: ignore[return-value]


# --- golden files (minimal fixture, today 2026-11-27) -------------------------------


@pytest.fixture(scope="module")
def minimal_pages() -> dict[str, str]:
    return _pages()


def test_generated_paths(minimal_pages: dict[str, str]) -> None:
    assert sorted(minimal_pages) == [
        "cases/index.md",
        "cases/overpass.md",
        "meetings/2026-03-study.md",
        "meetings/hualong/2026.md",
        "meetings/index.md",
    ]


@pytest.mark.parametrize(
    ("golden", "path"),
    [
        ("meeting-page.md", "meetings/2026-03-study.md"),
        ("meeting-index.md", "meetings/index.md"),
        ("meeting-calendar-hualong-2026.md", "meetings/hualong/2026.md"),
        ("case-page.md", "cases/overpass.md"),
        ("case-index.md", "cases/index.md"),
    ],
)
def test_golden(minimal_pages: dict[str, str], golden: str, path: str) -> None:
    assert_golden(golden, minimal_pages[path])


# --- the rhythm --------------------------------------------------------------------


def _meeting(n: int, kind: MeetingKind, date: dt.date, street: str = "a") -> Meeting:
    return Meeting.model_construct(id=f"m{n}", kind=kind, date=date, street=street, title="会议")


RHYTHM_KINDS = [MeetingKind.STUDY, MeetingKind.RESEARCH, MeetingKind.CONFERENCE]
DATES = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2028, 12, 31))


@settings(max_examples=300, deadline=None)
@given(
    drawn=st.lists(st.tuples(st.sampled_from(list(MeetingKind)), DATES, st.sampled_from(["a", "b"])), max_size=40),
    year=st.integers(2022, 2028),
    today=DATES,
    rhythm=st.builds(
        Rhythm,
        study_months=st.integers(1, 12),
        research_months=st.integers(1, 12),
        conference_months=st.integers(1, 24),
    ),
)
def test_rhythm_status_properties(drawn, year: int, today: dt.date, rhythm: Rhythm) -> None:
    items = [_meeting(n, kind, date, street) for n, (kind, date, street) in enumerate(drawn)]
    own = [m for m in items if m.street == "a"]
    first = min((m.date for m in own), default=None)
    status = rhythm_status(items, "a", year, today, rhythm)
    assert list(status) == RHYTHM_KINDS
    for kind, periods in status.items():
        # The periods cover the year without gap or overlap.
        assert periods[0].start <= dt.date(year, 1, 1) and periods[-1].end >= dt.date(year, 12, 31)
        for before, after in zip(periods, periods[1:]):
            assert after.start == before.end + dt.timedelta(days=1)
        for period in periods:
            held = [m for m in own if m.kind is kind and period.start <= m.date <= period.end]
            assert list(period.meetings) == sorted(held, key=lambda m: (m.date, m.id))
            if held:
                assert period.state is PeriodState.HELD
            elif period.end < today and first is not None and period.start >= first:
                assert period.state is PeriodState.MISSED
            if period.state is PeriodState.MISSED:
                assert not held and period.end < today
            if period.state is PeriodState.IN_PROGRESS:
                assert period.start <= today <= period.end and not held


def test_rhythm_status_edges() -> None:
    rhythm = Rhythm()
    items = [
        _meeting(1, MeetingKind.STUDY, dt.date(2025, 3, 31)),  # last day of March
        _meeting(2, MeetingKind.STUDY, dt.date(2025, 5, 1), street="b"),  # another street
        _meeting(3, MeetingKind.RESEARCH, dt.date(2025, 4, 1)),
    ]
    status = rhythm_status(items, "a", 2025, dt.date(2025, 6, 30), rhythm)
    study = {p.label: p.state for p in status[MeetingKind.STUDY]}
    assert study == {
        "1月": PeriodState.BEFORE_RECORDS,
        "2月": PeriodState.BEFORE_RECORDS,
        "3月": PeriodState.HELD,
        "4月": PeriodState.MISSED,
        "5月": PeriodState.MISSED,
        "6月": PeriodState.IN_PROGRESS,  # today is its last day: not over yet
        "7月": PeriodState.FUTURE,
        "8月": PeriodState.FUTURE,
        "9月": PeriodState.FUTURE,
        "10月": PeriodState.FUTURE,
        "11月": PeriodState.FUTURE,
        "12月": PeriodState.FUTURE,
    }
    research = [(p.label, p.state) for p in status[MeetingKind.RESEARCH]]
    assert research == [
        ("第一季度", PeriodState.BEFORE_RECORDS),
        ("第二季度", PeriodState.HELD),
        ("第三季度", PeriodState.FUTURE),
        ("第四季度", PeriodState.FUTURE),
    ]
    conference = [(p.label, p.state) for p in status[MeetingKind.CONFERENCE]]
    assert conference == [("上半年", PeriodState.BEFORE_RECORDS), ("下半年", PeriodState.FUTURE)]


def test_uneven_periods_cross_years() -> None:
    rhythm = Rhythm(study_months=5, research_months=3, conference_months=24)
    status = rhythm_status([], "a", 2025, dt.date(2025, 6, 1), rhythm)
    assert [p.label for p in status[MeetingKind.STUDY]] == ["1—5月", "6—10月", "2025年11月—2026年3月"]
    assert [p.label for p in status[MeetingKind.CONFERENCE]] == ["2024年1月—2025年12月"]
    assert {p.state for ps in status.values() for p in ps} == {PeriodState.BEFORE_RECORDS}


# --- the example content -----------------------------------------------------------


@pytest.fixture(scope="module")
def content_pages() -> dict[str, str]:
    return _pages(fixed_context(CONTENT))


def _section(page: str, heading: str) -> list[str]:
    lines = page.split("\n")
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start:end]


def test_hualong_missed_study_in_august_2025(content_pages: dict[str, str]) -> None:
    page = content_pages["meetings/hualong/2025.md"]
    missed = [line for line in page.split("\n") if "✗ 未开展" in line and line.startswith("| ")]
    assert missed == ['| 8月 | <span class="yz-badge yz-badge--missed">✗ 未开展</span> | — |']
    study = [line for line in _section(page, "## 每月学习") if line.startswith("| ") and "月 |" in line]
    assert len(study) == 12
    assert "- 学习（每月）：已开展 11 / 应开展 12；未开展：8月" in page.split("\n")
    assert "- 调研（每季度）：已开展 4 / 应开展 4" in page.split("\n")
    assert "- 代表大会（每半年）：已开展 2 / 应开展 2" in page.split("\n")


def test_hualong_in_the_overview(content_pages: dict[str, str]) -> None:
    lines = _section(content_pages["meetings/index.md"], "## 华龙街道")
    assert "| 2025 | 11 / 12 | 4 / 4 | 2 / 2 | 1（8月学习） | 4 | [2025 年日历](hualong/2025.md) |" in lines
    # November 2026 is still running on 2026-11-27: neither due nor missed.
    assert "| 2026 | 10 / 10 | 4 / 4 | 2 / 2 | 0 | 2 | [2026 年日历](hualong/2026.md) |" in lines


def test_current_month_in_progress(content_pages: dict[str, str]) -> None:
    page = content_pages["meetings/hualong/2026.md"]
    assert '| 11月 | <span class="yz-badge yz-badge--in-progress">进行中</span> | — |' in page.split("\n")
    assert '| 12月 | <span class="yz-badge yz-badge--future">未到</span> | — |' in page.split("\n")


def test_case_pages_sorted_newest_first(content_pages: dict[str, str]) -> None:
    listing = content_pages["cases/index.md"]
    order = [line.split("](")[1].split(")")[0] for line in listing.split("\n") if line.startswith("-   **[")]
    assert order == [
        "meidian-1-elevators.md",
        "beiqu-market-footbridge.md",
        "sports-center-lianghekou-park.md",
        "meidian-2-owners-committee.md",
        "sanbuguan-compounds.md",
    ]
    assert "    加装电梯 8 部 · 受益住户 96 户 · 签订协议单元 8 个" in listing.split("\n")


# --- privacy and escaping ----------------------------------------------------------


def test_unpublished_suggestion_is_only_counted() -> None:
    ctx = fixed_context()
    registry = ctx.registry
    meeting = registry.meetings["2026-03-study"]
    # 2026-X0001 is 已交办 (not yet replied), 2026-W0003 is merged and not public.
    linked = ["2026-X0002", "2026-X0001", "2026-W0003"]
    registry.meetings[meeting.id] = meeting.model_copy(update={"suggestions": linked})
    page = _pages(ctx)["meetings/2026-03-study.md"]
    for hidden in ("修座人行天桥", "2026-X0001", "2026&#45;X0001", "天桥旁加装路灯", "2026&#45;W0003"):
        assert hidden not in page
    lines = page.split("\n")
    assert "另有 1 件意见建议正在办理，答复后公开。" in lines
    assert "另有 1 件意见建议不公开全文（不予受理、合并办理，或提出人未同意公开）。" in lines
    assert "农贸市场路口过街难" in page  # the published one is still named


def test_record_text_is_escaped() -> None:
    ctx = fixed_context()
    registry = ctx.registry
    hostile = "<script>alert(1)</script> [x](javascript:alert(1))"
    meeting = registry.meetings["2026-03-study"]
    registry.meetings[meeting.id] = meeting.model_copy(update={"title": hostile, "summary": hostile, "topic": hostile})
    case = registry.cases["overpass"]
    registry.cases[case.id] = case.model_copy(
        update={
            "summary": hostile,
            "quotes": [Quote(text=f"{hostile}\n</blockquote>", speaker="# 居民")],
            "figures": [Figure(label="| 列 |", value=2.5, unit="<b>")],
        }
    )
    files = _pages(ctx)
    for path, text in files.items():
        front, body = text.split("\n---\n", 1) if text.startswith("---\n") else ("", text)
        assert "<script" not in body and "](javascript" not in body, path
        assert "<" not in front, path  # the title in the front matter is HTML-escaped (kit.page_start)
    case_lines = files["cases/overpass.md"].split("\n")
    assert "——&#35; 居民" in case_lines
    assert "| &#124; 列 &#124; | 2.5 | &#60;b&#62; |" in case_lines
    assert case_lines.count("</blockquote>") == 1


# --- cases: figures and pagination -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"), [(8.0, "8"), (0.0, "0"), (2.5, "2.5"), (1e-7, "0.0000001"), (1e20, "100000000000000000000")]
)
def test_figure_numbers(value: float, text: str) -> None:
    assert cases.number(value) == text


def test_case_listing_paginates() -> None:
    ctx = fixed_context()
    registry = ctx.registry
    case = registry.cases.pop("overpass")
    for n in range(51):
        new_id = f"case-{n:03d}"
        last = case.timeline[-1].model_copy(update={"date": dt.date(2026, 1, 1) + dt.timedelta(days=n)})
        registry.cases[new_id] = case.model_copy(update={"id": new_id, "timeline": [case.timeline[0], last]})
        registry.sources[("case", new_id)] = registry.sources[("case", "overpass")]
    files = render_site(ctx, [cases.render])
    assert sorted(p for p in files if not p.startswith("cases/case-")) == ["cases/2.md", "cases/index.md"]
    first, second = files["cases/index.md"].split("\n"), files["cases/2.md"].split("\n")
    assert first.count("第 1 / 2 页 · [下一页](2.md)") == 2  # the one pager (kit.pager), above and below
    assert second.count("[上一页](index.md) · 第 2 / 2 页") == 2
    assert first.count('<nav class="yz-pager" markdown>') == 2
    assert sum(line.startswith("-   **[") for line in first) == 50
    assert [line for line in second if line.startswith("-   **[")] == ["-   **[北区农贸市场人行天桥建成](case-000.md)**"]
    assert files["cases/index.md"].count("](case-050.md)") == 1  # newest first

