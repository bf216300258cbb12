"""Hypothesis strategies for records, derived from the models themselves.

Plain fields are drawn from their types and constraints (patterns, enums,
bounds); a suggestion's history is a random walk over the lifecycle table, so
every drawn history is one the lifecycle allows.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from typing import Any

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from yizheng import personal_data
from yizheng.models import Meeting, Site
from yizheng.models.lifecycle import NEXT, Satisfaction, Status
from yizheng.models.suggestion import Suggestion

# Text as people type it: CJK, Latin, digits, punctuation YAML cares about
# (quotes, colons, hashes, dashes, brackets), inner spaces, tabs and newlines.
_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
    st.sampled_from(list("\n\t :#-'\"!&*%@`|>{}[],?\\")),
)

DATES = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


def _clean(text: str) -> bool:
    return bool(text.strip()) and not personal_data.find(text)


TEXT = st.text(_ALPHABET, min_size=1, max_size=40).filter(_clean)


def for_annotation(annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return for_annotation(inner, metadata + [m for m in extra if not isinstance(m, FieldInfo)] + [
            m for e in extra if isinstance(e, FieldInfo) for m in e.metadata
        ])
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return st.one_of(st.none(), *(for_annotation(m, metadata) for m in members))
    if origin is list:
        (item,) = typing.get_args(annotation)
        min_len = next((m.min_length for m in metadata if isinstance(m, annotated_types.MinLen)), 0)
        # Lists in records never repeat an item (ids, units, attendees...).
        return st.lists(for_annotation(item, []), min_size=min_len, max_size=max(min_len, 3), unique_by=repr)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return for_model(annotation)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return st.sampled_from(list(annotation))
    if annotation is bool:
        return st.booleans()
    if annotation is dt.date:
        return DATES
    if annotation in (int, float):
        low = next((m.ge for m in metadata if isinstance(m, annotated_types.Ge)), 0)
        high = next((m.le for m in metadata if isinstance(m, annotated_types.Le)), 1000)
        if annotation is int:
            return st.integers(min_value=int(low), max_value=int(high))
        return st.floats(min_value=float(low), max_value=float(high), allow_nan=False, allow_infinity=False)
    if annotation is str:
        pattern = next((m.pattern for m in metadata if hasattr(m, "pattern") and m.pattern), None)
        low = next((m.min_length for m in metadata if isinstance(m, annotated_types.MinLen)), 1)
        high = next((m.max_length for m in metadata if isinstance(m, annotated_types.MaxLen)), 10_000)
        if pattern:
            ids = st.from_regex(re.compile(pattern), fullmatch=True)
            return ids.filter(lambda s: s.strip() == s and low <= len(s) <= high)
        return TEXT.filter(lambda s: low <= len(s.strip()) <= high)
    raise NotImplementedError(annotation)  # pragma: no cover - a new field type needs a strategy


def for_model(model: type[BaseModel], overrides: dict[str, st.SearchStrategy[Any]] | None = None) -> st.SearchStrategy:
    """Dicts of field values for `model`; optional fields are left out or drawn."""
    overrides = overrides or {}
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        strategy = overrides[name] if name in overrides else for_annotation(info.annotation, list(info.metadata))
        (required if info.is_required() else optional)[name] = strategy
    return st.fixed_dictionaries(required, optional=optional)


@st.composite
def histories(draw: st.DrawFn, start: dt.date) -> list[dict[str, Any]]:
    """A random walk over the lifecycle table, with dates that never go back."""
    entries: list[dict[str, Any]] = []
    status: Status | None = None
    day = start
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        choices = list(NEXT[status])
        if status is Status.REPLIED and not (entries and entries[-1].get("satisfaction") in ("满意", "基本满意")):
            choices = [c for c in choices if c is not Status.CLOSED]
        if not choices:
            break
        after = draw(st.sampled_from(choices))
        day = day + dt.timedelta(days=draw(st.integers(min_value=0, max_value=20)))
        entry: dict[str, Any] = {"date": day, "status": after.value}
        if draw(st.booleans()):
            entry["note"] = draw(TEXT)
        if after is Status.ASSIGNED:
            entry["units"] = ["unit-a"]
            entry["deadline"] = day + dt.timedelta(days=21)
        if status is Status.REPLIED and after is Status.REPLIED:
            entry["satisfaction"] = draw(st.sampled_from([Satisfaction.SATISFIED.value, Satisfaction.BASICALLY_SATISFIED.value]))
        if status is Status.REPLIED and after is Status.IN_PROGRESS:
            entry["satisfaction"] = Satisfaction.DISSATISFIED.value
            entry["deadline"] = day + dt.timedelta(days=21)
        entries.append(entry)
        status = after
    return entries


@st.composite
def suggestions(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(for_model(Suggestion, {"history": st.just([]), "replies": st.just([]), "issue": st.none()}))
    submitted = draw(DATES)
    history = draw(histories(submitted))
    rounds = sum(
        1 for before, entry in zip(history, history[1:]) if entry["status"] == "已答复" and before["status"] != "已答复"
    )
    data.update(
        id=f"{submitted.year}-X{draw(st.integers(min_value=1, max_value=99999)):04d}",
        submitted=submitted,
        channel=draw(st.sampled_from(["联络站", "连心卡", "座谈会", "接访", "走访", "其他"])),
        history=history,
        status=history[-1]["status"],
        replies=[{"date": history[-1]["date"], "unit": "unit-a", "text": draw(TEXT)} for _ in range(rounds)],
    )
    data.pop("issue", None)
    if history[-1]["status"] == "合并办理":
        data["merged_into"] = f"{submitted.year}-X0000"
    else:
        data.pop("merged_into", None)
    return data


def _field(model: type[BaseModel], name: str) -> st.SearchStrategy[Any]:
    """The strategy for_model draws one field's value with."""
    info = model.model_fields[name]
    return for_annotation(info.annotation, list(info.metadata))


def sites() -> st.SearchStrategy[dict[str, Any]]:
    """Site data; half the repositories on github.com, where no site_url is needed (the address is derived).

    Drawn from the pattern alone, a repository is almost never on github.com, so nine draws in ten had
    no site_url for another host and were thrown away, and a site without site_url was hardly ever drawn.
    """
    github = st.from_regex(r"https://github\.com/[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+", fullmatch=True)
    return for_model(Site, {"repository": st.one_of(github, _field(Site, "repository"))})


@st.composite
def meetings(draw: st.DrawFn) -> dict[str, Any]:
    """Meeting data with a place: a station, a location or both (without one, nine draws in ten were invalid)."""
    data = draw(for_model(Meeting))
    if data.get("station") is None and data.get("location") is None:
        name = draw(st.sampled_from(["station", "location"]))
        data[name] = draw(_field(Meeting, name).filter(lambda value: value is not None))
    return data
