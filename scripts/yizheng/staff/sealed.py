"""Sealing, re-sealing and opening the text of a suggestion record, in its round-trip YAML tree.

Only the values change: every other line and comment of the file stays as it was.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import PlainScalarString

from ..canonical import round_trip, to_yaml
from ..models.suggestion import Suggestion
from ..sealing import Sealed, seal, text_fields, unseal


def set_value(tree: CommentedMap, loc: tuple[str | int, ...], value: str) -> None:
    node: Any = tree
    for part in loc[:-1]:
        node = node[part]
    new = to_yaml(value)
    # ruamel keeps the old value's style (a sealed block) for a plain str: give it its own.
    node[loc[-1]] = PlainScalarString(new) if type(new) is str else new


def seal_tree(tree: CommentedMap, record: Suggestion, recipients: list[Any], identities: list[Any] | None = None) -> int:
    """Seal every plain value of `record` in `tree` to `recipients`; with `identities`, re-seal
    the sealed ones too (after opening them). The number of values changed."""
    changed = 0
    for loc, value in text_fields(record):
        if value is None:
            continue
        if isinstance(value, Sealed):
            if identities is None:
                continue
            value = unseal(value, identities)
        set_value(tree, loc, seal(value, recipients))
        changed += 1
    return changed


def open_tree(tree: CommentedMap, record: Suggestion, identities: list[Any]) -> int:
    """Replace every sealed value of `record` in `tree` by its plain text; the number opened."""
    opened = 0
    for loc, value in text_fields(record):
        if isinstance(value, Sealed):
            set_value(tree, loc, unseal(value, identities))
            opened += 1
    return opened


def load_tree(text: str) -> CommentedMap:
    return round_trip().load(text)


def dump_tree(tree: CommentedMap) -> str:
    stream = io.StringIO()
    round_trip().dump(tree, stream)
    return stream.getvalue()


def sealed_text(text: str, record: Suggestion, recipients: list[Any]) -> str | None:
    """`text` (the file of `record`) with its plain values sealed; None when nothing is plain."""
    tree = load_tree(text)
    if not seal_tree(tree, record, recipients):
        return None
    return dump_tree(tree)
