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

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ...handling import Visibility
from ...kinds import KIND_BY_NAME
from ...models.case import Case
from ...models.meeting import Meeting, MeetingKind
from ...models.representative import (
    STEP_ORDER,
    STEP_TITLES,
    Representative,
    RepresentativeCategory,
    ServiceStatus,
)
from ...models.suggestion import Suggestion
from .. import md
from ..context import (
    LISTING_NAMES,
    PER_PAGE,
    SiteContext,
    assert_no_reserved,
    listing_folder,
    listing_path,
    pages,
    relative,
)
from ..parts import example_notice, record_footer, status_badge

FOLDER = KIND_BY_NAME["representative"].pages
INDEX = f"{FOLDER}/index.md"

ON_INDEX = 150
"""Up to this many representatives (in office and former), everyone is listed on the index itself."""

RECENT = 10
"""Items of each part of the record of duty shown on the representative's own page."""

LINKED_SHOWN = 100
"""Representatives linked to a deputy (or based at a station) listed by name; the rest are counted."""

CATEGORY_ORDER = list(RepresentativeCategory)
STATUS_SLUGS = {ServiceStatus.SERVING: "serving", ServiceStatus.LEFT: "left"}

RESERVED_IDS = LISTING_NAMES["representative"]
"""Record ids that would collide with the listing pages of this folder (validation refuses them)."""
STREETS = listing_folder("representative", "streets")
FORMER = listing_folder("representative", "former")
DUTY = listing_folder("representative", "duty")


# --- helpers shared with the station and rule pages ---------------------------


def pager(page: str, folder: str, number: int, total: int) -> str:
    """'第 2 / 5 页' with links to the previous and next page; empty when there is only one page."""
    if total <= 1:
        return ""
    parts = [f"第 {number} / {total} 页"]
    if number > 1:
        parts.append(md.link("上一页", relative(page, listing_path(folder, number - 1))))
    if number < total:
        parts.append(md.link("下一页", relative(page, listing_path(folder, number + 1))))
    return '<nav class="yz-pager" markdown>\n\n' + " · ".join(parts) + "\n\n</nav>"


def join(*blocks: str) -> str:
    """Markdown blocks separated by blank lines, empty ones left out, ending with one newline."""
    return "\n\n".join(block.strip("\n") for block in blocks if block and block.strip()) + "\n"


def link_to(ctx: SiteContext, page: str, kind: str, record_id: str, label: str) -> str:
    return md.link(label, relative(page, ctx.page_of(kind, record_id)))


def name_of(mapping: dict, key: str | None, fallback: str = "—") -> str:
    """The display name of a site.yml vocabulary entry (street, community, grid), as safe text."""
    if key is None:
        return fallback
    entry = mapping.get(key)
    return md.inline(entry.name if entry is not None else key)


# --- reverse indexes, built once per render ------------------------------------


@dataclass
class Duty:
    """Everything that refers to one representative, gathered in one pass over the records."""

    meetings: list[Meeting] = field(default_factory=list)
    published: list[Suggestion] = field(default_factory=list)
    unpublished: Counter = field(default_factory=Counter)  # handling.Visibility (not PUBLISHED) → count
    cases: list[Case] = field(default_factory=list)
    shifts: list[tuple[str, str, str]] = field(default_factory=list)  # station id, weekday, time
    linked: list[Representative] = field(default_factory=list)  # representatives linked to this deputy


