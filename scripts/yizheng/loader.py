"""The one loader: content/ → Registry, or every problem found on the way.

It reads each file once, checks it against its model, then runs the checks
across records. Problems are collected, never raised one at a time, so staff
see everything that needs fixing in one run.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import collector, crosscheck, messages, personal_data, processes
from .kinds import KINDS, Kind
from .models import Site
from .models.staff_keys import StaffKeys
from .privacy import review as privacy_review
from .privacy.warnings import warnings as privacy_warnings
from .problems import Problem, display_path
from .registry import Registry, Source
from .site import checks as site_checks
from .yamlio import Document, YamlProblem, decode, parse, read_file, split_front_matter

SITE_FILE = "site.yml"
STAFF_KEYS_FILE = "staff-keys.yml"
"""The staff's public keys, to which private text is sealed (see sealing.py); optional."""
_YEAR = re.compile(r"^20\d{2}$")


class InvalidContent(Exception):
    """The content folder has errors; all of them, and any warnings, are in `problems`."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{sum(p.is_error for p in problems)} problems")
        self.problems = sorted(problems)


@dataclass(frozen=True)
class RecordFile:
    """A file found under content/ and the kind of record it should hold."""

    path: Path
    relpath: str
    kind: Kind


PARALLEL_FROM = 1000
"""From this many record files on, other processes parse them (below it, starting one costs more;
README, 规模与性能)."""

_TASKS_PER_JOB = 8
"""Each parsing process gets its files in about this many batches: few enough that handing
them over costs little, enough that the checking here starts early and no process idles long."""

Reading = tuple[tuple[Any, Document] | None, list[Problem]]
"""What reading one record file gave: the record and its document (None if invalid), and its problems."""

_Parsed = tuple[dict[str, Any], str, int] | YamlProblem
"""A file's values, Markdown body and lines above its YAML; or why it could not be parsed.
(Its text is not sent back from a parsing process: it is read again if a problem needs a
line, and if it changed meanwhile the problem points at the first line, see Document.lines.)"""


def load(content: Path, jobs: int | None = None, require_sealed: bool = True) -> Registry:
    """Every record under `content`, checked; raises InvalidContent listing all problems.

    `jobs` is how many processes parse the files (default: one per core for large folders).
    With `require_sealed` False, private text left unsealed is no problem (for `yizheng seal`).
    """
    return load_readings(content, jobs, require_sealed)[0]


def load_readings(
    content: Path,
    jobs: int | None = None,
    require_sealed: bool = True,
    checking: Callable[[Registry], crosscheck.Each] | None = None,
) -> tuple[Registry, list[RecordFile], list[Reading]]:
    """`load`, and the record files with what reading each gave (to assemble again after a few
    of them changed, see `assemble` and site/incremental.py, which also gives `checking`)."""
    problems: list[Problem] = []
    if not content.is_dir():
        raise InvalidContent([Problem(display_path(content), 1, "", "内容目录不存在")])
    site_path = content / SITE_FILE
    site = read_site(site_path, problems)
    staff_keys = read_staff_keys(content / STAFF_KEYS_FILE, problems, site=site)
    with collector.paused(), privacy_review.noticing() as noticed:
        files = find_record_files(content, problems)
        readings = read_records(files, jobs)
        registry = _assemble(content, site, files, readings, problems, staff_keys, require_sealed, checking)
        problems.extend(privacy_warnings(registry, noticed()))
        return _finished(registry, problems), files, readings


def read_records(files: list[RecordFile], jobs: int | None = None) -> list[Reading]:
    """Each file read and checked against its model, in order.

    Parsing YAML is two thirds of the work and needs nothing but the file, so with
    `jobs` > 1 that many forked processes parse while this one checks each parsed
    file against its model as it arrives (the records are built only once, here).
    """
    jobs = processes.jobs_for(len(files), PARALLEL_FROM) if jobs is None else jobs
    if jobs <= 1 or not processes.can_fork():
        readings: list[Reading] = []
        for item in files:
            problems: list[Problem] = []
            readings.append((read_record(item, problems), problems))
        return readings
    with processes.pool(jobs) as workers:
        parsed = workers.map(_parse_file, files, chunksize=max(50, len(files) // (jobs * _TASKS_PER_JOB)))
        return [_check(item, result) for item, result in zip(files, parsed)]


def _parse_file(item: RecordFile) -> _Parsed:
    try:
        doc, body = read_document(item.path, item.kind.suffix == ".md")
    except YamlProblem as err:
        return err
    return doc.data, body, doc.line_offset


def _check(item: RecordFile, parsed: _Parsed) -> Reading:
    problems: list[Problem] = []
    if isinstance(parsed, YamlProblem):
        problems.append(Problem(display_path(item.path), parsed.line, parsed.field, parsed.message))
        return None, problems
    data, body, line_offset = parsed
    doc = Document(data, functools.partial(_yaml_text, item), line_offset)
    return check_record(item, doc, body, problems), problems


def _yaml_text(item: RecordFile) -> str:
    return _split(decode(read_file(item.path)), item.kind.suffix == ".md")[0]


def assemble(
    content: Path,
    site: Site | None,
    files: list[RecordFile],
    readings: list[Reading],
    problems: list[Problem],
    staff_keys: StaffKeys | None = None,
    checking: Callable[[Registry], crosscheck.Each] | None = None,
) -> Registry:
    """The registry of records already read (`readings`, one per file), cross-checked; raises
    InvalidContent listing all problems. (The privacy reminders of `load` need every file read
    again, so they are not among its warnings.) `checking`, given the registry before it is
    checked, says how each record's cross-checks are made (incremental generation keeps them)."""
    return _finished(_assemble(content, site, files, readings, problems, staff_keys, checking=checking), problems)


