"""Station pages: where residents can meet their representatives, and when.

Pages:
- stations/index.md: counts per street and kind; when there are few enough
  stations, every station in a table per street and kind (address, opening
  hours, public phone). Otherwise each street gets its own paginated listing
  (stations/streets/<street>/index.md, 2.md, ...).
- stations/<id>.md: one page per station (ctx.page_of): the facts, the weekly
  duty schedule (值班时间) and the representatives based there.

- stations/nearby/index.md: the streets, each linking to stations/nearby/streets/<street>.md:
  every station of the street with its address, phone, a link that opens the reader's own map
  app (geo:, WGS-84 converted from the stored GCJ-02, see yizheng.geo) and, for communities
  whose centre site.yml gives, the stations by distance from it (one page per street, so no
  page grows with the district).

No map: tiles would be a request to a third-party host; a geo: link hands the point to the phone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from ... import geo
from ...kinds import KIND_BY_NAME
from ...models.representative import Representative, ServiceStatus
from ...models.station import Station, StationKind, Weekday
from .. import md, wording
from ..context import LISTING_NAMES, SiteContext, assert_no_reserved, listing_folder, listing_path, relative
from ..kit import (
    LINKED_SHOWN,
    Listing,
    blocks,
    example_notice,
    link_to,
    name_of,
    page_start,
    paginate,
    phone_link,
    record_footer,
    representative_order,
    street_table,
)

FOLDER = KIND_BY_NAME["station"].pages
INDEX = f"{FOLDER}/index.md"

ON_INDEX = 60
"""Up to this many stations, every one is listed on the index itself."""

KIND_ORDER = list(StationKind)
WEEKDAY_ORDER = {day: n for n, day in enumerate(Weekday)}
RESERVED_IDS = LISTING_NAMES["station"]
STREETS = listing_folder("station", "streets")
NEARBY_FOLDER = listing_folder("station", "nearby")
NEARBY = listing_path(NEARBY_FOLDER, 1)
OPEN_IN_MAP = "在手机地图中打开"
CARDS = listing_path(listing_folder("station", "cards"), 1)



def render(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    registry = ctx.registry
    assert_no_reserved("station", registry.stations)
    streets = {sid: n for n, sid in enumerate(registry.index.streets)}
    ordered = sorted(
        registry.stations.values(),
        key=lambda s: (streets.get(s.street, len(streets)), KIND_ORDER.index(s.kind), s.id),
    )
    based: dict[str, list[Representative]] = defaultdict(list)
    for rep in sorted(registry.representatives.values(), key=representative_order(ctx)):
        if rep.status is ServiceStatus.SERVING:
            based[rep.station].append(rep)

    small = len(ordered) <= ON_INDEX
    yield INDEX, _index(ctx, ordered, small)
    yield NEARBY, _nearby_index(ctx, ordered)
    for street in registry.site.streets:
        yield nearby_page(street.id), _nearby(ctx, street.id, [s for s in ordered if s.street == street.id])
    if not small:
        for street in registry.site.streets:
            members = [s for s in ordered if s.street == street.id]
            if not members:
                continue
            yield from paginate(
                f"{STREETS}/{street.id}", members, lambda listing, s=street.id, m=members: _street_page(ctx, listing, s, m)
            )
    for station in ordered:
        yield ctx.page_of("station", station.id), station_page(ctx, station, based.get(station.id, []))


# --- listings -------------------------------------------------------------------------


def _index(ctx: SiteContext, ordered: list[Station], small: bool) -> str:
    by_street: dict[str, list[Station]] = defaultdict(list)
    for station in ordered:
        by_street[station.street].append(station)
    columns = [
        *((k.value, Counter(s.street for s in ordered if s.kind is k)) for k in KIND_ORDER),
        ("合计", Counter(s.street for s in ordered)),
    ]
    parts = [
        page_start("联络站点"),
        wording.STATIONS_INTRO,
        md.join(md.link("各站点位置和距离", relative(INDEX, NEARBY)), " · ", md.link("打印连心卡", relative(INDEX, CARDS))),
        street_table(ctx, INDEX, columns, None if small else STREETS, by_street),
    ]
    if small:
        for street in ctx.registry.site.streets:
            members = by_street.get(street.id, [])
            if members:
                parts.append(md.heading(2, f"{street.name}（{len(members)} 个）"))
                parts.append(_grouped(ctx, INDEX, members, level=3))
    else:
        parts.append("点击街道名称，查看该街道各站点的地址、开放时间和公开电话。")
    if not ordered:
        parts.append("目前还没有联络站点的记录。")
    return blocks(*parts)


def _grouped(ctx: SiteContext, page: str, stations: list[Station], level: int, counts: Counter | None = None) -> str:
    """Stations (already sorted by kind) in one table per kind."""
    index = ctx.registry.index
    tables = []
    for kind in KIND_ORDER:
        group = [s for s in stations if s.kind is kind]
        if not group:
            continue
        total = counts[kind] if counts is not None else len(group)
        tables.append(md.heading(level, f"{kind.value}（{total} 个）"))
        rows = [
            [
                link_to(ctx, page, "station", s.id, s.name),
                name_of(index.communities, s.community, "街道级"),
                md.cell(s.address),
                md.cell(s.opening_hours),
                phone_link(s.phone) if s.phone else "—",
            ]
            for s in group
        ]
        tables.append(md.table(["名称", "社区", "地址", "开放时间", "公开电话"], rows))
    return "\n\n".join(tables)


def _street_page(ctx: SiteContext, listing: Listing, street_id: str, members: list[Station]) -> str:
    street = ctx.registry.index.streets[street_id]
    counts = Counter(s.kind for s in members)
    summary = "，".join(f"{k.value} {counts[k]} 个" for k in KIND_ORDER if counts[k])
    return blocks(
        page_start(listing.heading(f"{street.name}联络站点")),
        md.join(street.name, f"共有站点 {len(members)} 个：{summary}。"),
        md.link("返回联络站点总览", relative(listing.page, INDEX)),
        listing.pager,
        _grouped(ctx, listing.page, listing.items, level=2, counts=counts),
        listing.pager,
    )


def map_link(station: Station) -> md.Safe:
    """'在手机地图中打开', a geo: link to the station's WGS-84 point; '—' without coordinates."""
    if station.coordinates is None:
        return md.Safe("—")
    c = station.coordinates
    point = geo.gcj02_to_wgs84(geo.Point(c.latitude, c.longitude))
    return md.geo_link(OPEN_IN_MAP, point.latitude, point.longitude)