def duty_index(ctx: SiteContext) -> dict[str, Duty]:
    registry = ctx.registry
    duties: dict[str, Duty] = defaultdict(Duty)
    known = registry.handling
    for meeting in registry.meetings.values():
        for rep_id in meeting.attendees:
            duties[rep_id].meetings.append(meeting)
    for suggestion in registry.suggestions.values():
        for rep_id in suggestion.representatives:
            seen = known[suggestion.id].visibility
            if seen is Visibility.PUBLISHED:
                duties[rep_id].published.append(suggestion)
            else:
                duties[rep_id].unpublished[seen] += 1
    for case in registry.cases.values():
        for rep_id in case.origin.representatives:
            duties[rep_id].cases.append(case)
    for station in registry.stations.values():
        for shift in station.schedule:
            for rep_id in shift.representatives:
                duties[rep_id].shifts.append((station.id, shift.weekday.value, shift.time))
    for rep in registry.representatives.values():
        if rep.linked_deputy is not None:
            duties[rep.linked_deputy].linked.append(rep)
    for duty in duties.values():
        duty.meetings.sort(key=lambda m: (m.date, m.id), reverse=True)
        duty.published.sort(key=lambda s: (s.submitted, s.id), reverse=True)
        duty.cases.sort(key=lambda c: (c.timeline[-1].date, c.id), reverse=True)
        duty.linked.sort(key=lambda r: (r.status is not ServiceStatus.SERVING, r.id))
    return duties


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
    ordered = sorted(reps.values(), key=sort_key(ctx))
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
            folder = f"{STREETS}/{street.id}"
            chunks = pages(members)
            for number, chunk in enumerate(chunks, start=1):
                page = listing_path(folder, number)
                yield page, _street_page(ctx, page, street.id, members, chunk, folder, number, len(chunks))
        chunks = pages(former)
        for number, chunk in enumerate(chunks, start=1):
            page = listing_path(FORMER, number)
            yield page, _former_page(ctx, page, former, chunk, number, len(chunks))
    empty = Duty()
    for rep in ordered:
        duty = duties.get(rep.id, empty)
        yield ctx.page_of("representative", rep.id), representative_page(ctx, rep, duty)
        yield from _duty_pages(ctx, rep, duty)


def sort_key(ctx: SiteContext) -> Callable[[Representative], tuple]:
    """Street and community in site.yml order, category in CATEGORY_ORDER, then id."""
    streets = {sid: n for n, sid in enumerate(ctx.registry.index.streets)}
    communities = {cid: n for n, cid in enumerate(ctx.registry.index.communities)}
    categories = {c: n for n, c in enumerate(CATEGORY_ORDER)}

    def key(rep: Representative) -> tuple:
        return (
            streets.get(rep.street, len(streets)),
            categories[rep.category],
            communities.get(rep.community, len(communities)),
            rep.id,
        )

    return key


# --- listings --------------------------------------------------------------------------


INTRO = (
    "议政代表由驻区人大代表、政协委员、企事业单位人员和居民代表组成，"
    "经过民主推荐、审查协商、审议决定、公示聘任产生。"
    "他们在议政代表之家、联络站和联络点轮流值班，听取群众的意见建议。"
    "点击姓名可以查看每位代表的履职档案。"
)


def _index(ctx: SiteContext, serving: list[Representative], former: list[Representative], small: bool) -> str:
    by_street: dict[str, list[Representative]] = defaultdict(list)
    for rep in serving:
        by_street[rep.street].append(rep)
    left_by_street = Counter(rep.street for rep in former)
    rows = []
    totals: Counter = Counter()
    for street in ctx.registry.site.streets:
        members = by_street.get(street.id, [])
        counts = Counter(rep.category for rep in members)
        totals.update(counts)
        label = md.inline(street.name)
        if not small and members:
            label = md.link(street.name, relative(INDEX, listing_path(f"{STREETS}/{street.id}", 1)))
        rows.append(
            [label, str(len(members))]
            + [str(counts[c]) for c in CATEGORY_ORDER]
            + [str(left_by_street[street.id])]
        )
    rows.append(["合计", str(len(serving))] + [str(totals[c]) for c in CATEGORY_ORDER] + [str(len(former))])
    headers = ["街道", "在任"] + [c.value for c in CATEGORY_ORDER] + ["离任"]
    parts = [
        "# 议政代表",
        INTRO,
        f"全区现有在任议政代表 {len(serving)} 人，离任 {len(former)} 人。",
        md.table(headers, rows),
    ]
    if small:
        for street in ctx.registry.site.streets:
            members = by_street.get(street.id, [])
            if members:
                parts.append(md.heading(2, f"{street.name}（{len(members)} 人）"))
                parts.append(_grouped(ctx, INDEX, members, level=3))
        if former:
            parts.append(md.heading(2, f"离任议政代表（{len(former)} 人）"))
            parts.append(_former_table(ctx, INDEX, former))
    else:
        parts.append("点击街道名称查看该街道的全部在任议政代表。")
        if former:
            link = md.link(f"离任议政代表名单（{len(former)} 人）", relative(INDEX, listing_path(FORMER, 1)))
            parts.append(f"另见：{link}。")
    if not serving and not former:
        parts.append("目前还没有议政代表的记录。")
    return join(*parts)


