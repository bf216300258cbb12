"""The record models. Each kind of record is one model; `KINDS` lists them."""

from __future__ import annotations

from dataclasses import dataclass

from .case import Case
from .common import Record
from .meeting import Meeting
from .representative import Representative
from .rule import Rule, RuleFrontMatter
from .site import Site
from .station import Station
from .suggestion import Suggestion


@dataclass(frozen=True)
class Kind:
    """A kind of record: where its files live and which model reads them."""

    name: str  # English, used in code, schema file names and the registry
    title: str  # Chinese, for messages and pages
    folder: str  # under content/
    model: type[Record]
    suffix: str = ".yml"
    by_year: bool = False  # files live in <folder>/<year>/

    @property
    def schema_model(self) -> type:
        return RuleFrontMatter if self.model is Rule else self.model


KINDS: tuple[Kind, ...] = (
    Kind("representative", "议政代表", "representatives", Representative),
    Kind("station", "联络站", "stations", Station),
    Kind("rule", "制度文件", "rules", Rule, suffix=".md"),
    Kind("meeting", "会议活动", "meetings", Meeting),
    Kind("case", "典型案例", "cases", Case),
    Kind("suggestion", "意见建议", "suggestions", Suggestion, by_year=True),
)
KIND_BY_NAME = {kind.name: kind for kind in KINDS}

__all__ = [
    "KINDS",
    "KIND_BY_NAME",
    "Case",
    "Kind",
    "Meeting",
    "Record",
    "Representative",
    "Rule",
    "RuleFrontMatter",
    "Site",
    "Station",
    "Suggestion",
]
