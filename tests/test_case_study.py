"""What the case study describes, on the site (issue #14 items 3, 6, 7, 11).

- yizheng.geo: the published GCJ-02 pairs, the inverse as a property, distances in words;
- stats.four_ones: exact counts on the minimal fixture with added meetings, and the invariants
  that tie the representatives, the streets and the district together (hypothesis);
- the pages (四个一, 制度介绍, 联络站点位置, 连心卡) as golden files of the minimal fixture;
- the QR codes: exactly the two addresses, drawn by segno, no script and no style;
- hostile text in site.yml names and station fields stays text on the new pages.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml
from golden import assert_golden, fixed_context
from hostile import CORPUS, EVIL_HOSTS
from hypothesis import given, settings
from hypothesis import strategies as st

from yizheng import geo, stats
from yizheng.loader import load
from yizheng.site import md
from yizheng.site.pages import cards, fourones, stations, system

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"

# --- geo ------------------------------------------------------------------------------

# Published WGS-84 → GCJ-02 pairs (the test points of the open "eviltransform" implementations).
PAIRS = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),
]


@pytest.mark.parametrize(("wgs", "gcj"), PAIRS)
def test_gcj02_forward_and_inverse_match_published_points(wgs: tuple[float, float], gcj: tuple[float, float]) -> None:
    forward = geo.wgs84_to_gcj02(geo.Point(*wgs))
    assert abs(forward.latitude - gcj[0]) < 1e-12 and abs(forward.longitude - gcj[1]) < 1e-12
    back = geo.gcj02_to_wgs84(geo.Point(*gcj))
    assert abs(back.latitude - wgs[0]) < 1e-8 and abs(back.longitude - wgs[1]) < 1e-8  # about 1 mm


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=18.0, max_value=53.0), st.floats(min_value=74.0, max_value=135.0))
def test_gcj02_inverse_undoes_the_shift_everywhere_in_china(lat: float, lon: float) -> None:
    point = geo.Point(lat, lon)
    shifted = geo.wgs84_to_gcj02(point)
    assert 0.0001 < geo.distance_km(point, shifted) < 1.5  # the shift is real, and under 1.5 km
    back = geo.gcj02_to_wgs84(shifted)
    assert abs(back.latitude - lat) < 1e-8 and abs(back.longitude - lon) < 1e-8


def test_distances_and_their_words() -> None:
    one_degree = geo.distance_km(geo.Point(36.0, 102.0), geo.Point(37.0, 102.0))
    assert abs(one_degree - 2 * math.pi * geo.EARTH_RADIUS_KM / 360) < 1e-9  # 111.195 km
    assert geo.distance_km(geo.Point(36.3, 102.8), geo.Point(36.3, 102.8)) == 0
    assert [geo.distance_words(km) for km in (0, 0.004, 0.126, 0.995, 1.0, 1.26, 12.04)] == [
        "约 10 米", "约 10 米", "约 130 米", "约 1000 米", "约 1.0 公里", "约 1.3 公里", "约 12.0 公里",
    ]  # fmt: skip
    assert geo.geo_uri(geo.Point(36.3, 102.8)) == "geo:36.300000,102.800000"


def test_geo_link_escapes_its_label_and_writes_only_numbers() -> None:
    for text in CORPUS:
        link = md.geo_link(text, 36.123456789, 102.5)
        assert link.endswith("](geo:36.123457,102.500000)")
        assert "<" not in link and "javascript" not in link.lower().replace("&#58;", ":").split("](")[-1]
    assert md.geo_link("在手机地图中打开", 36.3, 102.8) == "[在手机地图中打开](geo:36.300000,102.800000)"


# --- 四个一 ---------------------------------------------------------------------------


def _meeting(folder: Path, mid: str, kind: str, date: str, attendees: list[str]) -> None:
    record = {
        "id": mid, "example": True, "kind": kind, "title": f"{kind}活动", "date": date, "street": "hualong",
        "station": "hl-home", "attendees": attendees, "topic": "政策宣讲", "summary": "示例纪要。",
    }  # fmt: skip
    (folder / "meetings" / f"{mid}.yml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def active(minimal_copy: Path) -> Path:
    """The minimal fixture with a policy talk (hl-001, hl-002), a forum (hl-001) in 2026 and a forum in 2025."""
    _meeting(minimal_copy, "2026-05-outreach", "宣讲", "2026-05-01", ["hl-001", "hl-002"])
    _meeting(minimal_copy, "2026-06-forum", "座谈会", "2026-06-01", ["hl-001"])
    _meeting(minimal_copy, "2025-06-forum", "座谈会", "2025-06-01", ["hl-002"])
    return minimal_copy


def test_four_ones_counts_each_representative_street_and_the_district(active: Path) -> None:
    registry = load(active)
    y2026, y2025 = stats.four_ones(registry, [2026, 2025])
    # hl-001: the talk, the forum, suggestion 2026-X0002 and case overpass (done 2026-04-20): all four.
    assert y2026.by_representative == {
        "hl-001": stats.FourCounts(publicity=1, forums=1, suggestions=1, matters=1),
        "hl-002": stats.FourCounts(publicity=1),
    }  # hs-001 left and did nothing: not counted
    hualong, haishi = y2026.by_street
    assert (hualong.street, hualong.representatives, hualong.met) == ("hualong", ("hl-001", "hl-002"), 1)
    assert hualong.short == {"publicity": 0, "forums": 1, "suggestions": 1, "matters": 1}
    assert hualong.totals == stats.FourCounts(publicity=1, forums=1, suggestions=1, matters=1)
    assert (haishi.representatives, haishi.met, haishi.met_rate.value) == ((), 0, None)
    assert y2026.totals == stats.FourCounts(publicity=1, forums=1, suggestions=1, matters=1)
    # 2025: all three served (hs-001 until 2025-12-31); hl-002 attended a forum.
    assert y2025.by_representative == {
        "hl-001": stats.FourCounts(), "hl-002": stats.FourCounts(forums=1), "hs-001": stats.FourCounts(),
    }  # fmt: skip
    assert [s.representatives for s in y2025.by_street] == [("hl-001", "hl-002"), ("hs-001",)]
    assert stats.four_ones_total(registry, fixed_context().today) == stats.FourCounts(publicity=1, forums=2, suggestions=1, matters=1)


def test_four_ones_follow_the_expectation_in_site_yml(active: Path) -> None:
    site = active / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "four_ones:\n  suggestions: 2\n  matters: 0\n", encoding="utf-8")
    (y2026,) = stats.four_ones(load(active), [2026])
    hualong = y2026.by_street[0]
    assert (hualong.met, hualong.short) == (0, {"publicity": 0, "forums": 1, "suggestions": 2, "matters": 0})


def test_four_ones_add_up_on_the_example_content() -> None:
    registry = load(Path(__file__).resolve().parent.parent / "content")
    years = stats.four_ones(registry, [2026, 2025, 2024])
    for year in years:
        assert [s.street for s in year.by_street][: len(registry.site.streets)] == [s.id for s in registry.site.streets]
        for item in stats.FOUR:
            assert sum(s.totals.get(item) for s in year.by_street) == year.totals.get(item)
            for street in year.by_street:
                # A representative's count never exceeds the street's, since every activity counted for
                # them is one of the street's or another street's; the street's shortfalls are counted people.
                assert 0 <= street.short[item] <= len(street.representatives)
        assert sum(len(s.representatives) for s in year.by_street) == len(year.by_representative)
        assert all(0 <= s.met <= len(s.representatives) for s in year.by_street)
    total = stats.four_ones_total(registry, fixed_context().today)
    assert total.get("suggestions") >= max(y.totals.get("suggestions") for y in years)


# --- the pages ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages() -> dict[str, str | bytes]:
    ctx = fixed_context()
    out: dict[str, str | bytes] = {}
    for render in (fourones.render, system.render, stations.render, cards.render):
        out.update(render(ctx))
    return out


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("four-ones-index.md", "four-ones/index.md"),
        ("four-ones-street.md", "four-ones/streets/hualong.md"),
        ("about.md", "about.md"),
        ("stations-nearby.md", "stations/nearby/index.md"),
        ("stations-nearby-street.md", "stations/nearby/streets/haishi.md"),
        ("cards-index.md", "stations/cards/index.md"),
        ("cards-sheet.md", "stations/cards/hualong/index.md"),
    ],
)
def test_golden(pages: dict[str, str | bytes], name: str, path: str) -> None:
    text = pages[path]
    assert isinstance(text, str)
    assert_golden(name, text)


def test_a_street_that_falls_short_shows_in_words_and_in_the_chart(pages: dict[str, str | bytes]) -> None:
    index = pages["four-ones/index.md"]
    assert isinstance(index, str)
    lines = index.splitlines()
    # hl-001 and hl-002 are counted in 2026 and neither did all four: in the table, and in the chart's words.
    assert (
        "| [华龙街道](streets/hualong.md) | 2 | 2 | 2 | 1 | 1 | 0%（0/2） | "
        '<span class="yz-badge yz-badge--missed">2 名未达到</span> |' in lines
    )
    assert "<desc id=\"chart-four-ones-2026-desc\">华龙街道：0%（0/2）；海石湾街道：—。</desc>" in lines
    assert "| 宣讲（场） | 0 | 5 | 0 |" in lines  # the target from site.yml, the total not per head
    assert "| 座谈（次） | 0 | 未定 | 0 |" in lines


def test_every_station_with_coordinates_opens_in_the_phone_map(pages: dict[str, str | bytes]) -> None:
    page = pages["stations/hs-station.md"]
    assert isinstance(page, str)
    point = geo.gcj02_to_wgs84(geo.Point(36.33, 102.87))
    assert f"| 地图位置 | [在手机地图中打开]({geo.geo_uri(point)}) |" in page.splitlines()
    assert "GCJ" not in page and "坐标系" not in page
    nearby = pages["stations/nearby/streets/haishi.md"]
    assert isinstance(nearby, str)
    centre = geo.Point(36.332, 102.873)
    km = geo.distance_km(centre, geo.Point(36.33, 102.87))
    assert geo.distance_words(km) == "约 350 米"
    assert f"| [海石北社区议政代表联络站](../../hs-station.md) | 约 350 米 | [在手机地图中打开]({geo.geo_uri(point)}) |" in nearby


def test_qr_codes_hold_exactly_the_two_addresses(pages: dict[str, str | bytes]) -> None:
    suggest, track = pages[cards.QR_SUGGEST], pages[cards.QR_TRACK]
    assert suggest == cards.qr_svg("https://example.github.io/yizheng/suggest/")
    assert track == cards.qr_svg("https://example.github.io/yizheng/track/")
    for svg in (suggest, track):
        assert isinstance(svg, bytes)
        text = svg.decode()
        assert text.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox=')
        assert not re.search(r"style|script|href|on\w+=", text, re.IGNORECASE)


def test_qr_address_follows_site_url(minimal_copy: Path) -> None:
    site = minimal_copy / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "site_url: https://yizheng.example.gov.cn/sub/\n", encoding="utf-8")
    ctx = fixed_context(minimal_copy)
    assert cards.track_url(ctx) == "https://yizheng.example.gov.cn/sub/track/"
    assert dict(cards.render(ctx))[cards.QR_TRACK] == cards.qr_svg("https://yizheng.example.gov.cn/sub/track/")


def test_cards_name_no_personal_phone_and_escape_hostile_station_text(minimal_copy: Path) -> None:
    station = minimal_copy / "stations" / "hl-home.yml"
    text = station.read_text(encoding="utf-8")
    hostile = next(s for s in CORPUS if "<script" in s.lower())
    evil = f"https://{EVIL_HOSTS[0]}/x"
    record = yaml.safe_load(text)
    record["address"] = hostile
    record["opening_hours"] = evil
    station.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    ctx = fixed_context(minimal_copy)
    sheet = dict(cards.render(ctx))["stations/cards/hualong/index.md"]
    assert isinstance(sheet, str)
    assert "<script" not in sheet.lower()
    assert evil not in sheet  # escaped (":" and "/" as character references), never a link
    assert md.inline(hostile) in sheet


def test_new_pages_are_listed_in_the_navigation() -> None:
    nav = yaml.safe_load((Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    pages = [next(iter(entry.values())) for entry in nav]
    assert {system.PAGE, fourones.INDEX} <= set(pages)  # the cards and positions: linked from the station index


def test_open_data_has_the_four_ones_per_representative_and_year() -> None:
    from yizheng.site.pages import opendata

    ctx = fixed_context()
    files = {f.path: f.content for f in opendata.data_files(ctx)}
    first, second = (ctx.registry.representatives[r].name for r in ("hl-001", "hl-002"))
    assert files["four-ones.csv"].split("\r\n") == [
        "year,representative,name,street,street_name,publicity,forums,suggestions,matters,met",
        f"2026,hl-001,{first},hualong,华龙街道,0,0,1,1,否",
        f"2026,hl-002,{second},hualong,华龙街道,0,0,0,0,否",
        "",
    ]
    assert files["four-ones.json"].splitlines()[1] == (
        f'{{"year":2026,"representative":"hl-001","name":"{first}","street":"hualong",'
        '"publicity":0,"forums":0,"suggestions":1,"matters":1,"met":false},'
    )
