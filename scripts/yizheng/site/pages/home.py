"""The home page: what the system is, the figures at a glance, the latest handled
suggestions and cases, and quick links."""

from __future__ import annotations

from collections.abc import Iterator

from ...kinds import COMMUNITY_INDEX, KIND_BY_NAME, SUGGESTION
from ...models.lifecycle import Status
from ...models.site import Rhythm
from .. import md
from .. import derived
from ..context import SiteContext, relative
from ..kit import community_chooser, example_banner, figure_sentences, page_start, status_badge

PATH = "index.md"
SUGGEST = "suggest.md"
LATEST_SUGGESTIONS = 5
LATEST_CASES = 3

_CHINESE_NUMBERS = "零一二三四五六七八九十"


def _months(n: int) -> str:
    """1 → '一月', 3 → '一季度', 6 → '半年', 12 → '一年', otherwise 'N个月'."""
    named = {1: "一月", 3: "一季度", 6: "半年", 12: "一年"}
    if n in named:
        return named[n]
    return f"{_CHINESE_NUMBERS[n]}个月" if n <= 10 else f"{n}个月"


def rhythm_text(rhythm: Rhythm) -> str:
    """'一月一学习、一季度一调研、半年一大会' for the usual rhythm."""
    return "、".join(
        [
            f"{_months(rhythm.study_months)}一学习",
            f"{_months(rhythm.research_months)}一调研",
            f"{_months(rhythm.conference_months)}一大会",
        ]
    )


def _card(number: str, unit: str, label: str) -> str:
    head = f"<strong class=\"yz-figure__number\">{number}</strong> {unit}".rstrip()
    return f"-   {head}\n\n    {label}\n"


def render(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    registry = ctx.registry
    site = registry.site
    summary = derived.summary(ctx)
    figures = summary.figures
    link = lambda target: relative(PATH, target)  # noqa: E731

    parts = [page_start(f"{site.district.name}街道议政代表会议"), ""]
    banner = example_banner(site.example)
    if banner:
        parts += [banner]
    parts += [
        md.Safe(
            f"{md.link('提意见建议', link(SUGGEST))}{{ .md-button .md-button--primary .yz-big-button }}"
            f" {md.link('找代表', link('#find'))}{{ .md-button .yz-big-button }}"
        ),
        "",
        md.block(site.district.introduction),
        "",
        f"**工作机制**：{md.inline(rhythm_text(site.rhythm))}。"
        f"议政代表在各联络站点（议政代表之家、联络站、联络点和联络岗）轮流值班，听取居民的意见建议，交给有关部门办理，办理结果向社会公开。",
        "",
        "## 我要办事 {#services}",
        "",
        f"- {md.link('提意见建议', link(SUGGEST))}：在网上填写表单，或者到联络站点当面反映",
        f"- {md.link('找代表', link(COMMUNITY_INDEX))}：按社区查看为您服务的议政代表和值班时间",
        f"- {md.link('查询意见建议办理进度', link('track.md'))}：输入查询编号，查看办到了哪一步",
        f"- {md.link('找联络站点', link(KIND_BY_NAME['station'].index))}：地址、开放时间、值班时间和公开电话",
        f"- {md.link('看典型案例', link(KIND_BY_NAME['case'].index))}：群众反映的问题是怎样解决的",
        "",
        "## 找代表 {#find}",
        "",
        "点您所在的街道，再点您的社区，就能看到为您的社区服务的议政代表和他们的值班时间、地点。",
        "",
        community_chooser(ctx, PATH, folded=True),
        "",
        "## 数据一览 {#figures}",
        "",
        f"截至 {md.date(ctx.today)}：",
        "",
        '<div class="grid cards yz-figures" markdown>',
        "",
        _card(str(summary.representatives_serving), "名", "在任议政代表"),
        _card(str(summary.stations), "个", "联络站点（" + "、".join(f"{k} {n} 个" for k, n in summary.stations_by_kind.items() if n) + "）"),
        _card(str(summary.meetings_this_year), "次", f"{ctx.today.year}年学习、调研、会议等活动"),
        _card(str(figures.received), "件", f"收到的意见建议（其中不予受理 {figures.by_status[Status.REJECTED]} 件、合并办理 {figures.by_status[Status.MERGED]} 件）"),
        _card(str(figures.handled), "件", "已答复或已办结"),
        _card(figures.closed_rate.percent(), "", "办结率"),
        _card(figures.satisfaction_rate.percent(), "", "满意率"),
        "</div>",
        "",
        figure_sentences(figures),
        "",
        f"各项数字的算法和分街道、分类别、分承办单位的统计见{md.link('数据统计', link('statistics.md'))}。",
        "",
        "## 最新办理的意见建议 {#latest}",
        "",
    ]
    latest = [registry.suggestions[sid] for sid in derived.latest_updated(ctx, LATEST_SUGGESTIONS)]
    if latest:
        for suggestion in latest:
            street = registry.index.streets.get(suggestion.street)
            where = f" · {md.inline(street.name)}" if street else ""
            parts.append(
                f"- {md.link(suggestion.title, link(ctx.page_of('suggestion', suggestion.id)))} "
                f"{status_badge(suggestion.status)} {md.date(suggestion.updated)}{where}"
            )
    else:
        parts.append("目前还没有办理完毕、可以公开的意见建议。")
    parts += ["", f"{md.link('查看全部已办理的意见建议', link(SUGGESTION.index))}", "", "## 典型案例 {#cases}", ""]
    cases = sorted(registry.cases.values(), key=lambda c: (c.timeline[-1].date, c.id), reverse=True)[:LATEST_CASES]
    if cases:
        for case in cases:
            parts.append(
                f"- {md.link(case.title, link(ctx.page_of('case', case.id)))} {md.date(case.timeline[-1].date)}"
            )
    else:
        parts.append("目前还没有典型案例。")
    parts += ["", f"{md.link('查看全部典型案例', link(KIND_BY_NAME['case'].index))}", ""]
    yield PATH, "\n".join(parts)
