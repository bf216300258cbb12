"""A content folder with the hostile corpus (tests/hostile.py) in every free-text field.

Start from the minimal fixture (tests/fixtures/minimal). For each record kind,
one record serves as a template; clone number k of it carries corpus string k
(with MARK replaced by a token naming k, so a test can tell which string did
something) in every free-text field, rule bodies included. Suggestions are
cloned from a published one (已办结, public: true), so their text reaches the
pages, the search index, the feeds and the open data. In site.yml, string k is
the name of an added street (with one community and one grid), category and
handling unit; the district's own names, which exist once, take the first
strings that pass.

Which fields are free text is read from the JSON Schemas in schema/: a string
with no enum, pattern or format (ids, dates, phone numbers and references have
one). Which (field, string) pairs are kept is decided now, not listed: a pair
stays only if `yizheng.loader.load` accepts it and `render_site` renders it,
so the folder follows validate as it grows stricter. `Hostile.refused` and
`Hostile.render_refused` count what was dropped, and why.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hostile import CORPUS, MARK

from yizheng.loader import InvalidContent, load
from yizheng.registry import Registry
from yizheng.site.context import SiteContext
from yizheng.site.generate import RENDERERS, render_site

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
SCHEMA = ROOT / "schema"
TODAY = dt.date(2026, 11, 27)

Loc = tuple[str | int, ...]

TEMPLATES = {
    # kind: (folder, template file, how clone k is named)
    "representative": ("representatives", "hl-001.yml", lambda k: f"hz-{k:03d}"),
    "station": ("stations", "hl-home.yml", lambda k: f"hz-station-{k:03d}"),
    "rule": ("rules", "hl-rules.md", lambda k: f"hz-rules-{k:03d}"),
    "meeting": ("meetings", "2026-03-study.yml", lambda k: f"2026-03-hz-{k:03d}"),
    "case": ("cases", "overpass.yml", lambda k: f"hz-case-{k:03d}"),
    "suggestion": ("suggestions/2026", "2026-X0002.yml", lambda k: f"2026-X{7000 + k:04d}"),
}


def token(k: int) -> str:
    """What MARK becomes in corpus string k: window.__yz_pwned = 'PWN17' says string 17 ran."""
    return f"{MARK}{k}"


def strings() -> list[str]:
    return [text.replace(MARK, token(k)) for k, text in enumerate(CORPUS)]


# --- which fields are free text -------------------------------------------------------------


def _resolve(schema: dict, root: dict) -> list[dict]:
    """The alternatives a schema allows ($ref followed, anyOf spread, null left out)."""
    while "$ref" in schema:
        schema = {**root["$defs"][schema["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in schema.items() if k != "$ref"}}
    if "anyOf" in schema:
        rest = {k: v for k, v in schema.items() if k != "anyOf"}
        return [{**option, **rest} for s in schema["anyOf"] for option in _resolve(s, root) if option.get("type") != "null"]
    return [schema]


def _is_free_text(schema: dict) -> bool:
    return schema.get("type") == "string" and not {"enum", "pattern", "format", "const"} & set(schema)


def free_text(data: Any, schema: dict, root: dict, loc: Loc = ()) -> Iterator[Loc]:
    """Every place in `data` that holds a string the schema leaves free: names, titles, text.

    A string is free if any alternative allows it freely (a title may also be a
    sealed text, which has a pattern: the plain alternative is free).
    """
    options = _resolve(schema, root)
    if isinstance(data, dict):
        for option in options:
            properties = option.get("properties", {})
            if properties:
                for key, value in data.items():
                    if key in properties:
                        yield from free_text(value, properties[key], root, (*loc, key))
                return
    elif isinstance(data, list):
        for option in options:
            if "items" in option:
                for i, value in enumerate(data):
                    yield from free_text(value, option["items"], root, (*loc, i))
                return
    elif isinstance(data, str) and any(_is_free_text(option) for option in options):
        yield loc


def _set(data: Any, loc: Loc, value: str) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


# --- records as text ------------------------------------------------------------------------

BODY: Loc = ("(body)",)
"""The Markdown body of a rule, as if it were a field."""


@dataclass
class Record:
    kind: str
    path: str  # below the content folder
    data: dict
    body: str | None = None  # rules only

    def text(self) -> str:
        header = f"# yaml-language-server: $schema={'../' * self.path.count('/')}schema/{self.kind}.schema.json\n"
        front = yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False, width=10_000)
        if self.body is None:
            return header + front
        return f"---\n{header}{front}---\n{self.body}"

    def set(self, loc: Loc, value: str) -> None:
        if loc == BODY:
            self.body = value
        else:
            _set(self.data, loc, value)

    def places(self) -> list[Loc]:
        schema = json.loads((SCHEMA / f"{self.kind}.schema.json").read_text(encoding="utf-8"))
        found = [loc for loc in free_text(self.data, schema, schema) if loc != ("id",)]
        return found + ([BODY] if self.body is not None else [])


def enriched(template: Record, trial_folder: Path) -> Record:
    """The template with each optional free-text field it lacks (e.g. a representative's affiliation)
    set to plain text, where validate accepts that in a copy of the minimal folder."""
    schema = json.loads((SCHEMA / f"{template.kind}.schema.json").read_text(encoding="utf-8"))
    record = Record(template.kind, template.path, copy.deepcopy(template.data), template.body)
    for key, prop in schema.get("properties", {}).items():
        if key in record.data or not any(_is_free_text(option) for option in _resolve(prop, schema)):
            continue
        trial = Record(record.kind, record.path, {**record.data, key: "示例文字"}, record.body)
        (trial_folder / trial.path).write_text(trial.text(), encoding="utf-8")
        try:
            load(trial_folder)
        except InvalidContent:
            continue
        record = trial
    (trial_folder / record.path).write_text(record.text(), encoding="utf-8")
    return record


def read_record(kind: str, path: Path, relative: str) -> Record:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        _, front, body = text.split("---\n", 2)
        return Record(kind, relative, yaml.safe_load(front), body)
    return Record(kind, relative, yaml.safe_load(text))


# --- the folder -------------------------------------------------------------------------------


@dataclass
class Hostile:
    content: Path
    placed: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # record path → [(field, string)]
    refused: int = 0  # (field, string) pairs validate refused
    render_refused: int = 0  # pairs validate accepted but render_site raised on (bugs of today's renderers)
    render_errors: list[str] = field(default_factory=list)

    @property
    def pairs(self) -> int:
        return sum(len(v) for v in self.placed.values())


def _site_places(site: dict, texts: list[str]) -> list[tuple[Loc, int]]:
    """Add a street (one community, one grid), a category and a handling unit per string; (place, string k)."""
    places: list[tuple[Loc, int]] = []
    base_streets, base_categories, base_units = len(site["streets"]), len(site["categories"]), len(site["handling_units"])
    for k in range(len(texts)):
        site["streets"].append(
            {
                "id": f"hz-street-{k:03d}",
                "name": f"街道{k}",
                "communities": [
                    {"id": f"hz-community-{k:03d}", "name": f"社区{k}", "grids": [{"id": f"hz-grid-{k:03d}", "name": f"网格{k}"}]}
                ],
            }
        )
        site["categories"].append({"id": f"hz-category-{k:03d}", "name": f"类别{k}"})
        unit_kind = site["handling_units"][0]["kind"]
        site["handling_units"].append({"id": f"hz-unit-{k:03d}", "name": f"单位{k}", "kind": unit_kind})
        places += [
            (("streets", base_streets + k, "name"), k),
            (("streets", base_streets + k, "communities", 0, "name"), k),
            (("streets", base_streets + k, "communities", 0, "grids", 0, "name"), k),
            (("categories", base_categories + k, "name"), k),
            (("handling_units", base_units + k, "name"), k),
        ]
    return places


def build(target: Path) -> Hostile:
    """Write the hostile content folder at `target` (a new folder)."""
    texts = strings()
    shutil.copytree(MINIMAL, target)
    site_record = Record("site", "site.yml", yaml.safe_load((MINIMAL / "site.yml").read_text(encoding="utf-8")))
    site_places = _site_places(site_record.data, texts)

    # Every candidate: (record, place, string k), the record holding string k everywhere it may.
    records: dict[str, Record] = {}
    wanted: dict[str, list[tuple[Loc, int]]] = {}
    trial_folder = target.parent / (target.name + "-trial")
    shutil.copytree(MINIMAL, trial_folder)
    for kind, (folder, name, new_id) in TEMPLATES.items():
        template = enriched(read_record(kind, MINIMAL / folder / name, f"{folder}/{name}"), trial_folder)
        for k in range(len(texts)):
            record_id = new_id(k)
            suffix = ".md" if template.body is not None else ".yml"
            clone = Record(kind, f"{folder}/{record_id}{suffix}", copy.deepcopy(template.data), template.body)
            clone.data["id"] = record_id
            records[clone.path] = clone
            wanted[clone.path] = [(loc, k) for loc in clone.places()]
    site_schema = json.loads((SCHEMA / "site.schema.json").read_text(encoding="utf-8"))
    district_places = [loc for loc in free_text(site_record.data, site_schema, site_schema) if loc[0] == "district"]
    records["site.yml"] = site_record
    wanted["site.yml"] = site_places

    written: dict[str, str] = {}
    texts_of: dict[tuple[str, tuple], str] = {}

    def write(chosen: dict[str, list[tuple[Loc, int]]]) -> None:
        for path, record in records.items():
            places = tuple(chosen.get(path, []))
            text = texts_of.get((path, places))
            if text is None:
                if places:
                    record = Record(record.kind, record.path, copy.deepcopy(record.data), record.body)
                    for loc, k in places:
                        record.set(loc, texts[k])
                text = texts_of[(path, places)] = record.text()
            if written.get(path) != text:
                (target / path).parent.mkdir(parents=True, exist_ok=True)
                (target / path).write_text(text, encoding="utf-8")
                written[path] = text

    # The clones as they are, with no hostile text, must load: otherwise the templates are wrong.
    write({})
    neutral = load(target)

    hostile = Hostile(target)
    chosen: dict[str, list[tuple[Loc, int]]] = {path: list(places) for path, places in wanted.items()}

    # District names: one value each, so the first strings that pass, one per place. Tried in
    # a copy of the minimal folder (a name in site.yml is checked on its own).
    shutil.rmtree(trial_folder)
    shutil.copytree(MINIMAL, trial_folder)
    trial_site = Record("site", "site.yml", copy.deepcopy(site_record.data))
    next_k = 0
    for loc in district_places:
        while next_k < len(texts):
            k, next_k = next_k, next_k + 1
            trial = Record("site", "site.yml", copy.deepcopy(trial_site.data))
            trial.set(loc, texts[k])
            (trial_folder / "site.yml").write_text(trial.text(), encoding="utf-8")
            try:
                load(trial_folder)
            except InvalidContent:
                hostile.refused += 1
                continue
            trial_site = trial
            chosen["site.yml"].append((loc, k))
            break
    shutil.rmtree(trial_folder)

    hostile.refused += _drop_refused(target, write, chosen)

    # What validate accepts must render; what does not render today is dropped and counted.
    ids = {path: (record.kind, record.data["id"]) for path, record in records.items() if path != "site.yml"}
    while (failure := _render(full := load(target), RENDERERS)) is not None:
        renderers = [r for r in RENDERERS if _render(full, [r]) is not None]
        culprits = _culprit_files(neutral, full, ids, sorted(p for p, v in chosen.items() if v), renderers)
        assert culprits, f"render_site fails, but on no one file: {failure}"
        refused: dict[str, list[tuple[Loc, int]]] = {path: [] for path in culprits}
        for i in range(max(len(chosen[path]) for path in culprits)):
            trial = {path: (places[i : i + 1] if path in culprits else places) for path, places in chosen.items()}
            write(trial)
            registry = load(target)
            for path in _culprit_files(neutral, registry, ids, culprits, renderers):
                if i < len(chosen[path]):
                    refused[path].append(chosen[path][i])
        for path in culprits:
            for place in refused[path] or list(chosen[path]):
                chosen[path].remove(place)
                hostile.render_refused += 1
                hostile.render_errors.append(f"{path}: {field_name(place[0])} = 第 {place[1]} 条")
        write(chosen)
    hostile.placed = {path: [(field_name(loc), texts[k]) for loc, k in places] for path, places in chosen.items()}
    return hostile


def _render(registry: Registry, renderers: list) -> Exception | None:
    try:
        render_site(SiteContext(registry=registry, today=TODAY, built_at="2026年11月27日 12:00"), renderers, jobs=1)
    except Exception as err:  # noqa: BLE001 - any renderer failure on accepted content is a finding
        return err
    return None


def _mixed(neutral: Registry, full: Registry, ids: dict[str, tuple[str, str]], files: list[str]) -> Registry:
    """The neutral registry with the records of these files (and site.yml) taken from `full`."""
    changes: dict[str, dict] = {}
    for path in files:
        if path == "site.yml":
            continue
        kind, record_id = ids[path]
        attribute = kind + "s"
        changes.setdefault(attribute, dict(getattr(neutral, attribute)))[record_id] = getattr(full, attribute)[record_id]
    return dataclasses.replace(neutral, site=full.site if "site.yml" in files else neutral.site, **changes)


def _culprit_files(neutral: Registry, full: Registry, ids: dict, files: list[str], renderers: list) -> list[str]:
    """The files whose records (from `full`, the rest neutral) make the renderers fail, each alone: by halving."""
    if not files or _render(_mixed(neutral, full, ids, files), renderers) is None:
        return []
    if len(files) == 1:
        return files
    half = len(files) // 2
    return _culprit_files(neutral, full, ids, files[:half], renderers) + _culprit_files(
        neutral, full, ids, files[half:], renderers
    )


def field_name(loc: Loc) -> str:
    """A place as a Problem names its field: ("figures", 0, "label") → "figures[0].label"."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _drop_refused(target: Path, write: Any, chosen: dict[str, list[tuple[Loc, int]]]) -> int:
    """Drop every (place, string) validate refuses; how many.

    A problem names its file and field, so the place it names is dropped. A
    problem that names no place of its file (a rule across fields) is found by
    rounds: in round i each such file holds only its i-th place.
    """
    dropped = 0
    while True:
        problems = _problems(target, write, chosen)
        if not problems:
            return dropped
        unexplained: set[str] = set()
        for path, fields in problems.items():
            by_name = {field_name(loc): (loc, k) for loc, k in chosen.get(path, [])}
            named = [by_name[f] for f in fields if f in by_name]
            for place in dict.fromkeys(named):
                chosen[path].remove(place)
                dropped += 1
            if not named:
                unexplained.add(path)
        if not unexplained:
            continue
        if not any(chosen.get(path) for path in unexplained):
            raise AssertionError(f"validate refuses files without hostile text: {sorted(unexplained)}")
        rounds = max(len(chosen.get(path, [])) for path in unexplained)
        refused: dict[str, list[tuple[Loc, int]]] = {path: [] for path in unexplained}
        for i in range(rounds):
            trial = {path: (places[i : i + 1] if path in unexplained else places) for path, places in chosen.items()}
            for path in set(_problems(target, write, trial)) & unexplained:
                if i < len(chosen.get(path, [])):
                    refused[path].append(chosen[path][i])
        for path in unexplained:
            places = refused[path] or list(chosen.get(path, []))  # each passes alone, not together: drop all
            for place in places:
                chosen[path].remove(place)
                dropped += 1


def _problems(target: Path, write: Any, chosen: dict) -> dict[str, list[str]]:
    """The fields validate refuses, by record file (relative path)."""
    write(chosen)
    try:
        load(target)
    except InvalidContent as err:
        found: dict[str, list[str]] = {}
        for problem in err.problems:
            if problem.is_error:
                path = Path(problem.path).resolve().relative_to(target.resolve()).as_posix()
                found.setdefault(path, []).append(problem.field)
        return found or {"site.yml": []}
    return {}
