"""连心卡: printable contact cards, one per station and one per serving representative.

Pages:
- stations/cards/index.md: what the cards are, how to print them, a link per street.
- stations/cards/<street>/index.md, 2.md, ...: the street's cards, stations first, then its
  serving representatives; CARDS_PER_PAGE to a page (eight A4 sheets of six).
- stations/cards/qr-suggest.svg, stations/cards/qr-track.svg: the two QR codes every card
  carries, drawn at build time by segno (no third-party service): one opens the 提意见建议
  page (the online form and the ways offline), one the tracking page. They are files referenced by <img> (Markdown images), so no
  inline SVG or style reaches the page and the Content-Security-Policy holds.

A card names the station's public phone only, never a person's. The print layout (two
columns of three cards to an A4 sheet, the site's header and menus hidden) is
site_overrides/assets/stylesheets/cards.css; tests/test_browser.py (test_cards_print_six_to_an_a4_sheet) prints a sheet to PDF
in Chromium.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from urllib.parse import quote

import segno

from ...models.representative import Representative, ServiceStatus
from ...models.station import Station, Weekday
from .. import md, wording
from ..context import SiteContext, listing_folder, listing_path, page_url, relative
from ..kit import Listing, blocks, example_banner, paginate, page_start, phone_link, representative_order

FOLDER = listing_folder("station", "cards")
INDEX = listing_path(FOLDER, 1)
QR_SUGGEST = f"{FOLDER}/qr-suggest.svg"
QR_TRACK = f"{FOLDER}/qr-track.svg"
TRACK_PAGE = "track.md"
SUGGEST_PAGE = "suggest.md"
CARDS_PER_PAGE = 48
WEEKDAYS = list(Weekday)


def suggest_url(ctx: SiteContext) -> str:
    """Where the suggestion QR code leads: the site's 提意见建议 page (the online form and the ways offline)."""
    return ctx.registry.site.address + quote(page_url(SUGGEST_PAGE))


def track_url(ctx: SiteContext) -> str:
    """Where the tracking QR code leads: the site's tracking page."""
    return ctx.registry.site.address + quote(page_url(TRACK_PAGE))


def qr_svg(url: str) -> bytes:
    """A QR code of `url` as an SVG file: black modules on white, a viewBox and no size, no script, no style."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, scale=1, border=4, omitsize=True, dark="#000", light="#fff", nl=False)
    return out.getvalue()


def street_folder(street_id: str) -> str:
    return f"{FOLDER}/{street_id}"


def render(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    registry = ctx.registry
    yield QR_SUGGEST, qr_svg(suggest_url(ctx))
    yield QR_TRACK, qr_svg(track_url(ctx))
    yield INDEX, _index(ctx)
    serving = sorted(
        (r for r in registry.representatives.values() if r.status is ServiceStatus.SERVING), key=representative_order(ctx)
    )
    shifts = _weekdays(ctx)
    for street in registry.site.streets:
        stations = sorted((s for s in registry.stations.values() if s.street == street.id), key=lambda s: s.id)
        reps = [r for r in serving if r.street == street.id]
        cards = [_station_card(s) for s in stations] + [_rep_card(ctx, r, shifts.get(r.id, [])) for r in reps]
        yield from paginate(
            street_folder(street.id),
            cards,
            lambda listing, name=street.name: _sheet(ctx, listing, name),
            per_page=CARDS_PER_PAGE,
        )


def _weekdays(ctx: SiteContext) -> dict[str, list[Weekday]]:
    """Each representative's duty days, over every station's schedule, Monday first."""
    days: dict[str, set[Weekday]] = {}
    for station in ctx.registry.stations.values():
        for shift in station.schedule:
            for rep in shift.representatives:
                days.setdefault(rep, set()).add(shift.weekday)
    return {rep: sorted(found, key=WEEKDAYS.index) for rep, found in days.items()}


def _index(ctx: SiteContext) -> str:
    registry = ctx.registry
    links = [
        f"- {md.link(street.name, relative(INDEX, listing_path(street_folder(street.id), 1)))}" for street in registry.site.streets
    ]
    return blocks(
        page_start("连心卡"),
        example_banner(registry.site.example),
        wording.CARDS_INTRO,
        "请选择街道：",
        "\n".join(links),
        "打印方法：打开街道的连心卡页面，在浏览器菜单中选择“打印”，纸张选 A4。每张纸印 6 张卡片，沿虚线剪开即可。",
    )


def _qr_pair(page: str) -> md.Safe:
    suggest = relative(page, QR_SUGGEST)
    track = relative(page, QR_TRACK)
    return md.Safe(
        '<div class="yz-card__codes" markdown>\n\n'
        f'<figure markdown>\n\n![扫码提意见建议的二维码]({md.href(suggest)}){{ .yz-card__qr }}\n\n<figcaption>扫码提意见建议</figcaption>\n\n</figure>\n\n'
        f'<figure markdown>\n\n![扫码查询办理进度的二维码]({md.href(track)}){{ .yz-card__qr }}\n\n<figcaption>扫码查进度</figcaption>\n\n</figure>\n\n'
        "</div>"
    )


Card = tuple[md.Safe, list[tuple[str, md.Safe]]]
"""A card's title, then its lines (label, value), all escaped already."""


def _station_card(station: Station) -> Card:
    days = sorted({shift.weekday for shift in station.schedule}, key=WEEKDAYS.index)
    return (
        md.join(md.Safe("**"), station.name, md.Safe("**")),
        [
            ("类型", md.inline(station.kind.value)),
            ("地址", md.inline(station.address)),
            ("公开电话", phone_link(station.phone) if station.phone else md.Safe("未公布")),
            ("开放时间", md.inline(station.opening_hours)),
            ("值班时间", md.Safe("、".join(d.value for d in days)) if days else md.Safe("见站点公告")),
        ],
    )


def _rep_card(ctx: SiteContext, rep: Representative, days: list[Weekday]) -> Card:
    station = ctx.registry.stations.get(rep.station)
    lines = [("类别", md.inline(rep.category.value))]
    if station is not None:
        lines += [
            ("联络站点", md.inline(station.name)),
            ("地址", md.inline(station.address)),
            ("公开电话", phone_link(station.phone) if station.phone else md.Safe("未公布")),
        ]
    lines.append(("值班时间", md.Safe("、".join(d.value for d in days)) if days else md.Safe("见站点公告")))
    return md.join(md.Safe("**议政代表 "), rep.name, md.Safe("**")), lines


def _sheet(ctx: SiteContext, listing: Listing, street_name: str) -> str:
    cards = []
    codes = _qr_pair(listing.page)
    for title, lines in listing.items:
        body = "<br>\n".join(f"{label}：{value}" for label, value in lines)
        cards.append(
            '<div class="yz-card" markdown>\n\n'
            '<p class="yz-card__brand">为民服务连心卡</p>\n\n'
            f"{title}\n\n{body}\n\n{codes}\n\n</div>"
        )
    intro = md.Safe(
        f'<div class="yz-no-print" markdown>\n\n{md.link("返回连心卡", relative(listing.page, INDEX))}'
        "　在浏览器菜单中选择“打印”，纸张选 A4，每张纸印 6 张卡片。\n\n</div>"
    )
    grid = '<div class="yz-cards" markdown>\n\n' + "\n\n".join(cards) + "\n\n</div>" if cards else "这个街道还没有联络站点和在任议政代表。"
    return blocks(
        page_start(listing.heading(f"{street_name}连心卡"), searchable=False),
        example_banner(ctx.registry.site.example),
        intro,
        listing.pager,
        grid,
        listing.pager,
    )