def _finished(registry: Registry, problems: list[Problem]) -> Registry:
    """The registry, with the warnings among `problems`; InvalidContent if any is an error."""
    if any(problem.is_error for problem in problems):
        raise InvalidContent(problems)
    registry.warnings = sorted(problems)
    return registry


def _assemble(
    content: Path,
    site: Site | None,
    files: list[RecordFile],
    readings: list[Reading],
    problems: list[Problem],
    staff_keys: StaffKeys | None = None,
    require_sealed: bool = True,
    checking: Callable[[Registry], crosscheck.Each] | None = None,
) -> Registry:
    records: dict[str, dict[str, Any]] = {kind.name: {} for kind in KINDS}
    sources: dict[tuple[str, str], Source] = {}
    unreadable: dict[str, set[str]] = {kind.name: set() for kind in KINDS}
    for item, (loaded, found) in zip(files, readings):
        problems.extend(found)
        if loaded is None:
            unreadable[item.kind.name].add(item.path.name[: -len(item.kind.suffix)])
            continue
        record, doc = loaded
        existing = records[item.kind.name].get(record.id)
        if existing is not None:
            first = sources[(item.kind.name, record.id)]
            problems.append(
                Problem(display_path(item.path), doc.line_of(("id",)), "id", f"编号“{record.id}”与 {first.relpath} 重复")
            )
            continue
        records[item.kind.name][record.id] = record
        sources[(item.kind.name, record.id)] = Source(item.path, item.relpath, doc)
    if site is None:
        raise InvalidContent(problems)
    registry = Registry(
        content=content,
        site=site,
        sources=sources,
        unreadable=unreadable,
        staff_keys=staff_keys,
        **{kind.attribute: records[kind.name] for kind in KINDS},
    )
    each = checking(registry) if checking is not None else None
    problems.extend(crosscheck.check(registry, each))
    problems.extend(site_checks.check(registry))
    if require_sealed:
        problems.extend(crosscheck.unsealed(registry, each))
    return registry


def find_record_files(content: Path, problems: list[Problem]) -> list[RecordFile]:
    """Each record file under content/, with its kind; files elsewhere are problems."""
    found: list[RecordFile] = []
    kinds = {kind.folder: kind for kind in KINDS}
    for path, parts, is_dir in _walk(content, ()):
        if is_dir:
            if path.suffix in (".yml", ".yaml", ".md"):
                problems.append(Problem(display_path(path), 1, "", "这是一个目录，不是记录文件；请删除或改名"))
            continue
        if parts in ((SITE_FILE,), (STAFF_KEYS_FILE,)):
            continue
        kind = kinds.get(parts[0]) if len(parts) > 1 else None
        expected_depth = 3 if kind is not None and kind.by_year else 2
        if kind is None or len(parts) != expected_depth or path.suffix != kind.suffix:
            problems.append(Problem(display_path(path), 1, "", _misplaced(parts, kind)))
            continue
        if kind.by_year and not _YEAR.match(parts[1]):
            problems.append(
                Problem(display_path(path), 1, "", f"{kind.title}应放在 {kind.folder}/<年份>/ 下，“{parts[1]}”不是年份")
            )
            continue
        found.append(RecordFile(path, "/".join(parts), kind))
    return found


