"""Derived values (SiteContext.derived, site/derived.py) read no field of a suggestion beyond those they name.

Incremental generation works a derived value out again only when a suggestion changed in one of the
fields the value names; a field read but not named would leave the value, and the pages made from it,
as they were. Here the whole example site is rendered with every derived value worked out on suggestions
that note each field read of them.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from conftest import CONTENT
from golden import fixed_context
from yizheng import handling
from yizheng.models import Suggestion
from yizheng.registry import Registry
from yizheng.site import derived
from yizheng.site.context import SiteContext
from yizheng.site.generate import render_site

ALWAYS = frozenset({"id"})
"""A record's id never changes: a record with another id is another record (added and removed)."""


class Reading:
    """A suggestion that notes the name of each field read of it (a property: what the property reads)."""

    def __init__(self, record: Suggestion, reads: set[str]) -> None:
        object.__setattr__(self, "_record", record)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, name: str) -> Any:
        record = object.__getattribute__(self, "_record")
        found = getattr(type(record), name, None)
        if isinstance(found, property):
            return found.fget(self)  # type: ignore[misc]
        object.__getattribute__(self, "_reads").add(name if name in type(record).model_fields else f"{name}()")
        return getattr(record, name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("records are not changed")


def _reading(registry: Registry, reads: set[str]) -> Registry:
    """The registry with each suggestion noting what is read of it, and what is worked out from
    the suggestions (handling, published_suggestions) worked out again from those."""
    raw = getattr(registry, "_raw", registry)
    reading = copy.copy(raw)
    reading.__dict__.pop("handling", None)
    reading.__dict__.pop("published_suggestions", None)
    reading.suggestions = {sid: Reading(s, reads) for sid, s in raw.suggestions.items()}  # type: ignore[misc]
    reading.__dict__["_raw"] = raw
    return reading


@dataclasses.dataclass
class Seen:
    fields: Mapping[str, frozenset[str]] | None
    reads: set[str]


class Recorder:
    """SiteContext.cache for one full generation: pieces are just made; each derived value is worked out
    on suggestions that note what is read, and what it read is kept with the fields it names."""

    def __init__(self) -> None:
        self.seen: dict[tuple, Seen] = {}

    def get(self, ctx: SiteContext, work: Callable[..., Any], record: object, args: tuple) -> Any:
        return work(ctx, record, *args)

    def derived(self, ctx: SiteContext, work: Callable[..., Any], args: tuple, fields: Mapping[str, frozenset[str]] | None) -> Any:
        reads: set[str] = set()
        value = work(dataclasses.replace(ctx, registry=_reading(ctx.registry, reads)), *args)
        plain = work(dataclasses.replace(ctx, registry=getattr(ctx.registry, "_raw", ctx.registry)), *args)
        assert value == plain, f"{work.__qualname__}{args}: a derived value holds records; give them by id"
        self.seen.setdefault((work, args), Seen(fields, set())).reads |= reads
        return plain


@pytest.fixture(scope="module")
def content_ctx() -> SiteContext:
    return fixed_context(CONTENT)


@pytest.fixture(scope="module")
def seen(content_ctx: SiteContext) -> dict[tuple, Seen]:
    recorder = Recorder()
    render_site(dataclasses.replace(content_ctx, cache=recorder), jobs=1)
    return recorder.seen


def test_handling_is_worked_out_from_the_fields_it_names(content_ctx: SiteContext) -> None:
    for suggestion in content_ctx.registry.suggestions.values():
        reads: set[str] = set()
        assert handling.of(Reading(suggestion, reads)) == handling.of(suggestion)  # type: ignore[arg-type]
        assert reads - ALWAYS <= handling.READS, suggestion.id
    reads = set()
    for suggestion in content_ctx.registry.suggestions.values():
        handling.of(Reading(suggestion, reads))  # type: ignore[arg-type]
    assert reads == handling.READS  # and each named field is read by some suggestion's


def test_each_derived_value_reads_only_the_suggestion_fields_it_names(seen: dict[tuple, Seen]) -> None:
    works = {work.__qualname__ for work, _ in seen}
    assert {"_summary", "_breakdown", "_four_ones", "_latest_updated", "_duty_index", "_published_ids"} <= works, works
    named = [(work, args, s) for (work, args), s in seen.items() if s.fields and "suggestion" in s.fields]
    assert len(named) >= 10, named
    for work, args, s in named:
        assert s.fields is not None
        allowed = s.fields["suggestion"] | ALWAYS
        assert s.reads <= allowed, f"{work.__module__}.{work.__qualname__}{args} reads {sorted(s.reads - allowed)} without naming them"


def test_the_fields_named_are_fields_of_a_suggestion(seen: dict[tuple, Seen]) -> None:
    names = set(Suggestion.model_fields)
    for (work, args), s in seen.items():
        for kind, fields in (s.fields or {}).items():
            assert kind == "suggestion", f"{work.__qualname__}: fields of {kind} are not checked here"
            assert fields <= names, f"{work.__qualname__}{args}: {sorted(fields - names)} are no fields of a suggestion"
    assert derived.PUBLISHED <= names and derived.KEYS <= names and derived.FOUR_ONES <= names
