"""The statistics pages: statistics.md has the overall figures and the formulas in
words; statistics/<breakdown>.md has the figures by street, category, handling
unit and month, each as charts and as a table (one page per breakdown, so that
no page grows past 60 KB however many units or months there are).

Only counts appear here: no suggestion's text, title or id.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ... import stats
from ...models.lifecycle import ORDER, Status
from .. import charts, md
from .. import derived
from ..context import SiteContext, relative
from .. import wording
from ..kit import example_banner, figure_sentences, page_start

PATH = "statistics.md"
MONTHS = 24
SOON_DAYS = 3

TABLE_HEADERS = ["收到", "已答复或已办结", md.Safe("办结率（已办结 ÷ 有效件数）"), "满意率", "按期答复率", "逾期"]  # our own words


def _date(ctx: SiteContext) -> str:
    return md.date(ctx.today)


def _short_ratio(ratio: stats.Ratio) -> md.Safe:
    """'42.9%（3 ÷ 7）', or '—' when there is nothing to divide by (made of digits only: Safe)."""
    return md.Safe(f"{ratio.percent()}（{ratio.numerator} ÷ {ratio.denominator}）" if ratio.denominator else "—")


def _ratio(ratio: stats.Ratio) -> md.Safe:
    """'84.6%（22 ÷ 26）', or '—（0 ÷ 0）' (made of digits only: Safe)."""
    return md.Safe(f"{ratio.percent()}（{ratio.numerator} ÷ {ratio.denominator}）")


def _percent(ratio: stats.Ratio) -> md.Safe:
    return md.Safe(ratio.percent())


def definitions(today: str) -> str:
    """How each figure is computed, in words (site/wording.py)."""
    items = [item.format(today=today, soon_days=SOON_DAYS) for item in wording.FIGURE_DEFINITIONS]
    return "\n".join(f"- {item}" for item in items)


def _row(label: str, f: stats.Figures, due_soon: bool) -> list[str]:
    row = [
        md.cell(label),
        str(f.received),
        str(f.handled),
        _short_ratio(f.closed_rate),
        _percent(f.satisfaction_rate),
        _percent(f.on_time_rate),
        str(f.overdue),
    ]
    return row + [str(f.due_soon)] if due_soon else row


@dataclass(frozen=True)
class Breakdown:
    slug: str  # stats.breakdown's `by`, and the page's name
    title: str  # "按街道"
    column: str  # the first column's header
    count_title: str
    intro: str
    late_charts: bool = False  # the units: overdue per unit instead of the count chart, and a due-soon column


BREAKDOWNS = [
    Breakdown("street", "按街道", "街道", "收到件数", "每件意见建议按所涉街道统计一次。"),
    Breakdown("category", "按类别", "类别", "收到件数", "每件意见建议按它的类别统计一次。"),
    Breakdown(
        "unit",
        "按承办单位",
        "承办单位",
        "主办件数",
        "一件意见建议交给几个单位时，第一个是主办单位，其余是协办单位。每件意见建议只在主办单位下算一次，"
        "所以各单位的主办件数相加等于已交办的总数；还没有交办的不计入任何单位。"
        "“协办”是该单位协助办理的件数，不计入其他各项。"
        f"办理期限以主办单位为准：“逾期”是该单位主办、目前逾期未答复的件数，“即将到期”是 {SOON_DAYS} 天内到期的件数。",
        late_charts=True,
    ),
    Breakdown(
        "month",
        f"按月份（最近 {MONTHS} 个月）",
        "月份",
        "收到件数",
        f"最近 {MONTHS} 个月，按意见建议的提出日期所在的月份统计；更早的数字可以从开放数据中计算。",
    ),
]


def page_of(breakdown: Breakdown) -> str:
    return f"statistics/{breakdown.slug}.md"


def _groups(ctx: SiteContext, breakdown: Breakdown) -> list[stats.Group]:
    groups = derived.breakdown(ctx, breakdown.slug, SOON_DAYS)
    if breakdown.slug == "month":
        groups = stats.last_months(groups, ctx.today, MONTHS)
    return groups


def _breakdown_page(ctx: SiteContext, breakdown: Breakdown) -> str:
    """One breakdown: its charts, then the same numbers as a table."""
    path = page_of(breakdown)
    groups = _groups(ctx, breakdown)
    parts = [page_start(f"数据统计：{breakdown.title}"), ""]
    banner = example_banner(ctx.registry.site.example)
    if banner:
        parts += [banner]
    parts += [
        f"统计日：{_date(ctx)}。{breakdown.intro}"
        f"各项数字的算法见{md.link('数据统计', relative(path, PATH) + '#how')}。",
        "",
    ]
    if not groups:
        return "\n".join(parts + ["还没有意见建议。", ""])
    labels = [g.label for g in groups]
    slug = breakdown.slug
    if not breakdown.late_charts:
        parts += [
            f"## {breakdown.count_title} {{#received}}",
            "",
            charts.bar_chart(
                labels,
                [g.figures.received for g in groups],
                title=f"{breakdown.title}：{breakdown.count_title}",
                unit="件",
                chart_id=f"chart-{slug}-received",
            ),
            "",
        ]
    parts += [
        "## 办结率 {#closed}",
        "",
        "括号里是已办结件数 ÷ 有效件数。",
        "",
        charts.bar_chart(
            labels,
            [g.figures.closed_rate.value for g in groups],
            title=f"{breakdown.title}：办结率",
            chart_id=f"chart-{slug}-closed",
            texts=[_short_ratio(g.figures.closed_rate) for g in groups],
            maximum=1,
        ),
        "",
    ]
    if breakdown.late_charts:
        late = sorted((g for g in groups if g.figures.overdue), key=lambda g: -g.figures.overdue)
        parts += ["## 有逾期件的承办单位 {#overdue}", ""]
        if late:
            parts += [
                charts.bar_chart(
                    [g.label for g in late],
                    [g.figures.overdue for g in late],
                    title=f"{breakdown.title}：逾期件数",
                    unit="件",
                    chart_id=f"chart-{slug}-overdue",
                ),
                "",
            ]
        else:
            parts += ["目前没有逾期的意见建议。", ""]
    headers = [breakdown.column, breakdown.count_title.removesuffix("件数")] + TABLE_HEADERS[1:]
    rows = [_row(g.label, g.figures, breakdown.late_charts) for g in groups]
    if breakdown.late_charts:  # the units: a due-soon column, and the suggestions each unit assists with
        headers += ["即将到期", "协办"]
        assisting = derived.assisting(ctx)
        rows = [row + [str(assisting.get(g.key, 0))] for row, g in zip(rows, groups)]
        leading = {g.key for g in groups}
        units = ctx.registry.index.units
        for unit in [u for u in units if u in assisting and u not in leading]:  # units that only assist
            rows.append(_row(units[unit].name, stats.figures((), ctx.today), True) + [str(assisting[unit])])
    parts += [
        "## 数字表 {#table}",
        "",
        "图中的数字和下表相同。",
        "",
        md.table(headers, rows),
        "",
    ]
    return "\n".join(parts)


def render(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    registry = ctx.registry
    today = _date(ctx)
    summary = derived.summary(ctx, SOON_DAYS)
    f = summary.figures
    parts = [page_start("数据统计"), ""]
    banner = example_banner(registry.site.example)
    if banner:
        parts += [banner]
    parts += [
        f"统计日：{today}。本页的数字由网站根据全部意见建议记录自动计算，每次更新网站时重新计算；"
        f"原始数据可以在{md.link('开放数据', relative(PATH, 'data/index.md'))}下载核对。",
        "",
        "分项统计：",
        "",
    ]
    parts += [
        f"- {md.link(b.title, relative(PATH, page_of(b)))}：{b.count_title}、办结率、满意率、按期答复率和逾期件数"
        for b in BREAKDOWNS
    ]
    parts += [
        "",
        "## 总体情况 {#overall}",
        "",
        md.table(
            ["项目", "数字"],
            [
                ["收到的意见建议", md.Safe(f"{f.received} 件（其中不予受理 {f.by_status[Status.REJECTED]} 件、"
                                       f"合并办理 {f.by_status[Status.MERGED]} 件）")],
                ["有效件数（收到的减去不予受理、合并办理）", f"{f.accepted} 件"],
                ["已答复或已办结", f"{f.handled} 件"],
                ["已办结", f"{f.closed} 件"],
                ["办结率", _ratio(f.closed_rate)],
                ["满意率（以最近一次评价为准）", _ratio(f.satisfaction_rate)],
                ["首次评价满意率", _ratio(f.first_satisfaction_rate)],
                ["评价不满意后重新办理", f"{f.handled_again} 件"],
                ["按期答复率", _ratio(f.on_time_rate)],
                ["逾期", f"{f.overdue} 件"],
                [f"{SOON_DAYS} 天内到期", f"{f.due_soon} 件"],
            ],
        ),
        "",
        figure_sentences(f),
        "",
        "## 各状态件数 {#status}",
        "",
        charts.bar_chart(
            [s.value for s in ORDER],
            [f.by_status[s] for s in ORDER],
            title="意见建议各状态件数",
            unit="件",
            chart_id="chart-status",
        ),
        "",
        md.table(["状态", "件数"], ([s.value, f"{f.by_status[s]}"] for s in ORDER)),
        "",
        "## 怎样计算 {#how}",
        "",
        definitions(today),
        "",
        "## 议政代表、联络站点和活动 {#people}",
        "",
        md.table(
            ["项目", "数字"],
            [["在任议政代表", f"{summary.representatives_serving} 名"]]
            + [[md.join("其中：", k), f"{v} 名"] for k, v in summary.representatives_by_category.items() if v]
            + [["联络站点（议政代表之家、联络站、联络点、联络岗）", f"{summary.stations} 个"]]
            + [[md.join("其中：", k), f"{v} 个"] for k, v in summary.stations_by_kind.items() if v]
            + [[f"{ctx.today.year}年的活动（1月1日到统计日）", f"{summary.meetings_this_year} 次"]]
            + [[md.join("其中：", k), f"{v} 次"] for k, v in summary.meetings_by_kind.items() if v],
        ),
        "",
    ]
    yield PATH, "\n".join(parts)
    for breakdown in BREAKDOWNS:
        yield page_of(breakdown), _breakdown_page(ctx, breakdown)
