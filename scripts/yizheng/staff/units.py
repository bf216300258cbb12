"""Handling units (承办单位) named by staff: by id or by the full Chinese name in site.yml.

One resolver for every place a clerk names a unit: `yizheng suggestion assign/progress/reply
--unit …` on the command line and `/交办`, `/答复` in an issue comment. A name that is not a
unit is refused before anything is edited, with every unit listed as "编号（全称）", so the
clerk can copy the right one; the message names the option or command they typed, not a
record file they never opened.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ..crosscheck import unit_choices
from ..registry import Registry
from .edit import Refused


def _key(text: str) -> str:
    # Full-width letters and digits, spaces typed around a name: the same unit.
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def resolve_unit(registry: Registry, text: str, where: str) -> str:
    """The id of the unit `text` names (its id or its full name); Refused, listing every unit, when none.

    `where` is what the clerk typed it after, e.g. "--unit"; "" when the message says so already.
    """
    wanted = _key(text)
    for unit in registry.site.handling_units:
        if wanted in (_key(unit.id), _key(unit.name)):
            return unit.id
    shown = " ".join(text.split()) or "（空）"
    prefix = f"{where}：" if where else ""
    raise Refused(f"{prefix}没有“{shown}”这个承办单位。可用：{unit_choices(registry)}")


def resolve_units(registry: Registry, texts: Iterable[str], where: str) -> list[str]:
    """Ids of the units named, in order, each once."""
    return list(dict.fromkeys(resolve_unit(registry, text, where) for text in texts))
