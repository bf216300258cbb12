"""The overview of the system (制度介绍): how representatives are chosen, the 1+1+5 documents,
the rhythm of study, research and conference, the liaison platforms and 四个一, each with the
figures the records yield next to the targets site.yml states (site.targets; "未定" when unset).

One page, about.md; the figures come from stats.py, the prose from wording.py.
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import stats
from ...kinds import KIND_BY_NAME
from ...models.meeting import MeetingKind
from ...models.representative import RepresentativeCategory
from ...models.rule import RuleKind, RuleStatus
from ...models.station import StationKind
from .. import md, wording
from .. import derived
from ..context import SiteContext, relative
from ..kit import blocks, example_banner, link_to, page_start

PAGE = "about.md"
FOUR_ONES = "four-ones/index.md"
MEETINGS = KIND_BY_NAME["meeting"].index
RULES = KIND_BY_NAME["rule"].index
STATIONS = KIND_BY_NAME["station"].index
REPRESENTATIVES = KIND_BY_NAME["representative"].index

DOCUMENTS = [(RuleKind.OPINION, 1), (RuleKind.PLAN, 1), (RuleKind.PROCEDURE, 1), (RuleKind.SYSTEM, 4)]
"""The 1+1+5 system: one opinion (district), one plan (street), one procedure and four rules (一规则四制度)."""

RHYTHM = [(MeetingKind.STUDY, "study_months"), (MeetingKind.RESEARCH, "research_months"), (MeetingKind.CONFERENCE, "conference_months")]
NAMES = {"publicity": "宣讲", "forums": "座谈", "suggestions": "建议", "matters": "实事"}
UNITS = {"publicity": "场", "forums": "次", "suggestions": "件", "matters": "件"}


def _target(value: int | None) -> md.Cell:
    return value if value is not None else "未定"


def render(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    yield PAGE, page(ctx)


def page(ctx: SiteContext) -> str:
    registry = ctx.registry
    site = registry.site
    targets = site.targets
    summary = derived.summary(ctx)
    today = md.date(ctx.today)
    parts = [page_start("制度介绍"), example_banner(site.example), wording.SYSTEM_INTRO]

    # Who the representatives are, and how many.
    parts += ["## 议政代表怎样产生", "\n".join(f"- {step}" for step in wording.SYSTEM_SELECTION)]
    rows: list[list[md.Cell]] = [[md.Safe("在任议政代表（名）"), summary.representatives_serving, _target(targets.representatives)]]
    rows += [[md.Safe(f"其中{c.value}"), summary.representatives_by_category[c.value], "—"] for c in RepresentativeCategory]
    parts += [md.table(["项目", md.Safe(f"实际（{today}）"), "目标"], rows), md.link("查看全部议政代表", relative(PAGE, REPRESENTATIVES))]

    # The 1+1+5 documents.
    parts += ["## 制度文件（“1+1+5”）", wording.SYSTEM_DOCUMENTS]
    rules = sorted(registry.rules.values(), key=lambda r: (r.adopted, r.id))
    rows = []
    for kind, wanted in DOCUMENTS:
        current = [r for r in rules if r.kind is kind and r.status is not RuleStatus.REPEALED]
        links = md.join(*(link_to(ctx, PAGE, "rule", r.id, f"《{r.title}》") for r in current), sep="、") if current else "—"
        rows.append([kind.value, wanted, len(current), links])
    parts += [md.table(["类型", "应有（件）", "现行（件）", "文件"], rows), md.link("查看全部制度文件", relative(PAGE, RULES))]

    # The rhythm.
    rhythm = site.rhythm
    parts.append("## 工作机制：一月一学习、一季度一调研、半年一大会")
    parts.append(
        md.Safe(
            f"各街道每 {rhythm.study_months} 个月至少学习一次，每 {rhythm.research_months} 个月至少调研一次，"
            f"每 {rhythm.conference_months} 个月至少召开一次议政代表大会。下表是{ctx.today.year}年（截至{today}）各街道的实际次数。"
        )
    )
    by_street = stats.meetings_by_street(registry, ctx.today)
    headers: list[md.Cell] = ["街道"] + [
        md.Safe(f"{kind.value}（全年应有 {12 // getattr(rhythm, months)} 次）") if 12 % getattr(rhythm, months) == 0
        else md.Safe(f"{kind.value}（每 {getattr(rhythm, months)} 个月一次）")
        for kind, months in RHYTHM
    ]
    names = {s.id: s.name for s in site.streets}
    rows = [[names.get(sid, sid), *(counts[kind] for kind, _ in RHYTHM)] for sid, counts in by_street.items()]
    parts += [md.table(headers, rows), md.link("查看各街道的会议活动", relative(PAGE, MEETINGS))]

    # The platforms.
    parts += ["## 联络平台", "\n".join(f"- {item}" for item in wording.SYSTEM_PLATFORMS)]
    kinds = summary.stations_by_kind
    rows = [
        [StationKind.HOME.value, kinds[StationKind.HOME.value], _target(targets.homes)],
        [StationKind.STATION.value, kinds[StationKind.STATION.value], _target(targets.stations)],
        [StationKind.POINT.value, kinds[StationKind.POINT.value], "—"],
        [StationKind.POST.value, kinds[StationKind.POST.value], "—"],
    ]
    parts += [md.table(["联络站点", "实际（个）", "目标（个）"], rows), md.link("查看全部联络站点", relative(PAGE, STATIONS))]

    # 四个一.
    total = derived.four_ones_total(ctx)
    parts += ["## 四个一", wording.FOUR_ONES_INTRO]
    rows = [
        [md.Safe(f"{NAMES[item]}（{UNITS[item]}）"), total.get(item), _target(getattr(targets, item))] for item in stats.FOUR
    ]
    parts += [md.table(["活动", "全区至今合计", "全区目标"], rows), md.link("查看各街道、每名代表的四个一", relative(PAGE, FOUR_ONES))]
    parts += ["## 来源", wording.SOURCE_NOTE]
    return blocks(*parts)
