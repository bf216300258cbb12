"""Meeting pages: the rhythm overview, one calendar per street and year, one page per meeting.

The mechanism is 一月一学习、一季度一调研、半年一大会 (the periods come from
site.yml's rhythm). Whether a period's study, research or conference was held
is decided by `rhythm_status`, a pure function the calendar and the overview
share, so the two can never disagree.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import posixpath
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

from ...handling import Visibility
from ...kinds import KIND_BY_NAME
from ...models.meeting import Meeting, MeetingKind
from ...models.representative import RepresentativeCategory
from ...models.site import Rhythm
from .. import md, wording
from ..context import SiteContext, assert_no_reserved, listing_path
from ..context import relative as _relative
from ..kit import evaluation_cells, example_notice, link_to, page_start, record_footer, status_badge, unit_page

FOLDER = KIND_BY_NAME["meeting"].pages
INDEX = listing_path(FOLDER, 1)
LATEST = 20
"""How many of the latest meetings the overview lists."""
RECENT_YEARS = 3
"""How many years the overview's table shows per street (every year keeps its calendar page)."""

RHYTHM_KINDS = (MeetingKind.STUDY, MeetingKind.RESEARCH, MeetingKind.CONFERENCE)
OTHER_KINDS = tuple(kind for kind in MeetingKind if kind not in RHYTHM_KINDS)


# --- the rhythm: which period was held, missed, still running --------------------


class PeriodState(str, Enum):
    HELD = "held"  # at least one meeting of the kind took place in the period
    MISSED = "missed"  # the period has fully passed, nothing of the kind was held
    IN_PROGRESS = "in-progress"  # today falls in the period, nothing held yet
    FUTURE = "future"  # the period has not begun
    BEFORE_RECORDS = "before-records"  # began before the street's first recorded meeting


STATE_WORDS = {
    PeriodState.HELD: "✓ 已开展",
    PeriodState.MISSED: "✗ 未开展",
    PeriodState.IN_PROGRESS: "进行中",
    PeriodState.FUTURE: "未到",
    PeriodState.BEFORE_RECORDS: "—",
}


@dataclass(frozen=True)
class Period:
    kind: MeetingKind
    start: dt.date
    end: dt.date  # inclusive
    label: str  # e.g. "8月", "第三季度", "下半年"
    state: PeriodState
    meetings: tuple[Meeting, ...]  # the meetings of this kind held in the period, by date


def months_of(kind: MeetingKind, rhythm: Rhythm) -> int:
    return {
        MeetingKind.STUDY: rhythm.study_months,
        MeetingKind.RESEARCH: rhythm.research_months,
        MeetingKind.CONFERENCE: rhythm.conference_months,
    }[kind]


def _month_start(index: int) -> dt.date:
    """Month number `index` counted from January of year 0 → its first day."""
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_end(index: int) -> dt.date:
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_QUARTERS = ["第一季度", "第二季度", "第三季度", "第四季度"]


