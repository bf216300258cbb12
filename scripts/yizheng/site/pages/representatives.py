"""Representative pages: who they are, how they were selected, and their record of duty.

Pages:
- representatives/index.md: counts per street and category; when the district
  is small enough, everyone in office grouped by street and category and the
  former representatives too. Otherwise each street gets its own paginated
  listing (representatives/streets/<street>/index.md, 2.md, ...) and the
  former representatives theirs (representatives/former/index.md, ...).
- representatives/<id>.md: one page per representative (ctx.page_of).
- representatives/duty/<id>/{meetings,suggestions,cases}/index.md, 2.md, ...:
  the full record of duty, only when it is longer than what the
  representative's own page shows.

Only published suggestions appear by title; the others are only counted.
"""

from __future__ import annotations

import posixpath

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ...handling import Visibility
from ...kinds import KIND_BY_NAME
from ...models.case import Case
from ...models.meeting import DutyReport, Meeting, MeetingKind
from ...models.representative import (
    STEP_ORDER,
    STEP_TITLES,
    Representative,
    ServiceStatus,
)
from ...models.suggestion import Suggestion
from .. import derived, md, wording
from ..context import LISTING_NAMES, SiteContext, assert_no_reserved, listing_folder, listing_path, relative
from ..kit import (
    CATEGORY_ORDER,
    LINKED_SHOWN,
    Listing,
    blocks,
    evaluations_table,
    example_notice,
    link_to,
    name_of,
    page_start,
    paginate,
    phone_link,
    record_footer,
    representative_order,
    status_badge,
    street_table,
)

FOLDER = KIND_BY_NAME["representative"].pages
INDEX = f"{FOLDER}/index.md"

ON_INDEX = 150
"""Up to this many representatives (in office and former), everyone is listed on the index itself."""

RECENT = 10
"""Items of each part of the record of duty shown on the representative's own page."""

STATUS_SLUGS = {ServiceStatus.SERVING: "serving", ServiceStatus.LEFT: "left"}

RESERVED_IDS = LISTING_NAMES["representative"]
"""Record ids that would collide with the listing pages of this folder (validation refuses them)."""
STREETS = listing_folder("representative", "streets")
FORMER = listing_folder("representative", "former")
DUTY = listing_folder("representative", "duty")


# --- reverse indexes: a derived value (site/derived.py), by record id ----------------------


@dataclass(frozen=True)
class Duty:
    """Everything that refers to one representative, by record id, each list the latest first."""

    meetings: tuple[str, ...] = ()  # attended
    reports: tuple[tuple[str, int], ...] = ()  # 述职评议: (meeting id, place in its duty_reports)
    published: tuple[str, ...] = ()
    unpublished: tuple[tuple[Visibility, int], ...] = ()  # handling.Visibility (not PUBLISHED), count
    cases: tuple[str, ...] = ()
    shifts: tuple[tuple[str, str, str], ...] = ()  # station id, weekday, time
    linked: tuple[str, ...] = ()  # representatives linked to this deputy


@dataclass
class DutyRecords:
    """A Duty with the records themselves (read inside a page's piece, so the piece depends on them)."""

    meetings: list[Meeting]
    reports: list[tuple[Meeting, DutyReport]]
    published: list[Suggestion]
    unpublished: Counter
    cases: list[Case]
    shifts: list[tuple[str, str, str]]
    linked: list[Representative]


DUTY_FIELDS = derived.HANDLING | {"representatives", "submitted"}
"""What duty_index reads of a suggestion: who collected it, when, and whether it is published."""


def duty_index(ctx: SiteContext) -> dict[str, Duty]:
    return ctx.derived(_duty_index, fields={"suggestion": DUTY_FIELDS})


