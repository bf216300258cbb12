"""The pages made of numbers: charts, home, statistics and open data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from golden import assert_golden, fixed_context
from yizheng import schema as schema_module
from yizheng.loader import load
from yizheng.kinds import KINDS
from yizheng.models import Site, Suggestion
from yizheng.registry import Registry
from yizheng.site import charts
from yizheng.site.context import SiteContext
from yizheng.site.pages import home, opendata, statistics

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc"]
SVG = "{http://www.w3.org/2000/svg}"


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def example_context() -> SiteContext:
    return SiteContext(registry=load(CONTENT), today=dt.date(2026, 11, 27), built_at="2026年11月27日 12:00")


# --- charts ---------------------------------------------------------------------


def test_chart_is_accessible_svg() -> None:
    out = charts.bar_chart(["华龙街道", "<script>alert(1)</script>", "矿区 & 窑街"], [12, 3, None],
                           title="按街道：受理件数", unit="件", chart_id="chart-x")  # fmt: skip
    root = ET.fromstring(out)  # the whole block is well-formed XML
    assert root.tag == "div" and root.get("class") == "yz-chart-figure"
    svg = root.find(f"{SVG}svg")
    assert svg is not None
    assert (svg.get("role"), svg.get("aria-labelledby"), svg.get("width")) == ("img", "chart-x-title chart-x-desc", "100%")
    assert (svg.get("viewBox"), svg.get("style")) == ("0 0 360 142", None)  # no style=: the CSP forbids it
    assert svg.get("class") == "yz-chart"
    assert svg.find(f"{SVG}title").text == "按街道：受理件数"
    assert svg.find(f"{SVG}desc").text == "华龙街道：12 件；<script>alert(1)</script>：3 件；矿区 & 窑街：—。"
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["华龙街道", "<script>alert(1)</script>", "矿区 & 窑街", "12 件", "3 件", "—"]
    assert not list(svg.iter(f"{SVG}script")) and not list(svg.iter("script"))
    assert svg.find(f"{SVG}path").get("d") == "M0 26h264v16H0zM0 72h66v16H0z"  # no bar for "no figure"
    assert [g.get("class") for g in svg.iter(f"{SVG}g")] == ["yz-chart__labels", "yz-chart__values"]
    assert "fill=\"#" not in out  # colours come from CSS classes or the text colour


def test_chart_rates_and_edge_cases() -> None:
    out = charts.bar_chart(["甲", "乙"], [0.5, 0.0], title="办结率", chart_id="r", fmt=lambda v: f"{v * 100:.1f}%", maximum=1)
    svg = ET.fromstring(out).find(f"{SVG}svg")
    assert svg.find(f"{SVG}path").get("d") == "M0 26h132v16H0z"
    assert svg.find(f"{SVG}desc").text == "甲：50.0%；乙：0.0%。"
    empty = ET.fromstring(charts.bar_chart([], [], title="空", chart_id="e")).find(f"{SVG}svg")
    assert empty.find(f"{SVG}desc").text == "没有数据。"
    long = charts.bar_chart(["长" * 40], [1], title="t", chart_id="l")
    assert 'textLength="360"' in long
    # The callers' contract, asserted (renderers assert, validation refuses: issue #10).
    with pytest.raises(AssertionError):
        charts.bar_chart(["a"], [1, 2], title="t", chart_id="x")
    with pytest.raises(AssertionError):
        charts.bar_chart(["a"], [1], title="t", chart_id="bad id")
    with pytest.raises(AssertionError):
        charts.bar_chart(["a"], [-1], title="t", chart_id="x")
    with pytest.raises(AssertionError):
        charts.bar_chart(["a"], [float("nan")], title="t", chart_id="x")


def test_chart_passes_through_markdown_untouched() -> None:
    chart = charts.bar_chart(["*强调* _x_ [链接](javascript:alert(1))"], [1], title="t", chart_id="m")
    out = render(f"# 标题\n\n{chart}\n\n正文\n")
    assert chart in out
    assert "<em>" not in out and "<a " not in out


# --- golden pages from the minimal fixture ---------------------------------------


def test_home_golden() -> None:
    (path, text), = home.render(fixed_context())
    assert path == "index.md"
    assert_golden("home-index.md", text)


def test_statistics_golden() -> None:
    files = dict(statistics.render(fixed_context()))
    assert list(files) == ["statistics.md", "statistics/street.md", "statistics/category.md", "statistics/unit.md",
                           "statistics/month.md"]  # fmt: skip
    for path, text in files.items():
        name = "index.md" if path == "statistics.md" else path.removeprefix("statistics/")
        assert_golden(f"statistics-{name}", text)


def test_opendata_golden() -> None:
    files = dict(opendata.render(fixed_context()))
    for path in ["data/index.md", "data/suggestions.csv", "data/suggestions.json", "data/popolo.json",
                 "data/open311/requests.json", "data/open311/services.json", "data/meetings.csv"]:  # fmt: skip
        text = files[path]
        if path.endswith(".csv"):  # CSV lines end in CRLF (RFC 4180); the golden file is read with \n
            assert text.count("\r\n") == text.count("\n") > 0
            text = text.replace("\r\n", "\n")
        assert_golden("opendata-" + path.removeprefix("data/").replace("/", "-"), text)


def test_home_lists_the_latest_published() -> None:
    ctx = example_context()
    (_, text), = home.render(ctx)
    latest = sorted((s for s in ctx.registry.suggestions.values() if s.published), key=lambda s: (s.updated, s.id))[-5:]
    links = re.findall(r"\]\((suggestions/\d{4}/[^)]+\.md)\)", text)
    assert links == [ctx.page_of("suggestion", s.id) for s in reversed(latest)]
    cases = sorted(ctx.registry.cases.values(), key=lambda c: (c.timeline[-1].date, c.id))[-3:]
    links = re.findall(r"\]\((cases/[^)/]+\.md)\)", text)
    assert links == ["cases/index.md"] + [ctx.page_of("case", c.id) for c in reversed(cases)] + ["cases/index.md"]
    assert text.count('<div class="yz-notice yz-notice--example" markdown>') == 1


def test_home_without_example_data_has_no_notice() -> None:
    ctx = fixed_context()
    registry = ctx.registry
    site = registry.site.model_copy(update={"example": False})
    plain = SiteContext(registry=Registry(content=registry.content, site=site), today=ctx.today, built_at=ctx.built_at)
    (_, text), = home.render(plain)
    assert "示例数据" not in text
    assert "目前还没有办理完毕、可以公开的意见建议。" in text and "目前还没有典型案例。" in text


# --- nothing unpublished ---------------------------------------------------------


@pytest.mark.parametrize("content", [CONTENT, ROOT / "tests" / "fixtures" / "minimal"], ids=["content", "minimal"])
def test_no_unpublished_suggestion_anywhere(content: Path) -> None:
    ctx = SiteContext(registry=load(content), today=dt.date(2026, 11, 27), built_at="x")
    hidden = [s for s in ctx.registry.suggestions.values() if not s.published]
    assert any(not s.public for s in hidden) and any(s.public for s in hidden)  # both reasons are exercised
    files = dict(opendata.render(ctx)) | dict(home.render(ctx)) | dict(statistics.render(ctx))
    for path, text in files.items():
        for s in hidden:
            assert s.id not in text, (path, s.id)
            assert s.title not in text, (path, s.title)
    published = sorted(s.id for s in ctx.registry.suggestions.values() if s.published)
    assert [r["id"] for r in json.loads(files["data/suggestions.json"])] == published
    assert [r["service_request_id"] for r in json.loads(files["data/open311/requests.json"])] == published


# --- formats ---------------------------------------------------------------------


def test_popolo_and_open311_shapes() -> None:
    ctx = example_context()
    files = dict(opendata.render(ctx))
    people = json.loads(files["data/popolo.json"])
    assert set(people) == {"persons", "organizations", "memberships"}
    assert len(people["persons"]) == len(ctx.registry.representatives)
    assert all(set(p) == {"id", "name"} for p in people["persons"])
    assert {o["id"] for o in people["organizations"]} == set(ctx.registry.index.streets)
    for m in people["memberships"]:
        assert {"id", "person_id", "organization_id", "role", "label", "start_date"} <= set(m)
        rep = ctx.registry.representatives[m["person_id"]]
        assert (m["organization_id"], m["role"]) == (rep.street, rep.category.value)
    assert any("end_date" in m for m in people["memberships"])
    # One membership per term: the dates are the terms', in order; only the last may be open (serving).
    assert len(people["memberships"]) == sum(len(r.terms) for r in ctx.registry.representatives.values())
    assert len({m["id"] for m in people["memberships"]}) == len(people["memberships"])
    for rep in ctx.registry.representatives.values():
        mine = [m for m in people["memberships"] if m["person_id"] == rep.id]
        assert [(m["label"], m["start_date"], m.get("end_date")) for m in mine] == [
            (f"第{t.term}届议政代表", t.start.isoformat(), t.end.isoformat() if t.end else None) for t in rep.terms
        ]
    twice = [m for m in people["memberships"] if m["person_id"] == "hl-017"]
    assert [(m["start_date"], m.get("end_date")) for m in twice] == [("2022-03-10", "2024-09-30"), ("2025-06-20", None)]

    requests = json.loads(files["data/open311/requests.json"])
    required = {"service_request_id", "status", "status_notes", "service_name", "service_code", "agency_responsible",
                "requested_datetime", "updated_datetime"}  # fmt: skip
    for r in requests:
        assert required <= set(r)
        s = ctx.registry.suggestions[r["service_request_id"]]
        assert r["status"] == {"已办结": "closed", "已答复": "open"}[s.status.value]
        assert r["status_notes"] == s.replies[-1].text
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00\+08:00", r["requested_datetime"])
        assert r["service_name"] == ctx.registry.index.categories[s.category].name
        assert ("address" in r) == (s.location is not None)
    assert {r["status"] for r in requests} == {"open", "closed"}
    services = json.loads(files["data/open311/services.json"])
    assert [s["service_code"] for s in services] == [c.id for c in ctx.registry.site.categories]
    assert all({"service_code", "service_name", "description", "metadata", "type", "keywords", "group"} <= set(s)
               for s in services)  # fmt: skip


CSV_HEADERS = {
    "representatives": ["id", "name", "category", "street", "street_name"],
    "stations": ["id", "name", "kind", "street", "street_name"],
    "rules": ["id", "title", "kind", "number", "issuer"],
    "meetings": ["id", "kind", "title", "date", "street"],
    "cases": ["id", "title", "street", "street_name", "community"],
    "suggestions": ["id", "title", "status", "category", "category_name"],
}


@pytest.mark.parametrize("kind", list(CSV_HEADERS))
def test_csv_round_trips(kind: str) -> None:
    ctx = example_context()
    files = dict(opendata.render(ctx))
    text = files[f"data/{kind}.csv"]
    assert not text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    assert header[:5] == CSV_HEADERS[kind]
    assert all(len(row) == len(header) for row in body)
    records = json.loads(files[f"data/{kind}.json"])
    assert [row[0] for row in body] == [r["id"] for r in records]
    if kind == "rules":
        body_column = header.index("body")
        assert [row[body_column] for row in body] == [r["body"] for r in records]  # newlines survive


def test_json_records_read_back_through_their_models() -> None:
    files = dict(opendata.render(example_context()))
    for kind in KINDS:
        records = json.loads(files[f"data/{kind.folder}.json"])
        assert records, kind.name
        for record in records:
            kind.model.model_validate(record)


def test_csv_cells() -> None:
    text = opendata.csv_text(["a"], [["=1+1"], ['x,"y"\nz'], [["甲", "乙"]], [None], [True], [dt.date(2026, 1, 2)], [-3]])
    assert [row for row in csv.reader(io.StringIO(text, newline=""))] == [
        ["a"], ["'=1+1"], ['x,"y"\nz'], ["甲；乙"], [""], ["是"], ["2026-01-02"], ["-3"]
    ]  # fmt: skip


def test_schemas_are_the_checked_in_ones() -> None:
    files = dict(opendata.render(fixed_context()))
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "schema").glob("*.json")}
    copied = {p.removeprefix("data/schema/"): t for p, t in files.items() if p.startswith("data/schema/")}
    assert copied == on_disk


def test_data_index_lists_every_file() -> None:
    files = dict(opendata.render(example_context()))
    index = files["data/index.md"]
    for path, content in files.items():
        if path != "data/index.md":
            name = path.removeprefix("data/")
            assert f"]({name})" in index, name
    suggestions = json.loads(files["data/suggestions.json"])
    assert f"| {len(suggestions)} | " in index


# --- size at scale ----------------------------------------------------------------


def _wide_registry() -> Registry:
    """40 streets, 40 categories, 60 handling units, suggestions over 10 years."""
    site = Site.model_validate(
        {
            "district": {"name": "某区", "full_name": "某省某市某区", "congress": "某区人大常委会", "introduction": "简介"},
            "repository": "https://github.com/example/yizheng",
            "streets": [{"id": f"s{i}", "name": f"第{i}街道", "communities": [{"id": f"c{i}", "name": "社区"}]}
                        for i in range(40)],
            "categories": [{"id": f"k{i}", "name": f"第{i}类"} for i in range(40)],
            "handling_units": [{"id": f"u{i}", "name": f"某区第{i}号承办单位有限公司服务中心", "kind": "其他"} for i in range(60)],
        }
    )  # fmt: skip
    items = {}
    for n in range(600):  # the last 120 are still with their units, their deadlines passed
        day = dt.date(2016, 1, 1) + dt.timedelta(days=n * 6)
        if n >= 480:
            history = [
                {"date": day, "status": "已受理"},
                {"date": day, "status": "已交办", "units": [f"u{n % 60}", f"u{(n + 1) % 60}"], "deadline": day},
            ]
            items[f"{day.year}-X{n:04d}"] = Suggestion.model_validate(
                {"id": f"{day.year}-X{n:04d}", "title": "标题", "category": "k1", "street": "s1", "channel": "联络站",
                 "submitted": day, "problem": "问题", "status": "已交办", "history": history}
            )  # fmt: skip
            continue
        s = Suggestion.model_validate(
            {
                "id": f"{day.year}-X{n:04d}", "title": "标题", "category": f"k{n % 40}", "street": f"s{n % 40}",
                "channel": "联络站", "submitted": day, "problem": "问题", "status": "已答复",
                "replies": [{"date": day + dt.timedelta(days=5), "unit": f"u{n % 60}", "text": "答复"}],
                "history": [
                    {"date": day, "status": "已受理"},
                    {"date": day, "status": "已交办", "units": [f"u{n % 60}", f"u{(n + 1) % 60}"],
                     "deadline": day + dt.timedelta(days=20)},
                    {"date": day + dt.timedelta(days=5), "status": "已答复"},
                ],
            }
        )  # fmt: skip
        items[s.id] = s
    return Registry(content=Path("."), site=site, suggestions=items)


def test_statistics_pages_stay_small_with_many_groups() -> None:
    ctx = SiteContext(registry=_wide_registry(), today=dt.date(2026, 11, 27), built_at="x")
    files = dict(statistics.render(ctx))
    sizes = {path: len(render(text).encode("utf-8")) for path, text in files.items()}
    # The theme adds about 15 KB around the content; every page stays under 60 KB in all.
    assert max(sizes.values()) < 40_000, sizes
    assert files["statistics/unit.md"].count('<text x="') == 2 * 60  # 办结率 and 逾期 of every unit
    assert files["statistics/month.md"].count("<text y=") == 2 * statistics.MONTHS


def test_home_and_statistics_say_the_figures_the_same_way() -> None:
    """Issue #16 items 12-14: what was received (rejected and merged included), one sentence for 办结率 and
    one for 满意率, with their numbers, word for word the same on the home page and the statistics page."""
    from yizheng import stats
    from yizheng.models.lifecycle import Status
    from yizheng.site.generate import render_site
    from yizheng.site.pages import home, statistics

    ctx = example_context()
    f = stats.summary(ctx.registry, ctx.today).figures
    files = render_site(ctx, [home.render, statistics.render])
    closed = f"**办结率** {f.closed_rate.percent()}：已办结 ÷ 有效件数（收到的减去不予受理、合并办理）= {f.closed} ÷ {f.accepted}。"
    rated = (
        f"**满意率** {f.satisfaction_rate.percent()}：以每件最近一次评价为准，满意和基本满意的件数 ÷ 作出过评价的件数 = "
        f"{f.satisfied} ÷ {f.evaluated}。按第一次评价算，满意率是 {f.first_satisfaction_rate.percent()}"
        f"（{f.first_satisfied} ÷ {f.evaluated}）；第一次评价不满意、重新办理的有 {f.handled_again} 件。"
    )
    received = f"（其中不予受理 {f.by_status[Status.REJECTED]} 件、合并办理 {f.by_status[Status.MERGED]} 件）"
    for page in ("index.md", "statistics.md"):
        lines = files[page].splitlines()
        assert closed in lines and rated in lines, page
        assert received in files[page], page
    # The example content has what the sentences are about: a first 不满意 that became satisfied.
    assert f.handled_again >= 1 and f.first_satisfied < f.satisfied
    assert "| 收到的意见建议 | " + str(f.received) + " 件" + received + " |" in files["statistics.md"].splitlines()