def period_label(start: dt.date, end: dt.date, months: int) -> str:
    if months == 1:
        return f"{start.month}月"
    if start.year == end.year:
        if months == 3 and start.month % 3 == 1:
            return _QUARTERS[start.month // 3]
        if months == 6 and start.month in (1, 7):
            return "上半年" if start.month == 1 else "下半年"
        if months == 12:
            return "全年"
        return f"{start.month}—{end.month}月"
    return f"{start.year}年{start.month}月—{end.year}年{end.month}月"


def _periods_touching(year: int, months: int) -> Iterator[tuple[dt.date, dt.date]]:
    """The periods of `months` months that overlap `year`.

    Periods are counted from January of year 0, so 1, 2, 3, 4, 6 and 12 months
    line up with the calendar year (months, quarters, half-years); longer or
    uneven ones continue across years.
    """
    first, last = (year * 12) // months, (year * 12 + 11) // months
    for number in range(first, last + 1):
        yield _month_start(number * months), _month_end(number * months + months - 1)


def rhythm_status(
    meetings: Iterable[Meeting], street: str, year: int, today: dt.date, rhythm: Rhythm
) -> dict[MeetingKind, list[Period]]:
    """For each of 学习, 调研 and 代表大会: the periods of `year` and whether each was held.

    A period is held when a meeting of that kind of `street` falls in it; missed
    only when it has fully passed (ended before `today`) with none held and
    began on or after the street's first recorded meeting of any kind (earlier
    periods are not counted); otherwise in progress (today falls in it) or future.
    """
    own = sorted((m for m in meetings if m.street == street), key=lambda m: (m.date, m.id))
    first = own[0].date if own else None
    result: dict[MeetingKind, list[Period]] = {}
    for kind in RHYTHM_KINDS:
        months = months_of(kind, rhythm)
        of_kind = [m for m in own if m.kind is kind]
        periods = []
        for start, end in _periods_touching(year, months):
            held = tuple(m for m in of_kind if start <= m.date <= end)
            if held:
                state = PeriodState.HELD
            elif first is None or start < first:
                state = PeriodState.BEFORE_RECORDS
            elif end < today:
                state = PeriodState.MISSED
            elif start <= today:
                state = PeriodState.IN_PROGRESS
            else:
                state = PeriodState.FUTURE
            periods.append(Period(kind, start, end, period_label(start, end, months), state, held))
        result[kind] = periods
    return result


def _every(months: int) -> str:
    return {1: "每月", 3: "每季度", 6: "每半年", 12: "每年", 24: "每两年"}.get(months, f"每 {months} 个月")


def rhythm_sentence(rhythm: Rhythm) -> str:
    """一月一学习、一季度一调研、半年一大会, spelled from the configured periods."""
    parts = [f"{_every(months_of(kind, rhythm))}至少开展一次{kind.value}" for kind in RHYTHM_KINDS[:2]]
    parts.append(f"{_every(rhythm.conference_months)}至少召开一次议政代表大会")
    return "，".join(parts)


@dataclass(frozen=True)
class Tally:
    held: int
    due: int  # held + missed: the periods that should have had one by now
    missed: tuple[str, ...]  # labels of the missed periods


def tally(periods: list[Period]) -> Tally:
    held = sum(1 for p in periods if p.state is PeriodState.HELD)
    missed = tuple(p.label for p in periods if p.state is PeriodState.MISSED)
    return Tally(held, held + len(missed), missed)


# --- paths -----------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _from_folder(folder: str, to_page: str) -> str:
    return _relative(f"{folder}/x.md" if folder else "x.md", to_page)


def relative(from_page: str, to_page: str) -> str:
    """context.relative, cached by folder: a meeting page links to the same few hundred pages."""
    return _from_folder(posixpath.dirname(from_page), to_page)



def calendar_path(street: str, year: int) -> str:
    return f"{FOLDER}/{street}/{year}.md"


# --- render ----------------------------------------------------------------------


def render(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    registry = ctx.registry
    assert_no_reserved("meeting", registry.meetings)
    by_street: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in registry.meetings.values():
        by_street[meeting.street].append(meeting)
    for meetings in by_street.values():
        meetings.sort(key=lambda m: (m.date, m.id))

    years_of: dict[str, list[int]] = {}
    statuses: dict[tuple[str, int], dict[MeetingKind, list[Period]]] = {}
    for street_id, meetings in by_street.items():
        last_year = max(ctx.today.year, meetings[-1].date.year)
        years_of[street_id] = list(range(meetings[0].date.year, last_year + 1))
        for year in years_of[street_id]:
            statuses[(street_id, year)] = rhythm_status(meetings, street_id, year, ctx.today, registry.site.rhythm)

    yield INDEX, _index(ctx, by_street, years_of, statuses)
    for street_id, years in years_of.items():
        for year in years:
            yield calendar_path(street_id, year), _calendar(
                ctx, street_id, year, years, statuses[(street_id, year)], by_street[street_id]
            )
    for meeting in registry.meetings.values():
        # Kept between incremental generations: made again when the meeting or a record it shows changes.
        yield ctx.page_of("meeting", meeting.id), ctx.memo(_meeting_page, meeting)


def _street_name(ctx: SiteContext, street_id: str) -> str:
    street = ctx.registry.index.streets.get(street_id)
    return street.name if street else street_id


def _streets_in_order(ctx: SiteContext, by_street: dict[str, list[Meeting]]) -> list[str]:
    known = [s.id for s in ctx.registry.site.streets]
    return known + sorted(s for s in by_street if s not in known)


def _badge(state: PeriodState) -> str:
    return md.badge(STATE_WORDS[state], state.value)




def _index(
    ctx: SiteContext,
    by_street: dict[str, list[Meeting]],
    years_of: dict[str, list[int]],
    statuses: dict[tuple[str, int], dict[MeetingKind, list[Period]]],
) -> str:
    rhythm = ctx.registry.site.rhythm
    lines = [
        page_start("会议活动"),
        "",
        f"议政代表会议实行“一月一学习、一季度一调研、半年一大会”的工作机制：{rhythm_sentence(rhythm)}。"
        "此外，议政代表还参加座谈会、视察、接待群众和政策宣讲。",
        "",
        "下面按街道列出近几年的开展情况：“已开展 / 应开展”中的“应开展”只计已经结束的周期（以及本周期已开展的），"
        f"“未开展”是已经结束却没有开展的周期。点击年份查看当年逐月的会议日历。数据截至 {md.date(ctx.today)}。",
        "",
    ]
    for street_id in _streets_in_order(ctx, by_street):
        lines += [md.heading(2, _street_name(ctx, street_id)), ""]
        years = years_of.get(street_id)
        if not years:
            lines += ["尚无会议记录。", ""]
            continue
        recent = years[-RECENT_YEARS:]
        rows = []
        for year in reversed(recent):
            status = statuses[(street_id, year)]
            tallies = {kind: tally(status[kind]) for kind in RHYTHM_KINDS}
            missed = [f"{label}{kind.value}" for kind in RHYTHM_KINDS for label in tallies[kind].missed]
            others = sum(1 for m in by_street[street_id] if m.date.year == year and m.kind in OTHER_KINDS)
            rows.append(
                [
                    str(year),
                    *(md.join(tallies[kind].held, tallies[kind].due, sep=" / ") for kind in RHYTHM_KINDS),
                    md.join(len(missed), "（", "、".join(missed), "）") if missed else 0,
                    str(others),
                    md.link(f"{year} 年日历", relative(INDEX, calendar_path(street_id, year))),
                ]
            )
        lines += [
            md.table(["年份", "学习", "调研", "代表大会", "未开展", "其他活动", "日历"], rows),
            "",
        ]
        older = years[: -RECENT_YEARS]
        if older:
            links = " · ".join(md.link(str(y), relative(INDEX, calendar_path(street_id, y))) for y in reversed(older))
            lines += [f"更早年份的日历：{links}", ""]

    latest = sorted(ctx.registry.meetings.values(), key=lambda m: (m.date, m.id), reverse=True)[:LATEST]
    lines += ["## 最近的会议活动", ""]
    if latest:
        lines += [
            md.table(
                ["日期", "街道", "类型", "会议活动"],
                (
                    [
                        m.date,
                        md.cell(_street_name(ctx, m.street)),
                        m.kind.value,
                        md.link(m.title, relative(INDEX, ctx.page_of("meeting", m.id))),
                    ]
                    for m in latest
                ),
            ),
            "",
        ]
    else:
        lines += ["尚无会议记录。", ""]
    return "\n".join(lines)


def _meeting_links(page: str, ctx: SiteContext, meetings: Iterable[Meeting]) -> md.Safe:
    return md.join(
        *(
            md.join(md.link(m.title, relative(page, ctx.page_of("meeting", m.id))), f"（{m.date.month}月{m.date.day}日）")
            for m in meetings
        ),
        sep="<br>",
    )


_SECTION_TITLE = {
    MeetingKind.STUDY: "学习",
    MeetingKind.RESEARCH: "调研",
    MeetingKind.CONFERENCE: "议政代表大会",
}

_UNIT = {1: "月份", 3: "季度", 6: "半年"}


def _calendar(
    ctx: SiteContext,
    street_id: str,
    year: int,
    years: list[int],
    status: dict[MeetingKind, list[Period]],
    meetings: list[Meeting],
) -> str:
    page = calendar_path(street_id, year)
    rhythm = ctx.registry.site.rhythm
    name = _street_name(ctx, street_id)
    nav = [md.link("返回会议活动", relative(page, INDEX))]
    if year - 1 in years:
        nav.insert(0, md.link(f"上一年（{year - 1}）", relative(page, calendar_path(street_id, year - 1))))
    if year + 1 in years:
        nav.append(md.link(f"下一年（{year + 1}）", relative(page, calendar_path(street_id, year + 1))))
    lines = [
        page_start(f"{name} {year} 年会议日历"),
        "",
        f"工作机制：{rhythm_sentence(rhythm)}。数据截至 {md.date(ctx.today)}。",
        "",
        " · ".join(nav),
        "",
        "## 开展情况",
        "",
    ]
    for kind in RHYTHM_KINDS:
        t = tally(status[kind])
        missed = f"；未开展：{'、'.join(t.missed)}" if t.missed else ""
        lines.append(f"- {kind.value}（{_every(months_of(kind, rhythm))}）：已开展 {t.held} / 应开展 {t.due}{missed}")
    lines += ["", wording.MEETING_LEGEND, ""]
    for kind in RHYTHM_KINDS:
        months = months_of(kind, rhythm)
        lines += [f"## {_every(months)}{_SECTION_TITLE[kind]}", ""]
        rows = [
            [p.label, _badge(p.state), _meeting_links(page, ctx, p.meetings) or "—"] for p in status[kind]
        ]
        lines += [md.table([_UNIT.get(months, "周期"), "情况", "会议活动"], rows), ""]

    others = [m for m in meetings if m.date.year == year and m.kind in OTHER_KINDS]
    lines += ["## 其他活动", "", "座谈会、视察、接待群众和政策宣讲，按日期排列。", ""]
    if others:
        lines += [
            md.table(
                ["日期", "类型", "会议活动"],
                (
                    [m.date, m.kind.value, md.link(m.title, relative(page, ctx.page_of("meeting", m.id)))]
                    for m in others
                ),
            ),
            "",
        ]
    else:
        lines += [f"{year} 年没有记录其他活动。", ""]
    return "\n".join(lines)


def _meeting_page(ctx: SiteContext, meeting: Meeting) -> str:
    registry = ctx.registry
    page = ctx.page_of("meeting", meeting.id)
    street = _street_name(ctx, meeting.street)
    places = []
    if meeting.station:
        station = registry.stations.get(meeting.station)
        if station:
            places.append(md.link(station.name, relative(page, ctx.page_of("station", station.id))))
        else:
            places.append(md.inline(meeting.station))
    if meeting.location:
        places.append(md.inline(meeting.location))
    calendar_link = md.link(
        f"{meeting.date.year} 年会议日历", relative(page, calendar_path(meeting.street, meeting.date.year))
    )
    facts = [
        ("类型", meeting.kind.value),
        ("日期", meeting.date),
        ("街道", md.join(street, "（", calendar_link, "）")),
        ("地点", md.join(*places, sep="；")),
        ("主题", md.cell(meeting.topic)),
    ]
    lines = [page_start(meeting.title, searchable=False), ""]
    notice = example_notice(meeting.example)
    if notice:
        lines += [notice]
    lines += [md.definition_list(facts), "", "## 纪要", "", md.block(meeting.summary), ""]

    lines += [f"## 出席代表（{len(meeting.attendees)} 名）", ""]
    if meeting.attendees:
        groups: dict[str, list[str]] = defaultdict(list)
        for rep_id in meeting.attendees:
            rep = registry.representatives.get(rep_id)
            if rep is None:
                groups["其他"].append(md.inline(rep_id))
            else:
                target = relative(page, ctx.page_of("representative", rep_id))
                groups[rep.category.value].append(md.link(rep.name, target))
        order = [c.value for c in RepresentativeCategory] + ["其他"]
        for category in sorted(groups, key=order.index):
            links = groups[category]
            lines.append(f"- {md.inline(category)}（{len(links)} 名）：{'、'.join(links)}")
        lines.append("")
    else:
        lines += ["未记录出席代表。", ""]

    if meeting.duty_reports:
        lines += ["## 述职评议", "", wording.DUTY_REPORTS, ""]
        rows = []
        for report in meeting.duty_reports:
            rep = registry.representatives.get(report.representative)
            name = rep.name if rep is not None else report.representative
            rows.append([link_to(ctx, page, "representative", report.representative, name), *evaluation_cells(report)])
        lines += [md.table(["述职代表", "述职内容", "评议人", "评议结果", "评议意见"], rows), ""]
    if meeting.unit_evaluations:
        lines += ["## 评议承办单位", "", wording.UNIT_EVALUATIONS, ""]
        units = registry.index.units
        rows = []
        for evaluation in meeting.unit_evaluations:
            name = units[evaluation.unit].name if evaluation.unit in units else evaluation.unit
            rows.append([md.link(name, relative(page, unit_page(evaluation.unit))), *evaluation_cells(evaluation)])
        lines += [md.table(["承办单位", "报告内容", "评议人", "评议结果", "评议意见"], rows), ""]

    lines += ["## 形成的意见建议", ""]
    lines += _suggestion_lines(ctx, page, meeting.suggestions)

    lines += ["## 相关典型案例", ""]
    cases = [registry.cases[c] for c in meeting.cases if c in registry.cases]
    if cases:
        lines += [f"- {md.link(case.title, relative(page, ctx.page_of('case', case.id)))}" for case in cases]
        lines.append("")
    else:
        lines += ["无。", ""]

    lines.append(record_footer(ctx, "meeting", meeting.id, meeting.title))
    return "\n".join(lines)


def _suggestion_lines(ctx: SiteContext, page: str, ids: list[str]) -> list[str]:
    """Published suggestions as links; the others only counted, never named."""
    published, pending, withheld = [], 0, 0
    for suggestion_id in ids:
        suggestion = ctx.registry.suggestions.get(suggestion_id)
        if suggestion is None:
            continue
        seen = ctx.handling(suggestion_id).visibility
        if seen is Visibility.PUBLISHED:
            published.append(suggestion)
        elif seen is Visibility.PENDING:
            pending += 1
        else:
            withheld += 1
    lines = [
        f"- {md.link(f'{s.id} {s.title}', relative(page, ctx.page_of('suggestion', s.id)))} {status_badge(s.status)}"
        for s in published
    ]
    if lines:
        lines.append("")
    if pending:
        lines += [f"另有 {pending} 件意见建议正在办理，答复后公开。", ""]
    if withheld:
        lines += [f"另有 {withheld} 件意见建议不公开全文（不予受理、合并办理，或提出人未同意公开）。", ""]
    if not ids:
        lines += ["无。", ""]
    return lines
