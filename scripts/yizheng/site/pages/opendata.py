"""Open data: every published record as JSON and CSV, representatives as Popolo,
handled suggestions as Open311 GeoReport v2, the JSON Schemas, and data/index.md.

Only what the site publishes goes out: suggestions only once handled and only
when the submitter agreed (handling.Visibility.PUBLISHED); references from meetings and
cases to suggestions keep only published ids. Every file is generated from the
registry; the schemas come from yizheng.schema.schemas(), not from the disk.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ... import schema as schema_module
from ... import stats
from ...kinds import KIND_BY_NAME
from ...models import Case, Meeting, Representative, Rule, Suggestion
from ...models.lifecycle import Status
from .. import md, wording
from .. import derived
from ..context import SiteContext, relative
from ..offline import OFFLINE_NAME
from ..kit import example_banner, page_start

FOLDER = "data"
INDEX = f"{FOLDER}/index.md"
LIST_SEPARATOR = "；"
BEIJING_OFFSET = "+08:00"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV in UTF-8 (no BOM), every field quoted as needed by the csv module.

    A text cell starting with = + - @ gets a leading apostrophe, so that a
    spreadsheet shows it as text instead of running it as a formula.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def csv_line(row: Sequence[Any]) -> str:
    """One row as csv_text writes it (csv_text(headers, rows) is csv_text(headers, []) + each row's line)."""
    return csv_text((), [row])[2:]  # after the empty header line


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    if not isinstance(value, str):
        return str(value)  # numbers and dates: never a formula
    return "'" + value if value.startswith(_FORMULA_START) else value


def json_text(data: Any) -> str:
    """Small documents: indented."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def json_records(lines: list[str]) -> str:
    """A JSON array with one compact record per line: small, and still readable and diffable."""
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _dump(record: Any) -> str:
    """A record as its JSON Schema describes it, on one line; fields left empty (null) are left out.

    (pydantic's own JSON serializer: many times faster than model_dump(mode="json") on 10,000 records.)
    """
    return record.model_dump_json(exclude_none=True)


# --- what a published file holds ---------------------------------------------


@dataclass(frozen=True)
class DataFile:
    path: str  # relative to the data folder
    description: str
    format: str
    count: int
    content: str


def _published(ctx: SiteContext) -> list[Suggestion]:
    return sorted(ctx.published_suggestions, key=lambda s: s.id)


def _names(mapping: dict[str, Any]) -> Callable[[str | None], str | None]:
    return lambda key: None if key is None else (mapping[key].name if key in mapping else None)


def _representatives(ctx: SiteContext) -> tuple[list[str], tuple[list[str], list[list[Any]]]]:
    reps = sorted(ctx.registry.representatives.values(), key=lambda r: r.id)
    index = ctx.registry.index
    street, community = _names(index.streets), _names(index.communities)
    station = _names(ctx.registry.stations)
    headers = [
        "id", "name", "category", "street", "street_name", "community", "community_name", "grid", "station",
        "station_name", "term", "status", "departure_date", "departure_reason", "nominated", "reviewed", "decided",
        "announced", "appointed", "announcement_end", "announcement_place", "announcement_objections",
        "announcement_handling", "terms", "linked_deputy", "affiliation", "duties", "bio", "example",
    ]  # fmt: skip
    rows = [
        [
            r.id, r.name, r.category.value, r.street, street(r.street), r.community, community(r.community), r.grid,
            r.station, station(r.station), r.term, r.status.value, r.departure.date if r.departure else None,
            r.departure.reason if r.departure else None, r.selection.nominated, r.selection.reviewed,
            r.selection.decided, r.selection.announced, r.selection.appointed,
            r.selection.notice.end if r.selection.notice else None, r.selection.notice.place if r.selection.notice else None,
            r.selection.notice.objections if r.selection.notice else None,
            r.selection.notice.handling if r.selection.notice else None, [_term_text(m) for m in r.terms],
            r.linked_deputy, r.affiliation, r.duties, r.bio, r.example,
        ]  # fmt: skip
        for r in reps
    ]
    return [_dump(r) for r in reps], (headers, rows)


def _stations(ctx: SiteContext) -> tuple[list[str], tuple[list[str], list[list[Any]]]]:
    stations = sorted(ctx.registry.stations.values(), key=lambda s: s.id)
    index = ctx.registry.index
    street, community = _names(index.streets), _names(index.communities)
    headers = [
        "id", "name", "kind", "street", "street_name", "community", "community_name", "address", "opening_hours",
        "phone", "latitude", "longitude", "schedule", "description", "example",
    ]  # fmt: skip
    rows = [
        [
            s.id, s.name, s.kind.value, s.street, street(s.street), s.community, community(s.community), s.address,
            s.opening_hours, s.phone, s.coordinates.latitude if s.coordinates else None,
            s.coordinates.longitude if s.coordinates else None,
            [f"{shift.weekday.value} {shift.time} {'、'.join(shift.representatives)}" for shift in s.schedule],
            s.description, s.example,
        ]  # fmt: skip
        for s in stations
    ]
    return [_dump(s) for s in stations], (headers, rows)


def _four_ones(ctx: SiteContext) -> tuple[list[str], tuple[list[str], list[list[Any]]]]:
    """stats.four_ones for the years the site shows, one line per year and representative."""
    registry = ctx.registry
    expected = registry.site.four_ones
    street = _names(registry.index.streets)
    records, rows = [], []
    for year in derived.four_ones(ctx):
        for rep_id, counts in year.by_representative.items():
            rep = registry.representatives[rep_id]
            met = not counts.short_of(expected)
            item = {"year": year.year, "representative": rep_id, "name": rep.name, "street": rep.street}
            item |= {name: counts.get(name) for name in stats.FOUR} | {"met": met}
            records.append(_compact(item))
            rows.append([year.year, rep_id, rep.name, rep.street, street(rep.street), *(counts.get(n) for n in stats.FOUR), met])
    headers = ["year", "representative", "name", "street", "street_name", *stats.FOUR, "met"]
    return records, (headers, rows)


def _rules(ctx: SiteContext) -> tuple[list[str], tuple[list[str], list[list[Any]]]]:
    rules: list[Rule] = sorted(ctx.registry.rules.values(), key=lambda r: r.id)
    headers = [
        "id", "title", "kind", "number", "issuer", "street", "status", "adopted", "effective", "repealed",
        "supersedes", "summary", "body", "example",
    ]  # fmt: skip
    rows = [
        [
            r.id, r.title, r.kind.value, r.number, r.issuer, r.street, r.status.value, r.adopted, r.effective,
            r.repealed, r.supersedes, r.summary, r.body, r.example,
        ]  # fmt: skip
        for r in rules
    ]
    return [_dump(r) for r in rules], (headers, rows)


def _meetings(ctx: SiteContext, public_ids: frozenset[str]) -> tuple[list[str], tuple[list[str], list[list[Any]]]]:
    meetings: list[Meeting] = sorted(ctx.registry.meetings.values(), key=lambda m: (m.date, m.id))
    street = _names(ctx.registry.index.streets)
    records = [_dump(m.model_copy(update={"suggestions": [s for s in m.suggestions if s in public_ids]})) for m in meetings]
    headers = [
        "id", "kind", "title", "date", "street", "street_name", "station", "location", "attendees", "topic",
        "summary", "suggestions", "cases", "duty_reports", "unit_evaluations", "example",
    ]  # fmt: skip
    rows = [
        [
            m.id, m.kind.value, m.title, m.date, m.street, street(m.street), m.station, m.location, m.attendees,
            m.topic, m.summary, [s for s in m.suggestions if s in public_ids], m.cases,
            [f"{r.representative}：{r.result.value}" for r in m.duty_reports],
            [f"{e.unit}：{e.result.value}" for e in m.unit_evaluations], m.example,
        ]  # fmt: skip
        for m in meetings
    ]
    return records, (headers, rows)


def _cases(ctx: SiteContext, public_ids: frozenset[str]) -> tuple[list[str], tuple[list[str], list[list[Any]]]]:
    cases: list[Case] = sorted(ctx.registry.cases.values(), key=lambda c: c.id)
    index = ctx.registry.index
    street, category, unit = _names(index.streets), _names(index.categories), _names(index.units)
    records = [
        _dump(c.model_copy(update={"origin": c.origin.model_copy(update={"suggestions": [
            s for s in c.origin.suggestions if s in public_ids
        ]})}))  # fmt: skip
        for c in cases
    ]
    headers = [
        "id", "title", "street", "street_name", "community", "category", "category_name", "summary",
        "origin_suggestions", "origin_representatives", "timeline", "departments", "department_names", "outcome",
        "figures", "quotes", "example",
    ]  # fmt: skip
    rows = [
        [
            c.id, c.title, c.street, street(c.street), c.community, c.category, category(c.category), c.summary,
            [s for s in c.origin.suggestions if s in public_ids], c.origin.representatives,
            [f"{e.date.isoformat()} {e.event}" for e in c.timeline], c.departments,
            [unit(d) or d for d in c.departments], c.outcome,
            [f"{f.label} {f.value:g}{f.unit}" for f in c.figures], [f"{q.text}（{q.speaker}）" for q in c.quotes],
            c.example,
        ]  # fmt: skip
        for c in cases
    ]
    return records, (headers, rows)


SUGGESTION_HEADERS = [
    "id", "title", "status", "category", "category_name", "street", "street_name", "community",
    "community_name", "grid", "location", "channel", "submitted", "updated", "key_supervision", "units",
    "unit_names", "lead_unit", "lead_unit_name", "assisting_units", "assisting_unit_names", "deadline",
    "satisfaction", "problem", "proposal", "representatives", "station", "issue",
    "latest_reply_date", "latest_reply_unit", "latest_reply", "replies", "redactions", "example",
]  # fmt: skip


def _suggestion_lines(ctx: SiteContext, s: Suggestion) -> tuple[str, str, str]:
    """One published suggestion's line in suggestions.json, suggestions.csv and open311/requests.json."""
    index = ctx.registry.index
    street, category, unit = _names(index.streets), _names(index.categories), _names(index.units)
    community = _names(index.communities)
    latest = s.replies[-1] if s.replies else None
    handling = ctx.handling(s.id)
    row = [
        s.id, s.title, s.status.value, s.category, category(s.category), s.street, street(s.street),
        s.community, community(s.community), s.grid, s.location, s.channel.value, s.submitted, s.updated,
        s.key_supervision, handling.units, [unit(u) or u for u in handling.units], handling.lead_unit,
        unit(handling.lead_unit), handling.assisting_units, [unit(u) or u for u in handling.assisting_units],
        handling.deadline,
        handling.satisfaction.value if handling.satisfaction else None, s.problem, s.proposal, s.representatives,
        s.station, s.issue, latest.date if latest else None, latest.unit if latest else None,
        latest.text if latest else None, len(s.replies),
        [f"{r.kind.value}×{r.count}" for r in s.redactions], s.example,
    ]  # fmt: skip
    return _dump(s), csv_line(row), _compact(open311_request(ctx, s))


# --- other shapes: Popolo, Open311 --------------------------------------------


def popolo(ctx: SiteContext) -> dict:
    """Representatives as Popolo: persons, streets as organizations, one membership each."""
    reps: list[Representative] = sorted(ctx.registry.representatives.values(), key=lambda r: r.id)
    organizations = [
        {"id": s.id, "name": s.name, "classification": "街道"} for s in ctx.registry.site.streets
    ]
    memberships = []
    for r in reps:
        for number, term in enumerate(r.terms, start=1):  # one membership per term served
            membership: dict[str, Any] = {
                "id": f"{r.id}-{r.street}" + (f"-{number}" if number > 1 else ""),
                "person_id": r.id,
                "organization_id": r.street,
                "role": r.category.value,
                "label": f"第{term.term}届议政代表",
                "start_date": term.start.isoformat(),
            }
            if term.end:
                membership["end_date"] = term.end.isoformat()
            memberships.append(membership)
    return {
        "persons": [{"id": r.id, "name": r.name} for r in reps],
        "organizations": organizations,
        "memberships": memberships,
    }


def _unit_name(index: Any, unit: str | None) -> str:
    if unit is None:
        return ""
    return index.units[unit].name if unit in index.units else unit


def _term_text(term: Any) -> str:
    """One term for a CSV cell: 第2届 2022-03-10 起 / 第1届 2019-02-25 至 2022-02-24（任期届满）."""
    if term.end is None:
        return f"第{term.term}届 {term.start.isoformat()} 起"
    return f"第{term.term}届 {term.start.isoformat()} 至 {term.end.isoformat()}（{term.end_reason}）"


def _datetime(day: Any) -> str:
    return f"{day.isoformat()}T00:00:00{BEIJING_OFFSET}"


def open311_requests(ctx: SiteContext, published: list[Suggestion]) -> list[dict]:
    """Handled (published) suggestions as Open311 GeoReport v2 service requests."""
    return [open311_request(ctx, s) for s in published]


def open311_request(ctx: SiteContext, s: Suggestion) -> dict[str, Any]:
    index = ctx.registry.index
    category = index.categories.get(s.category)
    request: dict[str, Any] = {
        "service_request_id": s.id,
        "status": "closed" if s.status is Status.CLOSED else "open",
        "status_notes": s.replies[-1].text if s.replies else "",
        "service_name": category.name if category else s.category,
        "service_code": s.category,
        "description": s.title,
        "agency_responsible": _unit_name(index, ctx.handling(s.id).lead_unit),  # the lead unit (主办)
        "requested_datetime": _datetime(s.submitted),
        "updated_datetime": _datetime(s.updated),
    }
    if s.location:
        request["address"] = s.location
    return request


def open311_services(ctx: SiteContext) -> list[dict]:
    return [
        {
            "service_code": c.id,
            "service_name": c.name,
            "description": f"{c.name}方面的意见建议",
            "metadata": False,
            "type": "batch",
            "keywords": "",
            "group": "意见建议",
        }
        for c in ctx.registry.site.categories
    ]


# --- the files and the index page --------------------------------------------


def data_files(ctx: SiteContext) -> list[DataFile]:
    # Each part is a piece kept between incremental generations (SiteContext.memo, on site.yml's
    # record): it is made again only when a record it read changed. The suggestions line by line.
    site = ctx.registry.site
    files: list[DataFile] = []
    for name in KIND_PARTS:
        files += ctx.memo(_kind_files, site, name)
    public_ids = derived.published_ids(ctx)
    for name in REFERRING_PARTS:
        files += ctx.memo(_referring_files, site, name, public_ids)
    lines = [ctx.memo(_suggestion_lines, s) for s in _published(ctx)]
    description = "已答复或已办结、且提出人同意公开的意见建议"
    files.append(DataFile("suggestions.json", description, "JSON", len(lines), json_records([line[0] for line in lines])))
    files.append(
        DataFile("suggestions.csv", description, "CSV 表格", len(lines),
                 csv_text(SUGGESTION_HEADERS, []) + "".join(line[1] for line in lines))
    )
    files += ctx.memo(_four_ones_files, site)
    files += ctx.memo(_popolo_files, site)
    files.append(
        DataFile("open311/requests.json", "已公开的意见建议", "Open311 GeoReport v2", len(lines),
                 json_records([line[2] for line in lines]))
    )
    files += ctx.memo(_fixed_files, site)
    return files


KIND_PARTS: dict[str, tuple[str, Callable[[SiteContext], tuple[list[str], tuple[list[str], list[list[Any]]]]]]] = {
    "representatives": ("议政代表（含已离任的）", _representatives),
    "stations": ("议政代表之家、联络站、联络点和联络岗", _stations),
    "rules": ("制度文件：文件信息和正文", _rules),
}

REFERRING_PARTS: dict[str, tuple[str, Callable[..., tuple[list[str], tuple[list[str], list[list[Any]]]]]]] = {
    "meetings": ("学习、调研、代表大会等会议活动", _meetings),
    "cases": ("典型案例", _cases),
}
"""Kinds whose records name suggestions: only the published ones are kept."""


def _pair(name: str, description: str, records: list[str], headers: list[str], rows: list[list[Any]]) -> list[DataFile]:
    return [
        DataFile(f"{name}.json", description, "JSON", len(records), json_records(records)),
        DataFile(f"{name}.csv", description, "CSV 表格", len(rows), csv_text(headers, rows)),
    ]


def _kind_files(ctx: SiteContext, site: object, name: str) -> list[DataFile]:
    description, make = KIND_PARTS[name]
    records, (headers, rows) = make(ctx)
    return _pair(name, description, records, headers, rows)


def _referring_files(ctx: SiteContext, site: object, name: str, public_ids: frozenset[str]) -> list[DataFile]:
    description, make = REFERRING_PARTS[name]
    records, (headers, rows) = make(ctx, public_ids)
    return _pair(name, description, records, headers, rows)


def _four_ones_files(ctx: SiteContext, site: object) -> list[DataFile]:
    records, (headers, rows) = _four_ones(ctx)
    description = "四个一：每名议政代表每年的宣讲、座谈、建议、实事件数，和是否达到要求"
    return _pair("four-ones", description, records, headers, rows)


def _popolo_files(ctx: SiteContext, site: object) -> list[DataFile]:
    people = popolo(ctx)
    return [DataFile("popolo.json", "议政代表（人员、街道、任职）", "Popolo JSON", len(people["persons"]), json_text(people))]


def _fixed_files(ctx: SiteContext, site: object) -> list[DataFile]:
    """What only site.yml and the models decide: the categories as Open311 services, the JSON Schemas."""
    services = open311_services(ctx)
    files = [DataFile("open311/services.json", "意见建议的类别", "Open311 GeoReport v2", len(services), json_text(services))]
    for name, schema in schema_module.schemas().items():
        kind = name.split(".")[0]
        titles = {"site": "site.yml（街道、社区、类别、承办单位等）", "staff-keys": "staff-keys.yml（工作人员公钥名单）"}
        title = titles[kind] if kind in titles else KIND_BY_NAME[kind].title
        files.append(DataFile(f"schema/{name}", f"{title}的数据格式说明", "JSON Schema", 1, schema_module.render(schema)))
    return files


def size_text(size: int) -> md.Safe:
    """The size of a file in words (digits and our own words: Safe)."""
    if size < 1024:
        return md.Safe(f"{size} 字节")
    if size < 1024 * 1024:
        return md.Safe(f"{size / 1024:.1f} KB")
    return md.Safe(f"{size / 1024 / 1024:.1f} MB")


def _index(ctx: SiteContext, files: list[DataFile]) -> str:
    today = f"{ctx.today.year}年{ctx.today.month}月{ctx.today.day}日"
    parts = [page_start("开放数据"), ""]
    banner = example_banner(ctx.registry.site.example)
    if banner:
        parts += [banner]
    rows = []
    for f in files:
        size = len(f.content.encode("utf-8"))
        count = "—" if f.path.startswith("schema/") else str(f.count)
        rows.append([md.link(f.path, f.path), md.cell(f.description), md.cell(f.format), count, size_text(size)])
    parts += [
        f"数据截至 {today}，每次更新网站时重新生成。本站公开的全部内容都可以在这里下载，方便核对、研究和再利用。",
        "",
        "意见建议只包括**已答复或已办结、且提出人同意公开**的；其他意见建议只在"
        "数据统计中计入件数，不公开内容。提交内容中删去的个人信息只写明类型和处数。",
        "",
        "## 文件",
        "",
        md.table(["文件", "内容", "格式", "记录数", "大小"], rows),
        "",
        "## 离线副本",
        "",
        wording.OFFLINE_COPY,
        "",
        # Raw HTML: the archive is made by a second build after this one (site/offline.py), so it is
        # no page MkDocs knows; from data/ (data/index.html) the site root is one folder up.
        f'<p><a class="md-button" href="../{OFFLINE_NAME}" download>下载离线副本（zip 压缩文件）</a></p>',
        "",
        "## 格式说明",
        "",
        "- **JSON** 文件是一个数组，每一项（一行）是一条记录，没有内容的字段省略不写，字段和含义与数据格式说明（JSON Schema）相同。"
        "制度文件另有 body 字段，是正文（Markdown 格式）。会议活动和典型案例中引用的意见建议编号只保留已公开的。",
        "- **CSV** 文件用 UTF-8 编码，第一行是字段名。多个值写在一格里，用全角分号“；”隔开。"
        "以 = + - @ 开头的内容前面加了一个英文单引号（'），防止电子表格把它当作公式。",
        "- **用 Excel 打开 CSV**：直接双击可能出现乱码。请在 Excel 中选择“数据”→“从文本/CSV”，"
        "选中文件后把“文件原始格式”选为“65001: Unicode (UTF-8)”，再点“加载”。",
        "- **popolo.json** 按 Popolo 标准描述议政代表：persons 是人员，organizations 是街道，"
        "memberships 是任职（role 为代表类别，start_date 为聘任日期，end_date 为离任日期）。",
        "- **open311/** 按 Open311 GeoReport v2 标准描述意见建议：status 为 closed 表示已办结，open 表示已答复、等待评价；"
        "status_notes 是最近一次答复；日期时间为北京时间（+08:00）。services.json 是意见建议的类别。",
        "- **schema/** 是每类记录的数据格式说明（JSON Schema），网站的记录文件也用它们校验。",
        "",
        "## 订阅更新 {#feeds}",
        "",
        "用阅读器（RSS/Atom 格式）订阅，有新的办理结果或典型案例时会收到通知："
        f"{md.link('新办结的意见建议', relative(INDEX, 'feeds/suggestions.xml'))}、"
        f"{md.link('典型案例', relative(INDEX, 'feeds/cases.xml'))}。",
        "",
        "## 数据来源 {#source}",
        "",
        "本网站的全部记录和生成网站的程序公开在代码仓库中，每条记录的修改历史都可以查看："
        f"{md.link(ctx.registry.site.repository, ctx.registry.site.repository)}。",
        "",
        "## 数据使用说明",
        "",
        "（待定）本站数据的使用条件由"
        f"{md.inline(ctx.registry.site.district.congress)}另行公布。在此之前，使用时请注明来源，"
        "不要歪曲原意，不要用于识别或联系任何个人。发现数据有误，请在相应记录页面点击“报告错误”。",
        "",
    ]
    return "\n".join(parts)


def render(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    files = data_files(ctx)
    yield INDEX, _index(ctx, files)
    for f in files:
        yield f"{FOLDER}/{f.path}", f.content