def _grouped(
    ctx: SiteContext, page: str, members: list[Representative], level: int, counts: Counter | None = None
) -> str:
    """Representatives (already sorted by category) under one heading per category."""
    index = ctx.registry.index
    blocks = []
    for category in CATEGORY_ORDER:
        group = [rep for rep in members if rep.category is category]
        if not group:
            continue
        total = counts[category] if counts is not None else len(group)
        blocks.append(md.heading(level, f"{category.value}（{total} 人）"))
        lines = []
        for rep in group:
            where = [name_of(index.communities, rep.community)]
            if rep.grid is not None:
                where.append(name_of(index.grids, rep.grid))
            lines.append(f"- {link_to(ctx, page, 'representative', rep.id, rep.name)}：{' '.join(where)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


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
                departure.date.isoformat() if departure else "—",
                md.cell(departure.reason) if departure else "—",
            ]
        )
    return md.table(["姓名", "街道", "类别", "届次", "离任日期", "离任原因"], rows)


def _street_page(
    ctx: SiteContext,
    page: str,
    street_id: str,
    members: list[Representative],
    chunk: list[Representative],
    folder: str,
    number: int,
    total: int,
) -> str:
    street = ctx.registry.index.streets[street_id]
    counts = Counter(rep.category for rep in members)
    summary = "，".join(f"{c.value} {counts[c]} 人" for c in CATEGORY_ORDER if counts[c])
    return join(
        md.heading(1, f"{street.name}议政代表"),
        f"{md.inline(street.name)}现有在任议政代表 {len(members)} 人" + (f"：{summary}。" if summary else "。"),
        md.link("返回议政代表总览", relative(page, INDEX)),
        pager(page, folder, number, total),
        _grouped(ctx, page, chunk, level=2, counts=counts) if chunk else "本街道目前没有在任议政代表。",
        pager(page, folder, number, total),
    )


def _former_page(
    ctx: SiteContext, page: str, former: list[Representative], chunk: list[Representative], number: int, total: int
) -> str:
    folder = FORMER
    return join(
        "# 离任议政代表",
        f"共 {len(former)} 人，按离任日期从近到远排列。",
        md.link("返回议政代表总览", relative(page, INDEX)),
        pager(page, folder, number, total),
        _former_table(ctx, page, chunk) if chunk else "目前没有离任的议政代表。",
        pager(page, folder, number, total),
    )


# --- one representative ---------------------------------------------------------------

CONTACT = "议政代表不公开个人电话。联系议政代表，请在开放时间前往所在联络站，或拨打联络站的公开电话。"


