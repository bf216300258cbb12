"""Canonical form of record files, keeping the comments staff wrote.

The canonical text of a record is its validated model dumped in the model's
field order (only the fields the file sets), with:

- a `# yaml-language-server: $schema=...` first line,
- two-space indentation, lists in block style,
- multi-line text as literal blocks (`|`),
- text that YAML 1.1 would read as something else (yes, no, on, 010, 1:20...)
  in double quotes,
- every comment of the original file carried over to the same key.

Values come from the strict loader, so canonical form never changes what a
record means; comments come from a round-trip (ruamel.yaml) read of the file.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import re
import sys
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from .files import write_text_atomic
from .loader import SITE_FILE, find_record_files, read_record, read_site
from .problems import Problem, display_path
from .schema import schema_path_for
from .yamlio import decode, read_file, split_front_matter

_SCHEMA_LINE = re.compile(r"^# yaml-language-server: .*\n", re.MULTILINE)
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


def round_trip() -> YAML:
    rt = YAML(typ="rt")
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.width = 100_000
    rt.allow_unicode = True
    rt.preserve_quotes = False
    # Records never share values: write every value out, never as an anchor and alias.
    rt.representer.ignore_aliases = lambda data: True
    return rt


def schema_line(relpath: str, kind_name: str) -> str:
    return f"# yaml-language-server: $schema={schema_path_for(relpath, kind_name)}\n"


def dump_record(record: BaseModel, relpath: str, kind_name: str, comments: Any = None) -> str:
    """The canonical YAML text of a record (front matter only, for a rule)."""
    data = record.model_dump(mode="python", exclude_unset=True, exclude={"body"})
    tree = to_yaml(data, comments)
    if isinstance(comments, CommentedMap):
        tree.ca.comment = comments.ca.comment
        tree.ca.end = comments.ca.end
    stream = io.StringIO()
    round_trip().dump(tree, stream)
    text = _SCHEMA_LINE.sub("", stream.getvalue())
    return schema_line(relpath, kind_name) + text


def canonical_text(original: str, record: BaseModel, relpath: str, kind_name: str) -> str:
    """The canonical form of a file whose text is `original` and whose record is `record`."""
    markdown = relpath.endswith(".md")
    if markdown:
        front, body = split_front_matter(original)  # the loader has accepted this file
        comments = _read_comments(front)
        return "---\n" + dump_record(record, relpath, kind_name, comments) + "---\n" + body.rstrip("\n") + "\n"
    return dump_record(record, relpath, kind_name, _read_comments(original))


def _read_comments(text: str) -> Any:
    return round_trip().load(text)


def to_yaml(value: Any, original: Any = None) -> Any:
    """Plain data as ruamel nodes in canonical style, taking comments from `original` where keys match."""
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = to_yaml(item, original.get(key) if isinstance(original, CommentedMap) else None)
            if isinstance(original, CommentedMap) and key in original.ca.items:
                out.ca.items[key] = original.ca.items[key]
        return out
    if isinstance(value, list):
        seq = CommentedSeq()
        for index, item in enumerate(value):
            before = original[index] if isinstance(original, CommentedSeq) and index < len(original) else None
            seq.append(to_yaml(item, before))
            if isinstance(original, CommentedSeq) and index in original.ca.items:
                seq.ca.items[index] = original.ca.items[index]
        return seq
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (bool, int, float, dt.date)) or value is None:
        return value
    raise TypeError(f"cannot write {type(value).__name__} into a record")  # pragma: no cover


def _text(value: str) -> str:
    if "\n" in value:
        return LiteralScalarString(value)
    if _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != _STR_TAG:
        return DoubleQuotedScalarString(value)
    return value


def format_content(content: Path, check: bool) -> int:
    """`yizheng fmt`: rewrite (or with check, list) every record not in canonical form."""
    problems: list[Problem] = []
    differing: list[str] = []
    targets: list[tuple[Path, str, str, Any]] = []
    site = read_site(content / SITE_FILE, problems)
    if site is not None:
        targets.append((content / SITE_FILE, SITE_FILE, "site", site))
    for item in find_record_files(content, problems):
        loaded = read_record(item, problems)
        if loaded is not None:
            targets.append((item.path, item.relpath, item.kind.name, loaded[0]))
    for path, relpath, kind_name, record in targets:
        original = decode(read_file(path))
        try:
            text = canonical_text(original, record, relpath, kind_name)
        except YAMLError as err:  # pragma: no cover - the strict loader accepted the file
            problems.append(Problem(display_path(path), 1, "", f"无法保留注释地读取此文件：{err}"))
            continue
        if text != original:
            differing.append(display_path(path))
            if not check:
                write_text_atomic(path, text)
    for problem in sorted(problems):
        print(problem)
    if check:
        for shown in differing:
            print(f"{shown}: 格式与统一格式不同；运行 yizheng fmt 改写")
        if differing:
            print(f"{len(differing)} 个文件需要改写为统一格式", file=sys.stderr)
    else:
        for shown in differing:
            print(f"已改写 {shown}")
    if problems:
        print(f"{len(problems)} 个错误：有错误的文件没有改写，请先修正", file=sys.stderr)
        return 1
    return 1 if check and differing else 0
