"""Suggestion pages: how a suggestion is handled and how many are where,
paginated listings of the published ones, the overdue list, and one page per
published suggestion.

Unpublished suggestions (not yet replied, or the submitter did not agree) are
only counted, and listed on the overdue page by number, status, unit and
dates: never their title, text or location.
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ...kinds import SUGGESTION
from ...models.lifecycle import ORDER, Status
from ...models.meeting import Meeting, UnitEvaluation
from ...models.suggestion import Suggestion
from ... import stats
from .. import derived, md
from ..context import STATUS_SLUG, SiteContext, listing_path, relative
from .. import wording
from ..kit import Listing, evaluations_table, example_notice, page_start, paginate, record_footer, status_badge, unsearched


ROOT = SUGGESTION.pages
INDEX = f"{ROOT}/index.md"
OVERDUE = f"{ROOT}/overdue"
LISTED_STATUSES = (Status.REPLIED, Status.CLOSED)  # the only statuses whose suggestions are published

# --- overdue: stats.overdue, shared with the statistics page and `yizheng overdue`

DUE_SOON_DAYS = stats.SOON_DAYS


# --- the renderer ------------------------------------------------------------


@dataclass(frozen=True)
class Groups:
    """The published suggestions by id, newest first, as the listings group them; counts of all of them."""

    published: int
    by_status: dict[Status, tuple[str, ...]]
    by_category: dict[str, tuple[str, ...]]
    by_street: dict[str, tuple[str, ...]]
    by_unit: dict[str, tuple[str, ...]]  # every unit named, lead or assisting
    all_counts: dict[Status, int]  # every suggestion (published or not) by status
    leading: dict[str, int]  # every suggestion (published or not) by lead unit


GROUP_FIELDS = derived.PUBLISHED | {"category", "street"}
"""What the listings group the published suggestions by (the units are the handling's)."""


def listing_groups(ctx: SiteContext) -> Groups:
    return ctx.derived(_groups, fields={"suggestion": GROUP_FIELDS})


def _groups(ctx: SiteContext) -> Groups:
    registry = ctx.registry
    by_status: dict[Status, list[str]] = defaultdict(list)
    by_category: dict[str, list[str]] = defaultdict(list)
    by_street: dict[str, list[str]] = defaultdict(list)
    by_unit: dict[str, list[str]] = defaultdict(list)
    known = registry.handling
    items = ctx.published_suggestions
    for s in items:
        sid = s.id
        by_status[s.status].append(sid)
        by_category[s.category].append(sid)
        by_street[s.street].append(sid)
        for unit in known[sid].units:
            by_unit[unit].append(sid)
    frozen = lambda grouped: {key: tuple(ids) for key, ids in grouped.items()}  # noqa: E731
    return Groups(
        published=len(items),
        by_status=frozen(by_status),
        by_category=frozen(by_category),
        by_street=frozen(by_street),
        by_unit=frozen(by_unit),
        all_counts=dict(Counter(h.status for h in known.values())),
        leading=dict(Counter(h.lead_unit for h in known.values() if h.lead_unit is not None)),
    )


def render(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    registry = ctx.registry
    index = registry.index
    grouped_by = listing_groups(ctx)
    all_counts = grouped_by.all_counts

    yield INDEX, _index_page(ctx, grouped_by)

    by_status, by_category, by_street, by_unit = (
        grouped_by.by_status, grouped_by.by_category, grouped_by.by_street, grouped_by.by_unit
    )
    for status in LISTED_STATUSES:
        hidden = all_counts.get(status, 0) - len(by_status.get(status, ()))
        note = ""
        if hidden:
            note = f"另有 {hidden} 件{status.value}的意见建议，提出人没有同意公开全文，这里不列出，只能按编号查询办理进度。"
        yield from _listing(
            ctx, status_folder(status), f"{status.value}的意见建议", note, by_status.get(status, ())
        )

    groups = [
        ("category", "类别", {c.id: c.name for c in index.categories.values()}, by_category, "按类别查看意见建议"),
        ("street", "街道", {s.id: s.name for s in index.streets.values()}, by_street, "按街道查看意见建议"),
        ("unit", "承办单位", {u.id: u.name for u in index.units.values()}, by_unit, "按承办单位查看意见建议"),
    ]
    evaluations: dict[str, list[tuple[Meeting, UnitEvaluation]]] = defaultdict(list)
    for meeting in registry.meetings.values():
        for evaluation in meeting.unit_evaluations:
            evaluations[evaluation.unit].append((meeting, evaluation))
    leading = grouped_by.leading
    assisting = derived.assisting(ctx)
    for kind, label, names, grouped, title in groups:
        yield group_index(kind), _group_index_page(kind, label, names, grouped, title)
        for key, name in names.items():
            first = None
            if kind == "unit":
                first = _unit_head(ctx, leading.get(key, 0), assisting.get(key, 0), evaluations.get(key, []))
            yield from _listing(ctx, group_folder(kind, key), f"{name}：已公开的意见建议", "", grouped.get(key, ()), first)

    yield from _overdue_pages(ctx)


def render_pages(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    """One page per published suggestion (a renderer of its own: the largest share of the site)."""
    merged_into, cases_of = referred(ctx)
    for s in ctx.published_suggestions:
        page = ctx.page_of("suggestion", s.id)
        yield page, ctx.memo(_suggestion_page, s, page, merged_into.get(s.id, ()), cases_of.get(s.id, ()))


def referred(ctx: SiteContext) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """By suggestion id: the suggestions merged into it, and the cases that came from it."""
    return ctx.derived(_referred, fields={"suggestion": frozenset({"merged_into"})})


def _referred(ctx: SiteContext) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    registry = ctx.registry
    merged_into: dict[str, list[str]] = defaultdict(list)
    for s in registry.suggestions.values():
        if s.merged_into:
            merged_into[s.merged_into].append(s.id)
    cases_of: dict[str, list[str]] = defaultdict(list)
    for case in registry.cases.values():
        for sid in case.origin.suggestions:
            cases_of[sid].append(case.id)
    return {k: tuple(v) for k, v in merged_into.items()}, {k: tuple(v) for k, v in cases_of.items()}


# --- where listings live -----------------------------------------------------


def status_folder(status: Status) -> str:
    return f"{ROOT}/status/{STATUS_SLUG[status]}"


def group_folder(kind: str, key: str) -> str:
    return f"{ROOT}/{kind}/{key}"


def group_index(kind: str) -> str:
    return f"{ROOT}/{kind}/index.md"


# --- how a page starts: its title, and whether search indexes it ------------

def _index_page(ctx: SiteContext, grouped_by: Groups) -> str:
    counts = grouped_by.all_counts
    lates = derived.overdue(ctx, DUE_SOON_DAYS)  # the same computation as `yizheng overdue`
    overdue = sum(1 for late in lates if late.overdue)
    due_soon = len(lates) - overdue
    rows = []
    for status in ORDER:
        count = str(counts.get(status, 0))
        if status in LISTED_STATUSES:
            count = md.link(count, relative(INDEX, listing_path(status_folder(status), 1)))
        rows.append([status_badge(status), count, md.Safe(wording.STATUS_MEANING[status])])
    rows.append(["合计", str(sum(counts.values())), ""])
    track = relative(INDEX, "track.md")
    lines = [
        page_start("意见建议"),
        "",
        "群众向议政代表、联络站点或通过网上表单反映的问题和建议，都按下面的步骤办理，每一步都有记录：",
        "",
        "1. **受理**：工作人员收到后登记，给出查询编号。",
        "2. **交办**：交给负责的承办单位，并规定办理期限。",
        "3. **办理**：承办单位调查、解决问题。",
        "4. **答复**：承办单位书面答复办理结果。",
        "5. **评价**：提出人或议政代表评价“满意”“基本满意”或“不满意”。",
        "6. **办结**：评价满意或基本满意后办结。",
        "",
        "评价“不满意”的，重新交回承办单位办理，规定新的期限。"
        "不属于受理范围的“不予受理”，与其他意见建议内容相同的“合并办理”，到这一步就结束。",
        "",
        wording.PUBLICATION + f"{md.link('按编号查询办理进度', track)}。",
        "",
        "## 办理情况",
        "",
        f"全部意见建议（包括尚未公开的）按目前状态统计，数据截至 {md.date(ctx.today)}：",
        "",
        md.table(["状态", "数量", "说明"], rows),
        "",
        f"已超过办理期限还没有答复的有 **{overdue}** 件，3 天内到期的有 **{due_soon}** 件："
        + md.link("查看逾期和即将到期的意见建议", relative(INDEX, listing_path(OVERDUE, 1)))
        + "。",
        "",
        "## 查看已公开的意见建议",
        "",
        f"已公开 {grouped_by.published} 件，每页 50 件，最新的在前。",
        "",
        f"- 按状态：{md.link('已答复', relative(INDEX, listing_path(status_folder(Status.REPLIED), 1)))}、"
        f"{md.link('已办结', relative(INDEX, listing_path(status_folder(Status.CLOSED), 1)))}",
        f"- {md.link('按类别', relative(INDEX, group_index('category')))}",
        f"- {md.link('按街道', relative(INDEX, group_index('street')))}",
        f"- {md.link('按承办单位', relative(INDEX, group_index('unit')))}",
        "",
        "## 订阅更新",
        "",
        f"有新的办理结果时想收到通知，可以订阅，方法见{md.link('开放数据', relative(INDEX, 'data/index.md') + '#feeds')}。",
        "",
    ]
    return "\n".join(lines)


def _group_index_page(kind: str, label: str, names: dict[str, str], grouped: dict, title: str) -> str:
    page = group_index(kind)
    rows = [
        [md.link(name, relative(page, listing_path(group_folder(kind, key), 1))), str(len(grouped.get(key, [])))]
        for key, name in names.items()
    ]
    lines = [
        page_start(title),
        "",
        md.link("返回意见建议", relative(page, INDEX)),
        "",
        "只列出已答复、已办结并同意公开的意见建议。",
        "",
        md.table([label, "已公开的意见建议"], rows),
        "",
    ]
    return "\n".join(lines)


# --- paginated listings ------------------------------------------------------


def _paginate(
    folder: str,
    title: str,
    items: list,
    head: Callable[[str, int], list[str]],
    table: Callable[[str, list], str],
    empty: str,
) -> Iterator[tuple[str, str]]:
    searchable = folder in {status_folder(s) for s in LISTED_STATUSES}  # each published title once

    def write(listing: Listing) -> str:
        lines = [page_start(listing.heading(title), searchable=searchable), "", md.link("返回意见建议", relative(listing.page, INDEX)), ""]
        lines += head(listing.page, listing.number)
        if listing.pager:
            lines += [listing.pager, ""]
        lines += [table(listing.page, listing.items) if listing.items else empty, ""]
        if listing.pager:
            lines += [listing.pager, ""]
        return "\n".join(lines)

    return paginate(folder, items, write)


def _listing(
    ctx: SiteContext,
    folder: str,
    title: str,
    note: str,
    items: tuple[str, ...],
    first: Callable[[str], list[str]] | None = None,
) -> Iterator[tuple[str, str]]:
    """A paginated listing of suggestions by id; `first(page)` gives lines shown above the list on its
    first page only."""
    site = ctx.registry.site

    def write(listing: Listing) -> str:
        # Kept between incremental generations: a page changes only with its suggestions (read by id
        # in the piece) and its text above.
        head = tuple(first(listing.page)) if first is not None and listing.number == 1 else ()
        return ctx.memo(
            _listing_page, site, tuple(listing.items), listing.page, listing.number, listing.pager, title, note, len(items), head
        )

    return paginate(folder, items, write)


def _listing_page(
    ctx: SiteContext,
    site: object,
    ids: tuple[str, ...],
    page: str,
    number: int,
    pager: str,
    title: str,
    note: str,
    count: int,
    head: tuple[str, ...],
) -> str:
    searchable = posixpath.dirname(page) in {status_folder(s) for s in LISTED_STATUSES}  # each published title once
    suggestions = ctx.registry.suggestions
    items = [suggestions[sid] for sid in ids]
    intro = f"共 {count} 件，最新提出的在前。"
    lines = [page_start(title if number == 1 else f"{title}（第 {number} 页）", searchable=searchable), "",
             md.link("返回意见建议", relative(page, INDEX)), ""]
    lines += head
    lines += [intro + note if number == 1 and note else intro, ""]
    if pager:
        lines += [pager, ""]
    lines += [listing_table(ctx, page, items) if items else "目前没有已公开的意见建议。", ""]
    if pager:
        lines += [pager, ""]
    return "\n".join(lines)


def _unit_head(
    ctx: SiteContext, leading: int, assisting: int, evaluations: list[tuple[Meeting, UnitEvaluation]]
) -> Callable[[str], list[str]]:
    """A unit's page starts with how much it handles (主办 / 协办, published or not) and how it was evaluated."""

    def lines(page: str) -> list[str]:
        out = [f"本单位主办意见建议 {leading} 件、协办 {assisting} 件（含尚未公开的）。下面列出其中已公开的。", ""]
        if evaluations:
            ordered = sorted(evaluations, key=lambda item: (item[0].date, item[0].id), reverse=True)
            out += ["## 评议情况", "", wording.UNIT_EVALUATIONS, "", evaluations_table(ctx, page, ordered), ""]
            out += ["## 已公开的意见建议", ""]
        return out

    return lines


def key_badge(suggestion: Suggestion) -> str:
    return md.badge("重点督办", "key-supervision") if suggestion.key_supervision else ""


def listing_table(ctx: SiteContext, page: str, items: Iterable[Suggestion]) -> str:
    folder = posixpath.dirname(page)  # the links of a row are the same from every page of a folder
    rows = [ctx.memo(_listing_row, s, folder) for s in items]
    return md.table(["编号", "标题", "类别", "街道", "状态", "提出日期", "答复或办结日期"], rows)


def _listing_row(ctx: SiteContext, s: Suggestion, folder: str) -> tuple[md.Safe, ...]:
    index = ctx.registry.index
    status = md.join(status_badge(s.status), key_badge(s), sep=" ") if s.key_supervision else status_badge(s.status)
    handled_on = ctx.handling(s.id).handled_on
    return (
        md.cell(s.id),
        md.link(s.title, relative(f"{folder}/index.md", ctx.page_of("suggestion", s.id))),
        md.cell(index.categories[s.category].name),
        md.cell(index.streets[s.street].name),
        status,
        md.cell(s.submitted),
        md.cell(handled_on),
    )


# --- the overdue list: numbers only ------------------------------------------


def _overdue_pages(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    today = ctx.today
    index = ctx.registry.index
    lates = derived.overdue(ctx, DUE_SOON_DAYS)  # most overdue first, then the ones due soonest
    per_unit: dict[str, list[int]] = {}
    for item in lates:  # under its lead unit only: the table adds up to the list
        counts = per_unit.setdefault(item.lead, [0, 0])
        counts[0 if item.overdue else 1] += 1
    summary = sorted(per_unit.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))

    def head(page: str, number: int) -> list[str]:
        lines = [
            f"数据截至 {md.date(today)}。已交办或办理中、超过办理期限还没有答复的意见建议算作“逾期”，"
            f"{DUE_SOON_DAYS} 天内到期的算作“即将到期”。"
            "这些意见建议还没有办完，所以只公开编号、状态和承办单位；"
            f"可以{md.link('按编号查询办理进度', relative(page, 'track.md'))}。",
            "",
        ]
        if number == 1 and summary:
            rows = [[md.cell(index.units[unit].name), str(counts[0]), str(counts[1])] for unit, counts in summary]
            lines += [
                "## 各承办单位",
                "",
                "办理期限以主办单位为准：每件意见建议只在它的主办单位下算一次，所以下表相加等于明细的总件数；"
                "协办单位列在明细中。",
                "",
                md.table(["主办单位", "逾期", "即将到期"], rows),
                "",
                "## 明细",
                "",
            ]
        return lines

    def table(page: str, chunk: list[stats.Late]) -> str:
        rows = []
        for item in chunk:
            s = ctx.registry.suggestions[item.suggestion]
            if item.days_late > 0:
                state = f"逾期 {item.days_late} 天"
            elif item.days_late == 0:
                state = "今天到期"
            else:
                state = f"还剩 {-item.days_late} 天"
            status = md.join(status_badge(s.status), key_badge(s), sep=" ") if s.key_supervision else status_badge(s.status)
            assisting = md.join(*(index.units[u].name for u in item.assisting), sep="、") if item.assisting else "—"
            rows.append([md.cell(s.id), status, md.cell(index.units[item.lead].name), assisting, item.deadline, state])
        return md.table(["编号", "状态", "主办单位", "协办单位", "办理期限", "情况"], rows)

    yield from _paginate(OVERDUE, "逾期和即将到期的意见建议", lates, head, table, "目前没有逾期或即将到期的意见建议。")


# --- one published suggestion --------------------------------------------------


def redaction_note(suggestion: Suggestion) -> str:
    if not suggestion.redactions:
        return ""
    what = "、".join(f"{r.count} 处{r.kind.value}" for r in suggestion.redactions)
    return f"为保护个人信息，提交内容中的 {what}已删除。"


def _suggestion_page(
    ctx: SiteContext, s: Suggestion, page: str, merged: tuple[str, ...], cases: tuple[str, ...]
) -> str:
    registry = ctx.registry
    index = registry.index
    unit_name = lambda unit: index.units[unit].name  # noqa: E731

    def unit_links(units: Iterable[str]) -> str:
        return md.join(*(md.link(unit_name(u), relative(page, listing_path(group_folder("unit", u), 1))) for u in units), sep="、")

    badges = md.join(status_badge(s.status), key_badge(s), sep=" ") if s.key_supervision else status_badge(s.status)
    place = [md.link(index.streets[s.street].name, relative(page, listing_path(group_folder("street", s.street), 1)))]
    if s.community:
        place.append(md.cell(index.communities[s.community].name))
    if s.grid:
        place.append(md.cell(index.grids[s.grid].name))
    facts: list[tuple[str, md.Cell]] = [
        ("查询编号", md.cell(s.id)),
        ("状态", badges),
        ("类别", md.link(index.categories[s.category].name, relative(page, listing_path(group_folder("category", s.category), 1)))),
        ("地点", md.join(*place, sep=" · ")),
    ]
    if s.location:
        facts.append(("具体位置", md.cell(s.location)))
    channel = md.cell(s.channel.value)
    if s.station:
        station = registry.stations[s.station]
        channel = md.join(channel, "（", md.link(station.name, relative(page, ctx.page_of("station", s.station))), "）")
    facts += [("收集渠道", channel), ("提出日期", s.submitted)]
    handling = ctx.handling(s.id)
    if handling.lead_unit:
        facts.append(("主办单位", unit_links([handling.lead_unit])))
    if handling.assisting_units:
        facts.append(("协办单位", unit_links(handling.assisting_units)))
    if handling.deadline:
        facts.append(("办理期限", handling.deadline))
    facts.append(("重点督办", "是" if s.key_supervision else "否"))
    if handling.satisfaction:
        facts.append(("满意度", md.cell(handling.satisfaction.value)))
    if s.representatives:
        facts.append(
            (
                "议政代表",
                md.join(
                    *(md.link(registry.representatives[r].name, relative(page, ctx.page_of("representative", r)))
                      for r in s.representatives),
                    sep="、",
                ),
            )
        )

    lines = [page_start(s.title, searchable=False), "", example_notice(s.example), md.definition_list(facts), ""]
    note = redaction_note(s)
    lines += ["## 反映的问题", "", md.block(s.problem), ""]
    if note:
        lines += [f"*{note}*", ""]
    if s.proposal:
        lines += ["## 建议", "", md.block(s.proposal), ""]

    if s.replies:
        lines += ["## 答复", ""]
        for reply in s.replies:
            lines += [f"### {md.plain_date(reply.date)} {md.inline(unit_name(reply.unit))}", "", md.block(reply.text), ""]

    found = handling.rounds
    if found:
        lines += ["## 是否按期答复", ""]
        rows = []
        for r in found:
            deadline = r.deadline if r.deadline else "未规定"
            if r.extended:
                deadline = md.join(r.deadline, "（原定 ", r.first_deadline, "，经批准延期）")
            late = r.days_late
            if r.replied is None:
                result = "尚未答复"
            elif late is None:
                result = "已答复"
            elif late > 0:
                result = f"逾期 {late} 天答复"
            else:
                result = "按期答复"
            rows.append(
                [
                    "第 1 轮" if r.number == 1 else f"第 {r.number} 轮（不满意后重新办理）",
                    r.started,
                    deadline,
                    r.replied if r.replied else "",
                    result,
                ]
            )
        lines += [unsearched(md.table(["轮次", "交办日期", "办理期限", "答复日期", "结果"], rows)), ""]

    lines += ["## 办理记录", ""]
    rows = []
    role = lambda unit: md.Safe("（主办）" if unit == handling.lead_unit else "（协办）")  # noqa: E731
    for entry in s.history:
        rating = ""
        if entry.satisfaction:
            rating = md.cell(entry.satisfaction.value)
            if entry.rated_by:
                rating = md.join(rating, "（", entry.rated_by.value, "）")
        rows.append(
            [
                entry.date,
                md.cell(entry.status.value),
                md.cell(entry.note) if entry.note else "",
                md.join(*(md.join(unit_name(u), role(u)) for u in entry.units), sep="、"),
                entry.deadline if entry.deadline else "",
                rating,
            ]
        )
    lines += [unsearched(md.table(["日期", "状态", "说明", "承办单位", "办理期限", "满意度"], rows)), ""]

    if merged:
        numbers = "、".join(md.cell(m) for m in sorted(merged))
        lines += [f"内容相同、并入本件合并办理的意见建议：{numbers}。", ""]
    if cases:
        lines += ["## 典型案例", ""]
        lines += [
            f"- {md.link(registry.cases[c].title, relative(page, ctx.page_of('case', c)))}" for c in cases
        ]
        lines += [""]
    lines.append(record_footer(ctx, "suggestion", s.id, s.title))
    return "\n".join(lines)
