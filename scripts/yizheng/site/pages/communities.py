"""找代表: one page per community (社区) of site.yml, and the chooser of street and community.

- communities/index.md (kinds.COMMUNITY_INDEX): every street, each with its communities as
  links (plain lists, big tap targets): no script needed to choose.
- communities/<id>.md (kinds.community_page): the community's grids and the serving
  representatives of each, the 联络站点 where they are on duty (with address, phone and
  duty times), how to make a suggestion from here (the online form with 具体位置 filled
  in, and which option to choose), and its latest published suggestions.

The home page offers the same choice (site/pages/home.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ...intake.forms import PLACE_SEPARATOR
from ...kinds import COMMUNITY_INDEX, COMMUNITY_LISTINGS, SUGGESTION, community_page
from ...models.representative import Representative, ServiceStatus
from ...models.site import Community, Street
from ...models.station import Station, StationKind
from .. import md
from .. import derived
from ..context import SiteContext, relative
from ..kit import blocks, community_chooser, link_to, page_start, representative_order, station_contact, status_badge

SUGGEST = "suggest.md"
LATEST = 10
"""Published suggestions listed on a community's page, newest first (the rest are in the listings)."""

KIND_ORDER = list(StationKind)


def render(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    registry = ctx.registry
    assert not any(c in COMMUNITY_LISTINGS or c.isdigit() for c in registry.index.communities)  # site/checks.py
    serving: dict[str, list[Representative]] = defaultdict(list)
    for rep in sorted(registry.representatives.values(), key=representative_order(ctx)):
        if rep.status is ServiceStatus.SERVING:
            serving[rep.community].append(rep)
    published = derived.published_by_community(ctx, LATEST)
    yield COMMUNITY_INDEX, _chooser(ctx)
    for street in registry.site.streets:
        for community in street.communities:
            yield community_page(community.id), _community(
                ctx, street, community, serving.get(community.id, []), *published.get(community.id, (0, []))
            )


def _chooser(ctx: SiteContext) -> str:
    return blocks(
        page_start("找代表"),
        "先找到您所在的街道，再点您的社区，就能看到为您的社区服务的议政代表、"
        "他们在哪个联络站点值班，以及社区里已经办理、公开的意见建议。",
        community_chooser(ctx, COMMUNITY_INDEX),
        f"有意见建议，可以{md.link('在网上填写表单，或者到联络站点当面反映', relative(COMMUNITY_INDEX, SUGGEST))}。",
    )


def _community(
    ctx: SiteContext, street: Street, community: Community, reps: list[Representative], count: int,
    newest: list[str],
) -> str:
    """A community's page; `count` published suggestions, the newest of them by id `newest`."""
    items = [ctx.registry.suggestions[sid] for sid in newest]
    registry = ctx.registry
    page = community_page(community.id)
    parts = [
        page_start(f"{community.name}（{street.name}）"),
        md.join(community.name, "属于", street.name, md.Safe("。"), md.Safe(md.link("换一个社区", relative(page, COMMUNITY_INDEX)))),
    ]

    # --- representatives, by grid
    parts.append(f"## 议政代表（{len(reps)} 名）")
    if reps:
        by_grid: dict[str | None, list[Representative]] = defaultdict(list)
        for rep in reps:
            by_grid[rep.grid].append(rep)
        lines = []
        for grid in community.grids:
            names = _names(ctx, page, by_grid.get(grid.id, []))
            lines.append(md.join(md.Safe("- **"), grid.name, md.Safe("**："), names or md.Safe("本网格暂无专门联系的议政代表")))
        if by_grid.get(None):
            label = "联系整个社区" if community.grids else "议政代表"
            lines.append(md.join(md.Safe(f"- **{label}**："), _names(ctx, page, by_grid[None])))
        parts.append("\n".join(lines))
        parts.append("议政代表不公开个人电话；请在下面的值班时间到联络站点找他们，或者打站点的公开电话。")
    else:
        parts.append("本社区目前没有在任的议政代表，可以到下面的联络站点反映。")
    if community.grids:
        grids = md.join(*(g.name for g in community.grids), sep="、")
        parts.append(md.join(md.Safe(f"本社区分为 {len(community.grids)} 个网格："), grids, md.Safe("。")))

    # --- where to find them
    stations = _stations_for(ctx, street, community, reps)
    parts.append("## 到哪里找议政代表")
    if stations:
        parts += [station_contact(ctx, page, s) for s in stations]
    else:
        parts.append("本街道目前还没有联络站点的记录。")

    # --- making a suggestion from here
    place = md.join(street.name, PLACE_SEPARATOR, community.name)
    location = f"{street.name}{community.name}"
    parts += [
        "## 提意见建议",
        md.Safe(
            f"{md.link('在网上填写表单', ctx.suggestion_form_url(location))}"
            "{ .md-button .md-button--primary .yz-big-button }"
        ),
        md.join(
            md.Safe("从这里打开的表单，“具体位置”已经填好社区名称，请在后面接着写路口、小区或楼栋；"
                  "“所在街道和社区”一栏请选“"), place, md.Safe("”。填写的内容会公开。"),
        ),
        f"不上网也可以：到上面的联络站点当面说，或者打公开电话。{md.link('两种办法的详细说明', relative(page, SUGGEST))}。",
    ]

    # --- its published suggestions
    parts.append(f"## 本社区已公开的意见建议（{count} 件）")
    if items:
        rows = []
        for s in items:
            rows.append(
                md.join(md.Safe("- "), link_to(ctx, page, "suggestion", s.id, s.title), md.Safe(" "), status_badge(s.status),
                        md.Safe(" "), md.date(s.submitted), md.Safe("提出"))
            )
        parts.append("\n".join(rows))
        more = f"这里列出最近的 {LATEST} 件；" if count > LATEST else ""
        parts.append(f"{more}{md.link('查看全部已公开的意见建议', relative(page, SUGGESTION.index))}。")
    else:
        parts.append("本社区目前还没有办理完毕、可以公开的意见建议。")
    return blocks(*parts)


def _names(ctx: SiteContext, page: str, reps: list[Representative]) -> md.Safe:
    return md.join(
        *(md.join(link_to(ctx, page, "representative", r.id, r.name), md.Safe("（"), r.category.value, md.Safe("）")) for r in reps),
        sep="、",
    )


def _stations_for(ctx: SiteContext, street: Street, community: Community, reps: list[Representative]) -> list[Station]:
    """The community's own 联络站点, those its representatives are based at, then the street's own (街道一级)."""
    registry = ctx.registry
    chosen: dict[str, Station] = {}
    own = sorted((s for s in registry.stations.values() if s.community == community.id), key=_order)
    based = sorted({r.station for r in reps if r.station in registry.stations})
    street_level = sorted((s for s in registry.stations.values() if s.street == street.id and s.community is None), key=_order)
    for station in [*own, *(registry.stations[i] for i in based), *street_level]:
        chosen.setdefault(station.id, station)
    return list(chosen.values())


def _order(station: Station) -> tuple[int, str]:
    return (KIND_ORDER.index(station.kind), station.id)