def representative_page(ctx: SiteContext, rep: Representative, duty: Duty) -> str:
    registry = ctx.registry
    index = registry.index
    page = ctx.page_of("representative", rep.id)
    station = registry.stations.get(rep.station)

    status = md.badge(rep.status.value, STATUS_SLUGS[rep.status])
    if rep.departure is not None:
        status += f" {rep.departure.date.isoformat()} 离任（{md.inline(rep.departure.reason)}）"
    facts = [
        ("类别", md.cell(rep.category.value)),
        ("状态", status),
        ("届次", f"第 {rep.term} 届"),
        ("街道", name_of(index.streets, rep.street)),
        ("社区", name_of(index.communities, rep.community)),
    ]
    if rep.grid is not None:
        facts.append(("网格", name_of(index.grids, rep.grid)))
    station_name = station.name if station is not None else rep.station
    facts.append(("所在联络站", link_to(ctx, page, "station", rep.station, station_name)))
    serving = rep.status is ServiceStatus.SERVING
    if serving and station is not None and station.phone:
        facts.append(("联络站公开电话", md.cell(station.phone)))
    if rep.affiliation:
        facts.append(("工作单位或身份", md.cell(rep.affiliation)))
    if rep.linked_deputy is not None:
        deputy = registry.representatives.get(rep.linked_deputy)
        label = deputy.name if deputy is not None else rep.linked_deputy
        facts.append(("联系的人大代表", link_to(ctx, page, "representative", rep.linked_deputy, label)))
    if rep.duties:
        facts.append(("公开职责", "、".join(md.cell(d) for d in rep.duties)))

    parts = [
        md.heading(1, rep.name),
        example_notice(rep.example),
        md.definition_list(facts),
        CONTACT if serving else "",
    ]
    if rep.bio:
        parts += ["## 简介", md.block(rep.bio)]
    parts += ["## 产生程序", _selection(rep)]
    if duty.linked:
        parts += ["## 联系的议政代表", _linked(ctx, page, rep, duty.linked)]
    parts += _record_of_duty(ctx, page, rep, duty)
    parts.append(record_footer(ctx, "representative", rep.id, rep.name))
    return join(*parts)


def _selection(rep: Representative) -> str:
    lines = []
    for step in STEP_ORDER:
        value = getattr(rep.selection, step)
        lines.append(f"- {STEP_TITLES[step]}：{value.isoformat() if value else '未记录'}")
    return "\n".join(lines)


def _linked(ctx: SiteContext, page: str, rep: Representative, linked: list[Representative]) -> str:
    serving = sum(1 for r in linked if r.status is ServiceStatus.SERVING)
    intro = f"按照人大代表联系议政代表的工作机制，{md.inline(rep.name)}联系以下议政代表（在任 {serving} 人"
    intro += f"，离任 {len(linked) - serving} 人）：" if serving < len(linked) else "）："
    names = []
    for other in linked[:LINKED_SHOWN]:
        label = link_to(ctx, page, "representative", other.id, other.name)
        names.append(label + ("（已离任）" if other.status is ServiceStatus.LEFT else ""))
    text = intro + "\n\n" + "、".join(names)
    if len(linked) > LINKED_SHOWN:
        text += f" 等 {len(linked)} 人。"
    return text


def _record_of_duty(ctx: SiteContext, page: str, rep: Representative, duty: Duty) -> list[str]:
    kinds = Counter(m.kind for m in duty.meetings)
    by_kind = "、".join(f"{k.value} {kinds[k]} 次" for k in MeetingKind if kinds[k])
    unpublished = sum(duty.unpublished.values())
    carried = len(duty.published) + unpublished
    summary = (
        f"出席会议活动 {len(duty.meetings)} 次" + (f"（{by_kind}）" if by_kind else "")
        + f"，收集或领办意见建议 {carried} 条，参与推动典型案例 {len(duty.cases)} 个。"
    )
    parts = ["## 履职档案", summary]

    if duty.shifts:
        parts.append("### 轮值候访")
        stations = ctx.registry.stations
        rows = [
            [link_to(ctx, page, "station", sid, stations[sid].name if sid in stations else sid), md.cell(d), md.cell(t)]
            for sid, d, t in duty.shifts
        ]
        parts.append(md.table(["联络站", "星期", "时段"], rows))

    parts.append("### 出席的会议活动")
    if duty.meetings:
        parts.append(_meeting_table(ctx, page, duty.meetings[:RECENT]))
        parts.append(_more(ctx, page, rep, "meetings", len(duty.meetings), f"查看全部 {len(duty.meetings)} 次会议活动"))
    else:
        parts.append("暂无出席记录。")

    parts.append("### 收集或领办的意见建议")
    if duty.published:
        parts.append(_suggestion_table(ctx, page, duty.published[:RECENT]))
        parts.append(_more(ctx, page, rep, "suggestions", len(duty.published), f"查看全部 {len(duty.published)} 条已公开的意见建议"))
    elif not unpublished:
        parts.append("暂无记录。")
    if unpublished:
        reasons = "，".join(
            f"{words} {duty.unpublished[key]} 条" for key, words in UNPUBLISHED_WORDS if duty.unpublished[key]
        )
        lead = "另有" if duty.published else "共有"
        parts.append(f"{lead} {unpublished} 条尚未公开全文：{reasons}。意见建议在答复或办结、且提出人同意后公开。")

    parts.append("### 参与推动的典型案例")
    if duty.cases:
        parts.append(_case_list(ctx, page, duty.cases[:RECENT]))
        parts.append(_more(ctx, page, rep, "cases", len(duty.cases), f"查看全部 {len(duty.cases)} 个典型案例"))
    else:
        parts.append("暂无记录。")
    return parts