def _duty_index(ctx: SiteContext) -> dict[str, Duty]:
    registry = ctx.registry
    meetings: dict[str, list[Meeting]] = defaultdict(list)
    reports: dict[str, list[tuple[Meeting, int]]] = defaultdict(list)
    published: dict[str, list[Suggestion]] = defaultdict(list)
    unpublished: dict[str, Counter] = defaultdict(Counter)
    cases: dict[str, list[Case]] = defaultdict(list)
    shifts: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    linked: dict[str, list[Representative]] = defaultdict(list)
    known = registry.handling
    for meeting in registry.meetings.values():
        for rep_id in meeting.attendees:
            meetings[rep_id].append(meeting)
        for number, report in enumerate(meeting.duty_reports):
            reports[report.representative].append((meeting, number))
    for suggestion in registry.suggestions.values():
        for rep_id in suggestion.representatives:
            seen = known[suggestion.id].visibility
            if seen is Visibility.PUBLISHED:
                published[rep_id].append(suggestion)
            else:
                unpublished[rep_id][seen] += 1
    for case in registry.cases.values():
        for rep_id in case.origin.representatives:
            cases[rep_id].append(case)
    for station in registry.stations.values():
        for shift in station.schedule:
            for rep_id in shift.representatives:
                shifts[rep_id].append((station.id, shift.weekday.value, shift.time))
    for rep in registry.representatives.values():
        if rep.linked_deputy is not None:
            linked[rep.linked_deputy].append(rep)
    everyone = set().union(meetings, reports, published, unpublished, cases, shifts, linked)
    return {
        rep_id: Duty(
            meetings=_ids(sorted(meetings.get(rep_id, ()), key=lambda m: (m.date, m.id), reverse=True)),
            reports=tuple(
                (m.id, number)
                for m, number in sorted(reports.get(rep_id, ()), key=lambda item: (item[0].date, item[0].id), reverse=True)
            ),
            published=_ids(sorted(published.get(rep_id, ()), key=lambda s: (s.submitted, s.id), reverse=True)),
            unpublished=tuple(sorted(unpublished[rep_id].items(), key=lambda item: item[0].value)) if rep_id in unpublished else (),
            cases=_ids(sorted(cases.get(rep_id, ()), key=lambda c: (c.timeline[-1].date, c.id), reverse=True)),
            shifts=tuple(shifts.get(rep_id, ())),
            linked=_ids(sorted(linked.get(rep_id, ()), key=lambda r: (r.status is not ServiceStatus.SERVING, r.id))),
        )
        for rep_id in sorted(everyone)
    }


def _ids(records: list) -> tuple[str, ...]:
    return tuple(record.id for record in records)


def _records(ctx: SiteContext, duty: Duty) -> DutyRecords:
    registry = ctx.registry
    meetings, suggestions, cases, reps = registry.meetings, registry.suggestions, registry.cases, registry.representatives
    return DutyRecords(
        meetings=[meetings[i] for i in duty.meetings],
        reports=[(meetings[i], meetings[i].duty_reports[number]) for i, number in duty.reports],
        published=[suggestions[i] for i in duty.published],
        unpublished=Counter(dict(duty.unpublished)),
        cases=[cases[i] for i in duty.cases],
        shifts=list(duty.shifts),
        linked=[reps[i] for i in duty.linked],
    )


UNPUBLISHED_WORDS = [
    (Visibility.PENDING, "正在办理"),
    (Visibility.ENDED, "不予受理或已合并办理"),
    (Visibility.PRIVATE, "已答复或办结、提出人未同意公开全文"),
]


# --- the renderer ----------------------------------------------------------------


