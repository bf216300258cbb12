"""Editing records safely: round-trip, checked against the whole registry, written atomically.

A staff command loads the registry once, edits the YAML of one or more records
as a round-trip tree (comments kept), and hands the new texts to `commit`.
`commit` reads each new text exactly as `yizheng validate` would, puts the
records into the registry in place of the old ones and runs the cross-record
checks. Only when nothing is wrong does it write, each file atomically; on any
problem nothing is written and the files stay byte-for-byte as they were.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import crosscheck
from ..canonical import canonical_text, round_trip, to_yaml
from ..files import write_text_atomic
from ..loader import RecordFile, load, read_record
from ..kinds import KIND_BY_NAME
from ..problems import Problem, display_path
from ..registry import Registry, Source
from ..sealing import needs_sealing
from .sealed import sealed_text
from ..yamlio import decode, read_file

BEIJING = dt.timezone(dt.timedelta(hours=8))


class Refused(Exception):
    """A step the rules do not allow; the message says why and what is allowed."""


def today() -> dt.date:
    return dt.datetime.now(tz=BEIJING).date()


@dataclass
class Change:
    kind: str
    record_id: str
    path: Path
    relpath: str  # inside content/
    old_text: str | None  # None: a new file
    new_text: str
    notice: str | None = None  # said to staff once the change is written


class Workspace:
    """The content folder, loaded once, and the edits made to it."""

    def __init__(self, content: Path, require_sealed: bool = True) -> None:
        self.content = content
        # InvalidContent when the content already has problems (with require_sealed False, text
        # that should be sealed and is not is not one: `yizheng seal` is what fixes it).
        self.registry: Registry = load(content, require_sealed=require_sealed)
        self._recipients: list | None = None
        self._texts: dict[tuple[str, str], str] = {}  # records read from elsewhere than content/

    def recipients(self) -> list:
        """The staff's keys (content/staff-keys.yml) as pyrage recipients; [] when there is no such file."""
        if self._recipients is None:
            keys = self.registry.staff_keys
            self._recipients = keys.recipients() if keys is not None else []
        return self._recipients

    # --- reading --------------------------------------------------------------

    def record(self, kind: str, record_id: str) -> Any:
        records = self.registry.records(kind)
        if record_id not in records:
            close = difflib.get_close_matches(record_id, list(records), n=3)
            hint = f"；是不是：{'、'.join(close)}" if close else ""
            raise Refused(f"找不到{KIND_BY_NAME[kind].title}“{record_id}”{hint}")
        return records[record_id]

    def tree(self, kind: str, record_id: str) -> tuple[CommentedMap, Change]:
        """The record's YAML as a round-trip tree, and a Change to fill with its new text."""
        source = self.registry.source(kind, record_id)
        text = self._texts.get((kind, record_id)) or decode(read_file(source.path))
        tree = round_trip().load(text)
        return tree, Change(kind, record_id, source.path, source.relpath, text, text)

    def new_file(self, kind: str, record_id: str, relpath: str) -> Change:
        path = self.content / relpath
        if path.exists():
            raise Refused(f"{display_path(path)} 已存在")
        return Change(kind, record_id, path, relpath, None, "")

    def use_text(self, kind: str, record_id: str, text: str) -> list[Problem]:
        """Take `text` as the record's file from now on (e.g. the record on a pull request's branch).

        The text is checked as `commit` checks it; on problems nothing changes.
        """
        source = self.registry.source(kind, record_id)
        change = Change(kind, record_id, source.path, source.relpath, text, text)
        problems = self.check([change])
        if not problems:
            self._texts[(kind, record_id)] = change.new_text
        return problems

    # --- writing --------------------------------------------------------------

    def commit(self, changes: Sequence[Change], dry_run: bool = False) -> list[Problem]:
        """Check every changed record against the registry, then write all or nothing.

        Returns the problems (nothing was written when there are any).
        """
        problems = self.check(changes)
        if problems:
            return problems
        if dry_run:
            for change in changes:
                sys.stdout.writelines(diff(change))
            return []
        for change in changes:
            write_text_atomic(change.path, change.new_text)
        return []

    def check(self, changes: Sequence[Change]) -> list[Problem]:
        """What `commit` checks, without writing: each new text read as `validate` would, then
        put into the registry (in canonical form) and checked against every other record.

        The issue commands (intake/command.py) use this and write through GitHub instead.
        """
        problems: list[Problem] = []
        checked: list[tuple[Change, Any, Any]] = []
        for change in changes:
            item = RecordFile(change.path, change.relpath, KIND_BY_NAME[change.kind])
            loaded = read_record(item, problems, text=change.new_text)
            if loaded is not None and change.kind == "suggestion" and needs_sealing(loaded[0]) and self.recipients():
                # Checked as plain text above (personal data, length); stored sealed.
                sealed = sealed_text(change.new_text, loaded[0], self.recipients())
                if sealed is not None:
                    change.new_text = sealed
                    loaded = read_record(item, problems, text=change.new_text)
            if loaded is not None:
                checked.append((change, *loaded))
        if problems:
            return problems
        for change, record, doc in checked:
            self.registry.records(change.kind)[record.id] = record
            self.registry.sources[(change.kind, record.id)] = Source(change.path, change.relpath, doc)
            # Keep the layout canonical, whatever the tree edit produced.
            change.new_text = canonical_text(change.new_text, record, change.relpath, change.kind)
        return crosscheck.check(self.registry)


def diff(change: Change) -> list[str]:
    before = (change.old_text or "").splitlines(keepends=True)
    after = change.new_text.splitlines(keepends=True)
    name = display_path(change.path)
    return list(difflib.unified_diff(before, after, fromfile=name if change.old_text is not None else "/dev/null", tofile=name))


def dump(tree: Any) -> str:
    """YAML text of a round-trip tree (comments kept) or of plain data (in canonical style)."""
    stream = io.StringIO()
    round_trip().dump(tree if isinstance(tree, CommentedMap) else to_yaml(tree), stream)
    return stream.getvalue()


def set_field(tree: CommentedMap, model: type[BaseModel], key: str, value: Any) -> None:
    """Set `key`, inserting a new key where the model's field order puts it."""
    node = to_yaml(value)
    if key in tree:
        tree[key] = node
        return
    order = list(model.model_fields)
    rank = order.index(key)
    for position, existing in enumerate(tree):
        if existing in order and order.index(existing) > rank:
            tree.insert(position, key, node)
            return
    tree[key] = node


def append_item(tree: CommentedMap, model: type[BaseModel], key: str, item: Any) -> None:
    """Append to the list at `key`, creating the list if the record has none yet."""
    if key not in tree or tree[key] is None:
        set_field(tree, model, key, [])
    seq = tree[key]
    assert isinstance(seq, CommentedSeq)
    seq.append(to_yaml(item))