def _meeting_table(ctx: SiteContext, page: str, meetings: list[Meeting]) -> str:
    rows = [
        [m.date.isoformat(), md.cell(m.kind.value), link_to(ctx, page, "meeting", m.id, m.title)] for m in meetings
    ]
    return md.table(["日期", "类型", "会议活动"], rows)


def _suggestion_table(ctx: SiteContext, page: str, suggestions: list[Suggestion]) -> str:
    rows = []
    for s in suggestions:
        assert ctx.handling(s.id).published, f"{s.id} is not published: duty_index lists only published suggestions by title"
        title = link_to(ctx, page, "suggestion", s.id, s.title)
        rows.append([md.cell(s.id), title, status_badge(s.status), s.submitted.isoformat()])
    return md.table(["编号", "标题", "状态", "提出日期"], rows)


def _case_list(ctx: SiteContext, page: str, cases: list[Case]) -> str:
    return "\n".join(f"- {link_to(ctx, page, 'case', c.id, c.title)}" for c in cases)


def _more(ctx: SiteContext, page: str, rep: Representative, part: str, count: int, label: str) -> str:
    if count <= RECENT:
        return ""
    return f"以上是最近的 {RECENT} 项。" + md.link(label, relative(page, listing_path(_duty_folder(rep, part), 1)))


def _duty_folder(rep: Representative, part: str) -> str:
    return f"{DUTY}/{rep.id}/{part}"


DUTY_PARTS: dict[str, tuple[str, Callable[[Duty], list], Callable]] = {
    "meetings": ("出席的会议活动", lambda d: d.meetings, _meeting_table),
    "suggestions": ("收集或领办的意见建议（已公开）", lambda d: d.published, _suggestion_table),
    "cases": ("参与推动的典型案例", lambda d: d.cases, _case_list),
}


def _duty_pages(ctx: SiteContext, rep: Representative, duty: Duty) -> Iterator[tuple[str, str]]:
    """Full, paginated lists of the parts of a record of duty too long for the representative's page."""
    for part, (title, items_of, table) in DUTY_PARTS.items():
        items = items_of(duty)
        if len(items) <= RECENT:
            continue
        folder = _duty_folder(rep, part)
        chunks = pages(items, PER_PAGE)
        for number, chunk in enumerate(chunks, start=1):
            page = listing_path(folder, number)
            back = link_to(ctx, page, "representative", rep.id, f"返回{rep.name}的履职档案")
            yield page, join(
                "---\nsearch:\n  exclude: true\n---",
                md.heading(1, f"{rep.name}：{title}"),
                f"共 {len(items)} 项，按日期从近到远排列。{back}",
                pager(page, folder, number, len(chunks)),
                table(ctx, page, chunk),
                pager(page, folder, number, len(chunks)),
            )
