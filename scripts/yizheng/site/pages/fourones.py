"""The 四个一 pages: what the representatives did in each year, against what is expected of them.

Pages:
- four-ones/index.md: the district's totals since records began next to site.yml's targets,
  then for each year shown (stats.activity_years) one row per street: the representatives
  counted, how many fall short in each activity, how many reached all four; and the same as
  a chart (share of representatives who reached all four), so a street that falls short
  shows at a glance, in words and numbers, never by colour alone.
- four-ones/streets/<street>.md: one row per representative per year.

The figures are stats.four_ones (one home for the counting); this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import stats
from .. import charts, md, wording
from .. import derived
from ..context import SiteContext, relative
from ..kit import blocks, example_banner, link_to, page_start

FOLDER = "four-ones"
INDEX = f"{FOLDER}/index.md"

NAMES = {"publicity": "宣讲", "forums": "座谈", "suggestions": "建议", "matters": "实事"}
UNITS = {"publicity": "场", "forums": "次", "suggestions": "件", "matters": "件"}


def street_page(street_id: str) -> str:
    return f"{FOLDER}/streets/{street_id}.md"


def expectation(ctx: SiteContext) -> md.Safe:
    """'宣讲 1 场、座谈 1 次、建议 1 件、实事 1 件' (digits and our words)."""
    expected = ctx.registry.site.four_ones
    return md.Safe("、".join(f"{NAMES[i]} {getattr(expected, i)} {UNITS[i]}" for i in stats.FOUR))


def _year_title(ctx: SiteContext, year: int) -> md.Safe:
    if year == ctx.today.year:
        return md.Safe(f"{year}年（截至{md.date(ctx.today)}）")
    return md.Safe(f"{year}年")


def _percent(ratio: stats.Ratio) -> md.Safe:
    if not ratio.denominator:
        return md.Safe("—")
    return md.Safe(f"{ratio.percent(0)}（{ratio.numerator}/{ratio.denominator}）")


def _verdict(street: stats.StreetFourOnes) -> md.Safe:
    if not street.representatives:
        return md.Safe("没有议政代表")
    if street.met == len(street.representatives):
        return md.badge("全部达到", "held")
    return md.badge(f"{len(street.representatives) - street.met} 名未达到", "missed")


def render(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    registry = ctx.registry
    years = derived.four_ones(ctx)
    yield INDEX, _index(ctx, years)
    for street in registry.site.streets:
        yield street_page(street.id), _street(ctx, street.id, years)


def _index(ctx: SiteContext, years: list[stats.YearFourOnes]) -> str:
    registry = ctx.registry
    targets = registry.site.targets
    total = derived.four_ones_total(ctx)
    headers: list[md.Cell] = ["活动", "至今合计", "全区目标", *(f"{y.year}年" for y in years)]
    rows = []
    for item in stats.FOUR:
        target = getattr(targets, item)
        rows.append(
            [
                md.Safe(f"{NAMES[item]}（{UNITS[item]}）"),
                total.get(item),
                target if target is not None else "未定",
                *(y.totals.get(item) for y in years),
            ]
        )
    parts = [
        page_start("四个一"),
        example_banner(registry.site.example),
        wording.FOUR_ONES_INTRO,
        md.Safe(f"本区要求每名议政代表每年至少完成：{expectation(ctx)}。"),
        "## 全区合计",
        "下表是全区的总数（每场活动、每件意见建议、每个案例只算一次），不是每名代表的数字。",
        md.table(headers, rows),
    ]
    for year in years:
        parts.append(md.heading(2, _year_title(ctx, year.year)))
        parts.append(_street_table(ctx, year))
        labels = [s.label for s in year.by_street]
        parts.append(
            "\n"
            + charts.bar_chart(
                labels,
                [s.met_rate.value for s in year.by_street],
                title=f"{year.year}年各街道四项都达到的议政代表所占比例",
                chart_id=f"chart-four-ones-{year.year}",
                texts=[_percent(s.met_rate) for s in year.by_street],
                maximum=1,
            )
            + "\n"
        )
    parts += ["## 怎样统计", "\n".join(f"- {item}" for item in wording.FOUR_ONES_COUNTING), wording.SOURCE_NOTE]
    return blocks(*parts)


def _street_table(ctx: SiteContext, year: stats.YearFourOnes) -> md.Safe:
    headers: list[md.Cell] = [
        "街道",
        md.Safe("议政代表（名）"),
        *(md.Safe(f"{NAMES[i]}未达到（名）") for i in stats.FOUR),
        md.Safe("四项都达到"),
        "情况",
    ]
    rows = []
    for street in year.by_street:
        known = street.street in ctx.registry.index.streets
        label = md.link(street.label, relative(INDEX, street_page(street.street))) if known else street.label
        rows.append(
            [
                label,
                len(street.representatives),
                *(street.short[i] for i in stats.FOUR),
                _percent(street.met_rate),
                _verdict(street),
            ]
        )
    return md.table(headers, rows)


def _street(ctx: SiteContext, street_id: str, years: list[stats.YearFourOnes]) -> str:
    registry = ctx.registry
    street = registry.index.streets[street_id]
    page = street_page(street_id)
    expected = registry.site.four_ones
    parts = [
        page_start(f"{street.name}四个一"),
        example_banner(registry.site.example),
        md.Safe(f"本区要求每名议政代表每年至少完成：{expectation(ctx)}。"),
        md.link("返回四个一总览", relative(page, INDEX)),
    ]
    for year in years:
        summary = next(s for s in year.by_street if s.street == street_id)
        parts.append(md.heading(2, _year_title(ctx, year.year)))
        if not summary.representatives:
            parts.append("这一年没有统计的议政代表。")
            continue
        rows = []
        for rep_id in summary.representatives:
            counts = year.by_representative[rep_id]
            rep = registry.representatives[rep_id]
            short = counts.short_of(expected)
            verdict = md.badge("达到", "held") if not short else md.join(
                md.badge("未达到", "missed"), "：", "、".join(NAMES[i] for i in short)
            )
            rows.append([link_to(ctx, page, "representative", rep_id, rep.name), *(counts.get(i) for i in stats.FOUR), verdict])
        headers: list[md.Cell] = ["议政代表", *(md.Safe(f"{NAMES[i]}（{UNITS[i]}）") for i in stats.FOUR), "是否达到"]
        parts.append(md.Safe(f"共 {len(summary.representatives)} 名，四项都达到的 {summary.met} 名。"))
        parts.append(md.table(headers, rows))
    return blocks(*parts)