def _walk(folder: Path, parts: tuple[str, ...]) -> Iterator[tuple[Path, tuple[str, ...], bool]]:
    """Everything under folder except hidden names, in path order: (path, its parts, is a real folder).

    A symbolic link is never followed, and is given as a file (so it is reported as one).
    """
    with os.scandir(folder) as entries:
        listed = sorted((entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries if not entry.name.startswith("."))
    for name, is_dir in listed:
        path = folder / name
        yield path, parts + (name,), is_dir
        if is_dir:
            yield from _walk(path, parts + (name,))


def _misplaced(parts: tuple[str, ...], kind: Kind | None) -> str:
    if kind is None:
        places = "、".join(k.place for k in KINDS)
        return f"不认识的文件位置；content/ 下只能有 {SITE_FILE}、{STAFF_KEYS_FILE} 和以下位置的记录：{places}"
    return f"{kind.title}文件应放在 {kind.place}"


def read_document(path: Path, markdown: bool = False, text: str | None = None) -> tuple[Document, str]:
    """A record file's front matter or whole YAML, and its Markdown body ("" for YAML).

    With `text`, that text is read as if it were the file's (to check an edit before writing it).
    """
    yaml_text, body, line_offset = _split(decode(read_file(path)) if text is None else text, markdown)
    return parse(yaml_text, line_offset), body


def _split(text: str, markdown: bool) -> tuple[str, str, int]:
    """The YAML of a record file's text, its Markdown body, and the lines above the YAML."""
    if not markdown:
        return text, "", 0
    front, body = split_front_matter(text)
    return front, body, 1


def read_record(item: RecordFile, problems: list[Problem], text: str | None = None) -> tuple[Any, Document] | None:
    """One record file (or `text` in its place), validated; None (and problems) when it is not valid."""
    try:
        doc, body = read_document(item.path, item.kind.suffix == ".md", text)
    except YamlProblem as err:
        problems.append(Problem(display_path(item.path), err.line, err.field, err.message))
        return None
    return check_record(item, doc, body, problems)


def check_record(item: RecordFile, doc: Document, body: str, problems: list[Problem]) -> tuple[Any, Document] | None:
    """A parsed record file checked against its model, its file name and its folder."""
    markdown = item.kind.suffix == ".md"
    data = doc.data
    if markdown:
        if "body" in data:
            problems.append(Problem(display_path(item.path), doc.line_of(("body",)), "body", "正文写在 front matter 结束的“---”之后，不要写成字段"))
            return None
        data = {**data, "body": body}
    found = len(problems)
    record = _validate(item.kind.model, data, doc, item.path, problems, item.kind.schema_model)
    if markdown and len(problems) > found:
        # The body is not YAML: point at its first line, not at the front matter.
        first = body_first_line(doc, body)
        problems[found:] = [dataclasses.replace(p, line=first) if p.field == "body" else p for p in problems[found:]]
    if record is None:
        return None
    stem = item.path.name[: -len(item.kind.suffix)]
    if record.id != stem:
        problems.append(
            Problem(display_path(item.path), doc.line_of(("id",)), "id", f"编号“{record.id}”与文件名不一致；文件应命名为 {record.id}{item.kind.suffix}")
        )
        return None
    if item.kind.by_year and str(record.year) != item.path.parent.name:
        problems.append(
            Problem(
                display_path(item.path),
                doc.line_of(("submitted",)),
                "submitted",
                f"提出日期在 {record.year} 年，文件应放在 {item.kind.folder}/{record.year}/ 下",
            )
        )
        return None
    return record, doc


def body_first_line(doc: Document, body: str) -> int:
    """The line of a rule file where a problem of its body is: the first personal number in it
    (what the model refuses in a body), else its first non-blank line (the body as read, untrimmed)."""
    findings = personal_data.find(body)
    before = body[: findings[0].start] if findings else body[: len(body) - len(body.lstrip())]
    return doc.line_offset + doc.text.count("\n") + 2 + before.count("\n")


def read_site(path: Path, problems: list[Problem]) -> Site | None:
    shown = display_path(path)
    if not path.is_file():
        problems.append(Problem(shown, 1, "", "缺少 site.yml：区、街道、社区、类别和承办单位都在这里定义"))
        return None
    try:
        doc, _ = read_document(path)
    except YamlProblem as err:
        problems.append(Problem(shown, err.line, err.field, err.message))
        return None
    return _validate(Site, doc.data, doc, path, problems)


def read_staff_keys(path: Path, problems: list[Problem], text: str | None = None, site: Site | None = None) -> StaffKeys | None:
    """content/staff-keys.yml (or `text` in its place), checked; None when there is none (nothing
    is sealed then) or it has problems. Example keys (whose private halves are public) are an
    error on a `site` that is not example data."""
    if text is None and not path.exists():
        return None
    try:
        doc, _ = read_document(path, text=text)
    except YamlProblem as err:
        problems.append(Problem(display_path(path), err.line, err.field, err.message))
        return None
    keys = _validate(StaffKeys, doc.data, doc, path, problems)
    if keys is not None and keys.example and site is not None and not site.example:
        problems.append(
            Problem(
                display_path(path),
                doc.line_of(("example",)),
                "example",
                "这是示例密钥（私钥公开在 tests/fixtures/example-keys/ 中），正式网站不能用：请用 yizheng keys new "
                "为本区工作人员生成密钥、删掉示例项和 example: true，再运行 yizheng seal --rekey",
            )
        )
    return keys


def _validate(
    model: type[BaseModel],
    data: dict[str, Any],
    doc: Document,
    path: Path,
    problems: list[Problem],
    described_by: type[BaseModel] | None = None,
) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        shown = display_path(path)
        for line, field_name, message in messages.translate(err, described_by or model, doc):
            problems.append(Problem(shown, line, field_name, message))
        return None