def render(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    reps = ctx.registry.representatives
    assert_no_reserved("representative", reps)
    duties = duty_index(ctx)
    ordered = sorted(reps.values(), key=representative_order(ctx))
    serving = [r for r in ordered if r.status is ServiceStatus.SERVING]
    former = sorted(
        (r for r in ordered if r.status is ServiceStatus.LEFT),
        key=lambda r: (r.departure.date if r.departure else r.selection.appointed, r.id),
        reverse=True,
    )
    small = len(reps) <= ON_INDEX
    yield INDEX, _index(ctx, serving, former, small)
    if not small:
        for street in ctx.registry.site.streets:
            members = [r for r in serving if r.street == street.id]
            yield from paginate(
                f"{STREETS}/{street.id}", members, lambda listing, s=street.id, m=members: _street_page(ctx, listing, s, m)
            )
        yield from paginate(FORMER, former, lambda listing: _former_page(ctx, listing, former))
    empty = Duty()
    for rep in ordered:
        duty = duties.get(rep.id, empty)
        # Kept between incremental generations: made again when the representative, what the page
        # reads of other records, or the ids referring to them change.
        yield ctx.page_of("representative", rep.id), ctx.memo(representative_page, rep, duty)
        yield from _duty_pages(ctx, rep, duty)




# --- listings --------------------------------------------------------------------------




def _index(ctx: SiteContext, serving: list[Representative], former: list[Representative], small: bool) -> str:
    by_street: dict[str, list[Representative]] = defaultdict(list)
    for rep in serving:
        by_street[rep.street].append(rep)
    columns = [
        ("在任", Counter(rep.street for rep in serving)),
        *((c.value, Counter(rep.street for rep in serving if rep.category is c)) for c in CATEGORY_ORDER),
        ("离任", Counter(rep.street for rep in former)),
    ]
    parts = [
        page_start("议政代表"),
        wording.REPRESENTATIVES_INTRO,
        f"全区现有在任议政代表 {len(serving)} 名，离任 {len(former)} 名。",
        street_table(ctx, INDEX, columns, None if small else STREETS, by_street),
    ]
    if small:
        for street in ctx.registry.site.streets:
            members = by_street.get(street.id, [])
            if members:
                parts.append(md.heading(2, f"{street.name}（{len(members)} 名）"))
                parts.append(_grouped(ctx, INDEX, members, level=3))
        if former:
            parts.append(md.heading(2, f"离任议政代表（{len(former)} 名）"))
            parts.append(_former_table(ctx, INDEX, former))
    else:
        parts.append("点击街道名称查看该街道的全部在任议政代表。")
        if former:
            link = md.link(f"离任议政代表名单（{len(former)} 名）", relative(INDEX, listing_path(FORMER, 1)))
            parts.append(f"另见：{link}。")
    if not serving and not former:
        parts.append("目前还没有议政代表的记录。")
    return blocks(*parts)


def _grouped(
    ctx: SiteContext, page: str, members: list[Representative], level: int, counts: Counter | None = None
) -> str:
    """Representatives (already sorted by category) under one heading per category."""
    index = ctx.registry.index
    groups = []
    for category in CATEGORY_ORDER:
        group = [rep for rep in members if rep.category is category]
        if not group:
            continue
        total = counts[category] if counts is not None else len(group)
        groups.append(md.heading(level, f"{category.value}（{total} 名）"))
        lines = []
        for rep in group:
            where = [name_of(index.communities, rep.community)]
            if rep.grid is not None:
                where.append(name_of(index.grids, rep.grid))
            lines.append(f"- {link_to(ctx, page, 'representative', rep.id, rep.name)}：{' '.join(where)}")
        groups.append("\n".join(lines))
    return "\n\n".join(groups)


def _former_table(ctx: SiteContext, page: str, former: list[Representative]) -> str:
    index = ctx.registry.index
    rows = []
    for rep in former:
        departure = rep.departure
        rows.append(
            [
                link_to(ctx, page, "representative", rep.id, rep.name),
                name_of(index.streets, rep.street),
                md.cell(rep.category.value),
                f"第 {rep.term} 届",
                departure.date if departure else "—",
                md.cell(departure.reason) if departure else "—",
            ]
        )
    return md.table(["姓名", "街道", "类别", "届次", "离任日期", "离任原因"], rows)


def _street_page(ctx: SiteContext, listing: Listing, street_id: str, members: list[Representative]) -> str:
    street = ctx.registry.index.streets[street_id]
    counts = Counter(rep.category for rep in members)
    summary = "，".join(f"{c.value} {counts[c]} 名" for c in CATEGORY_ORDER if counts[c])
    page = listing.page
    return blocks(
        page_start(listing.heading(f"{street.name}议政代表")),
        md.join(street.name, f"现有在任议政代表 {len(members)} 名" + (f"：{summary}。" if summary else "。")),
        md.link("返回议政代表总览", relative(page, INDEX)),
        listing.pager,
        _grouped(ctx, page, listing.items, level=2, counts=counts) if listing.items else "本街道目前没有在任议政代表。",
        listing.pager,
    )


def _former_page(ctx: SiteContext, listing: Listing, former: list[Representative]) -> str:
    page = listing.page
    return blocks(
        page_start(listing.heading("离任议政代表")),
        f"共 {len(former)} 名，按离任日期从近到远排列。",
        md.link("返回议政代表总览", relative(page, INDEX)),
        listing.pager,
        _former_table(ctx, page, listing.items) if listing.items else "目前没有离任的议政代表。",
        listing.pager,
    )


# --- one representative ---------------------------------------------------------------



def representative_page(ctx: SiteContext, rep: Representative, ids: Duty) -> str:
    registry = ctx.registry
    duty = _records(ctx, ids)
    index = registry.index
    page = ctx.page_of("representative", rep.id)
    station = registry.stations.get(rep.station)

    status = md.badge(rep.status.value, STATUS_SLUGS[rep.status])
    if rep.departure is not None:
        status = md.join(status, " ", rep.departure.date, " 离任（", rep.departure.reason, "）")
    facts = [
        ("类别", md.cell(rep.category.value)),
        ("状态", status),
        ("届次", "、".join(dict.fromkeys(f"第 {m.term} 届" for m in rep.terms))),
        ("街道", name_of(index.streets, rep.street)),
        ("社区", name_of(index.communities, rep.community)),
    ]
    if rep.grid is not None:
        facts.append(("网格", name_of(index.grids, rep.grid)))
    station_name = station.name if station is not None else rep.station
    facts.append(("所在联络站点", link_to(ctx, page, "station", rep.station, station_name)))
    serving = rep.status is ServiceStatus.SERVING
    if serving and station is not None and station.phone:
        facts.append(("联络站点公开电话", phone_link(station.phone)))
    if rep.affiliation:
        facts.append(("工作单位或身份", md.cell(rep.affiliation)))
    if rep.linked_deputy is not None:
        deputy = registry.representatives.get(rep.linked_deputy)
        label = deputy.name if deputy is not None else rep.linked_deputy
        facts.append(("联系的人大代表", link_to(ctx, page, "representative", rep.linked_deputy, label)))
    if rep.duties:
        facts.append(("担任的职务", md.join(*rep.duties, sep="、")))

    parts = [
        page_start(rep.name),
        example_notice(rep.example),
        md.definition_list(facts),
        wording.REPRESENTATIVE_CONTACT if serving else "",
    ]
    if rep.bio:
        parts += ["## 简介", md.block(rep.bio)]
    parts += ["## 任期和产生程序", _terms(rep)]
    if duty.reports:
        parts += ["## 述职评议", wording.DUTY_REPORTS, evaluations_table(ctx, page, duty.reports)]
    if duty.linked:
        parts += ["## 联系的议政代表", _linked(ctx, page, rep, duty.linked)]
    parts += _record_of_duty(ctx, page, rep, duty)
    parts.append(record_footer(ctx, "representative", rep.id, rep.name))
    return blocks(*parts)


def _terms(rep: Representative) -> str:
    """Each term, the latest first: when it ran and why it ended, and the steps that selected the representative
    for it, with the 公示 notice (period, place, objections and how they were handled)."""
    parts = []
    for membership in reversed(rep.terms):
        until = f"至 {md.date(membership.end)}" if membership.end else "起，至今在任"
        lines = [f"### 第 {membership.term} 届", "", f"任期：{md.date(membership.start)} {until}"]
        if membership.end_reason:
            lines[-1] += md.join("（", membership.end_reason, "）")
        lines += ["", "产生程序：", ""]
        selection = membership.selection
        for step in STEP_ORDER:
            value = getattr(selection, step)
            lines.append(f"- {STEP_TITLES[step]}：{md.date(value) if value else '未记录'}")
        notice = selection.notice
        if notice is not None:
            objections = md.Safe(f"收到异议 {notice.objections} 件" if notice.objections else "没有收到异议")  # digits
            period = md.Safe(f"公示情况：{md.date(notice.start)} 至 {md.date(notice.end)}，在")  # dates
            handling = "。" if notice.handling is None else md.join("；处理情况：", notice.handling, "。")
            lines += ["", md.join(period, notice.place, "公示，", objections, handling)]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _linked(ctx: SiteContext, page: str, rep: Representative, linked: list[Representative]) -> str:
    serving = sum(1 for r in linked if r.status is ServiceStatus.SERVING)
    intro = f"按照人大代表联系议政代表的工作机制，{md.inline(rep.name)}联系以下议政代表（在任 {serving} 名"
    intro += f"，离任 {len(linked) - serving} 名）：" if serving < len(linked) else "）："
    names = []
    for other in linked[:LINKED_SHOWN]:
        label = link_to(ctx, page, "representative", other.id, other.name)
        names.append(label + ("（已离任）" if other.status is ServiceStatus.LEFT else ""))
    text = intro + "\n\n" + "、".join(names)
    if len(linked) > LINKED_SHOWN:
        text += f" 等 {len(linked)} 名。"
    return text


def _record_of_duty(ctx: SiteContext, page: str, rep: Representative, duty: DutyRecords) -> list[str]:
    kinds = Counter(m.kind for m in duty.meetings)
    by_kind = "、".join(f"{k.value} {kinds[k]} 次" for k in MeetingKind if kinds[k])
    unpublished = sum(duty.unpublished.values())
    carried = len(duty.published) + unpublished
    summary = (
        f"出席会议活动 {len(duty.meetings)} 次" + (f"（{by_kind}）" if by_kind else "")
        + f"，收集或跟进意见建议 {carried} 件，参与推动典型案例 {len(duty.cases)} 个。"
    )
    parts = ["## 履职档案", summary]

    if duty.shifts:
        parts.append("### 值班时间")
        stations = ctx.registry.stations
        rows = [
            [link_to(ctx, page, "station", sid, stations[sid].name if sid in stations else sid), md.cell(d), md.cell(t)]
            for sid, d, t in duty.shifts
        ]
        parts.append(md.table(["联络站点", "星期", "时段"], rows))

    parts.append("### 出席的会议活动")
    if duty.meetings:
        parts.append(_meeting_table(ctx, page, duty.meetings[:RECENT]))
        parts.append(_more(ctx, page, rep, "meetings", len(duty.meetings), f"查看全部 {len(duty.meetings)} 次会议活动"))
    else:
        parts.append("暂无出席记录。")

    parts.append("### 收集或跟进的意见建议")
    if duty.published:
        parts.append(_suggestion_table(ctx, page, duty.published[:RECENT]))
        parts.append(_more(ctx, page, rep, "suggestions", len(duty.published), f"查看全部 {len(duty.published)} 件已公开的意见建议"))
    elif not unpublished:
        parts.append("暂无记录。")
    if unpublished:
        reasons = "，".join(
            f"{words} {duty.unpublished[key]} 件" for key, words in UNPUBLISHED_WORDS if duty.unpublished[key]
        )
        lead = "另有" if duty.published else "共有"
        parts.append(f"{lead} {unpublished} 件尚未公开全文：{reasons}。意见建议在答复或办结、且提出人同意后公开。")

    parts.append("### 参与推动的典型案例")
    if duty.cases:
        parts.append(_case_list(ctx, page, duty.cases[:RECENT]))
        parts.append(_more(ctx, page, rep, "cases", len(duty.cases), f"查看全部 {len(duty.cases)} 个典型案例"))
    else:
        parts.append("暂无记录。")
    return parts


def _meeting_table(ctx: SiteContext, page: str, meetings: list[Meeting]) -> str:
    folder = posixpath.dirname(page)  # a row's links are the same from every page of a folder
    return md.table(["日期", "类型", "会议活动"], [ctx.memo(_meeting_row, m, folder) for m in meetings])


def _meeting_row(ctx: SiteContext, m: Meeting, folder: str) -> tuple[md.Cell, ...]:
    return (m.date, md.cell(m.kind.value), link_to(ctx, f"{folder}/index.md", "meeting", m.id, m.title))


def _suggestion_table(ctx: SiteContext, page: str, suggestions: list[Suggestion]) -> str:
    folder = posixpath.dirname(page)
    return md.table(["编号", "标题", "状态", "提出日期"], [ctx.memo(_suggestion_row, s, folder) for s in suggestions])


def _suggestion_row(ctx: SiteContext, s: Suggestion, folder: str) -> tuple[md.Cell, ...]:
    assert ctx.handling(s.id).published, f"{s.id} is not published: duty_index lists only published suggestions by title"
    title = link_to(ctx, f"{folder}/index.md", "suggestion", s.id, s.title)
    return (md.cell(s.id), title, status_badge(s.status), s.submitted)


def _case_list(ctx: SiteContext, page: str, cases: list[Case]) -> str:
    return "\n".join(f"- {link_to(ctx, page, 'case', c.id, c.title)}" for c in cases)


def _more(ctx: SiteContext, page: str, rep: Representative, part: str, count: int, label: str) -> str:
    if count <= RECENT:
        return ""
    return f"以上是最近的 {RECENT} 项。" + md.link(label, relative(page, listing_path(_duty_folder(rep, part), 1)))


def _duty_folder(rep: Representative, part: str) -> str:
    return f"{DUTY}/{rep.id}/{part}"


DUTY_PARTS: dict[str, tuple[str, Callable[[Duty], tuple[str, ...]], Callable, str]] = {
    "meetings": ("出席的会议活动", lambda d: d.meetings, _meeting_table, "meetings"),
    "suggestions": ("收集或跟进的意见建议（已公开）", lambda d: d.published, _suggestion_table, "suggestions"),
    "cases": ("参与推动的典型案例", lambda d: d.cases, _case_list, "cases"),
}
"""Each part: its title, its ids in a Duty, how it is shown, and the registry attribute of its records."""


def _duty_pages(ctx: SiteContext, rep: Representative, duty: Duty) -> Iterator[tuple[str, str]]:
    """Full, paginated lists of the parts of a record of duty too long for the representative's page."""
    for part, (title, items_of, table, _) in DUTY_PARTS.items():
        items = items_of(duty)
        if len(items) <= RECENT:
            continue
        def write(listing: Listing, part: str = part, items: tuple = items) -> str:
            # Kept between incremental generations: a page changes only with its records.
            return ctx.memo(
                _duty_page, rep, part, tuple(listing.items), listing.page, listing.heading(""), listing.pager, len(items)
            )

        yield from paginate(_duty_folder(rep, part), items, write)


def _duty_page(
    ctx: SiteContext, rep: Representative, part: str, ids: tuple[str, ...], page: str, number: str, pager: str, count: int
) -> str:
    title, _, table, attribute = DUTY_PARTS[part]
    records = getattr(ctx.registry, attribute)
    items = [records[i] for i in ids]
    back = link_to(ctx, page, "representative", rep.id, f"返回{rep.name}的履职档案")
    return blocks(
        page_start(f"{rep.name}：{title}{number}", searchable=False),
        md.join(f"共 {count} 项，按日期从近到远排列。", back),
        pager,
        table(ctx, page, items),
        pager,
    )
