"""The record models. Each kind of record is one model; `yizheng.kinds.KINDS` lists the kinds."""

from __future__ import annotations

from .case import Case
from .common import Record
from .meeting import Meeting
from .representative import Representative
from .rule import Rule, RuleFrontMatter
from .site import Site
from .station import Station
from .suggestion import Suggestion


__all__ = [
    "Case",
    "Meeting",
    "Record",
    "Representative",
    "Rule",
    "RuleFrontMatter",
    "Site",
    "Station",
    "Suggestion",
]
