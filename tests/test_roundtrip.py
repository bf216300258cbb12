"""Property: a valid record written in canonical form reads back unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from strategies import for_model, meetings, sites, suggestions
from yizheng import yamlio
from yizheng.canonical import canonical_text, dump_record
from yizheng.kinds import KINDS
from yizheng.models import Meeting, Rule, Site, Suggestion

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

CASES: list[tuple[str, type[BaseModel], str, st.SearchStrategy[Any]]] = [("site", Site, "site.yml", sites())]
CASES += [
    (kind.name, kind.model, f"{kind.folder}/2026/x{kind.suffix}" if kind.by_year else f"{kind.folder}/x{kind.suffix}",
     suggestions() if kind.model is Suggestion else meetings() if kind.model is Meeting else for_model(kind.model))
    for kind in KINDS
]


def _valid(model: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError:
        assume(False)
        raise  # pragma: no cover


def _read_back(model: type[BaseModel], text: str, body: str) -> BaseModel:
    doc = yamlio.parse(text)
    data = {**doc.data, "body": body} if model is Rule else doc.data
    return model.model_validate(data)


@pytest.mark.parametrize(("kind", "model", "relpath", "strategy"), CASES, ids=[c[0] for c in CASES])
def test_canonical_form_reads_back_unchanged(kind: str, model: type[BaseModel], relpath: str, strategy) -> None:
    @SETTINGS
    @given(strategy)
    def check(data: dict[str, Any]) -> None:
        record = _valid(model, data)
        text = dump_record(record, relpath, kind)
        body = getattr(record, "body", "")
        assert _read_back(model, text, body) == record
        # Canonical form is a fixed point: formatting it again changes nothing.
        original = f"---\n{text}---\n{body}\n" if model is Rule else text
        assert canonical_text(original, record, relpath, kind) == original

    check()


@SETTINGS
@given(suggestions())
def test_every_walk_of_the_lifecycle_is_a_valid_history(data: dict[str, Any]) -> None:
    record = Suggestion.model_validate(data)
    assert record.status.value == data["history"][-1]["status"]