def nearby_page(street_id: str) -> str:
    return f"{NEARBY_FOLDER}/streets/{street_id}.md"


def _nearby_index(ctx: SiteContext, ordered: list[Station]) -> str:
    counts = Counter(s.street for s in ordered)
    placed = Counter(s.street for s in ordered if s.coordinates is not None)
    rows = [
        [
            md.link(street.name, relative(NEARBY, nearby_page(street.id))),
            counts[street.id],
            placed[street.id],
            md.join(*(c.name for c in street.communities if c.centre is not None), sep="、") or "—",
        ]
        for street in ctx.registry.site.streets
    ]
    return blocks(
        page_start("联络站点位置"),
        wording.NEARBY_INTRO,
        md.link("返回联络站总览", relative(NEARBY, INDEX)),
        md.table(["街道", md.Safe("联络站点（个）"), md.Safe("可在地图中打开（个）"), "列出距离的社区"], rows),
    )


def _nearby(ctx: SiteContext, street_id: str, members: list[Station]) -> str:
    """One street's stations, then per community with a centre, nearest first."""
    index = ctx.registry.index
    street = index.streets[street_id]
    page = nearby_page(street_id)
    parts = [
        page_start(f"{street.name}联络站点位置"),
        wording.NEARBY_INTRO,
        md.link("返回联络站点位置", relative(page, NEARBY)),
    ]
    if not members:
        parts.append("这个街道还没有联络站点的记录。")
        return blocks(*parts)
    rows = [
        [link_to(ctx, page, "station", s.id, s.name), name_of(index.communities, s.community, "街道级"), md.cell(s.address),
         phone_link(s.phone) if s.phone else "—", map_link(s)]
        for s in members
    ]
    parts.append(md.table(["名称", "社区", "地址", "公开电话", "位置"], rows))
    for community in street.communities:
        if community.centre is None:
            continue
        centre = geo.Point(community.centre.latitude, community.centre.longitude)
        placed = [
            (geo.distance_km(centre, geo.Point(s.coordinates.latitude, s.coordinates.longitude)), s)
            for s in members
            if s.coordinates is not None
        ]
        if not placed:
            continue
        placed.sort(key=lambda pair: (pair[0], pair[1].id))
        parts.append(md.heading(2, f"离{community.name}中心的距离"))
        parts.append(
            md.table(
                ["名称", "直线距离", "位置"],
                [[link_to(ctx, page, "station", s.id, s.name), md.Safe(geo.distance_words(km)), map_link(s)] for km, s in placed],
            )
        )
    return blocks(*parts)


# --- one station ---------------------------------------------------------------------------


def station_page(ctx: SiteContext, station: Station, based: list[Representative]) -> str:
    registry = ctx.registry
    index = registry.index
    page = ctx.page_of("station", station.id)
    facts = [
        ("类型", md.cell(station.kind.value)),
        ("街道", name_of(index.streets, station.street)),
        ("社区", name_of(index.communities, station.community, "设在街道一级")),
        ("地址", md.cell(station.address)),
        ("开放时间", md.cell(station.opening_hours)),
        ("公开电话", phone_link(station.phone) if station.phone else "未公布"),
    ]
    if station.coordinates is not None:
        facts.append(("地图位置", map_link(station)))
    parts = [page_start(station.name), example_notice(station.example), md.definition_list(facts)]
    if station.description:
        parts += ["## 简介", md.block(station.description)]

    parts.append("## 值班时间")
    if station.schedule:
        parts.append("每周以下时段有议政代表在本站值班，接待群众、听取意见建议：")
        reps = registry.representatives
        rows = []
        for shift in sorted(station.schedule, key=lambda s: (WEEKDAY_ORDER[s.weekday], s.time)):
            names = []
            for rep_id in shift.representatives:
                rep = reps.get(rep_id)
                names.append(link_to(ctx, page, "representative", rep_id, rep.name if rep is not None else rep_id))
            rows.append([shift.weekday.value, shift.time, md.join(*names, sep="、")])
        parts.append(md.table(["星期", "时段", "值班代表"], rows))
        parts.append("节假日安排以站点公告为准。")
    else:
        parts.append("本站暂未公布值班时间。请在开放时间前来，或拨打公开电话联系。")

    parts.append(f"## 本站议政代表（{len(based)} 名）")
    if based:
        names = []
        for rep in based[:LINKED_SHOWN]:
            names.append(f"{link_to(ctx, page, 'representative', rep.id, rep.name)}（{md.inline(rep.category.value)}）")
        text = "、".join(names)
        if len(based) > LINKED_SHOWN:
            text += f" 等 {len(based)} 名。"
        parts.append(text)
    else:
        parts.append("目前没有在任议政代表以本站为联络站点。")
    parts.append(record_footer(ctx, "station", station.id, station.name))
    return blocks(*parts)
