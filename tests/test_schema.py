"""The JSON Schemas in schema/ are the models' own, and every field is explained in Chinese."""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from conftest import ROOT
from yizheng.kinds import KINDS
from yizheng.models import Site
from yizheng.schema import render, schemas, write_schemas

SCHEMA_DIR = ROOT / "schema"
_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("name", sorted(schemas()))
def test_checked_in_schema_matches_the_models(name: str) -> None:
    path = SCHEMA_DIR / name
    assert path.exists(), f"{name} 不存在：运行 yizheng schema"
    assert path.read_text(encoding="utf-8") == render(schemas()[name]), f"{name} 与模型不一致：运行 yizheng schema"


def test_no_stray_schema_files() -> None:
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.json")) == sorted(schemas())


def test_write_schemas_only_writes_what_changed(tmp_path: Path) -> None:
    first = write_schemas(tmp_path)
    assert sorted(p.name for p in first) == sorted(schemas())
    assert write_schemas(tmp_path) == []
    (tmp_path / "site.schema.json").write_text("{}", encoding="utf-8")
    assert [p.name for p in write_schemas(tmp_path)] == ["site.schema.json"]


def _models() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = [Site, *(kind.model for kind in KINDS)]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.append(model)
        for info in model.model_fields.values():
            for arg in _types(info.annotation):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    todo.append(arg)
    return seen


def _types(annotation: object) -> list[object]:
    args = typing.get_args(annotation)
    if not args:
        return [annotation]
    return [t for arg in args for t in _types(arg)]


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_every_field_has_a_chinese_title_and_description(model: type[BaseModel]) -> None:
    for name, info in model.model_fields.items():
        assert info.title and _CJK.search(info.title), f"{model.__name__}.{name} 缺少中文 title"
        assert info.description and _CJK.search(info.description), f"{model.__name__}.{name} 缺少中文 description"


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_every_model_forbids_unknown_fields(model: type[BaseModel]) -> None:
    assert model.model_config.get("extra") == "forbid"
    assert model.model_config.get("str_strip_whitespace") is True


def test_schemas_are_valid_json_schema_documents() -> None:
    for name, schema in schemas().items():
        assert schema["$schema"].endswith("2020-12/schema"), name
        json.dumps(schema)  # serialisable
        assert schema["additionalProperties"] is False, name


def test_the_two_evaluations_differ_only_in_who_reported_and_the_report_s_wording() -> None:
    """述职评议 and 评议承办单位 record the same things after who reported (one shared model, not two
    copies drifting apart): same keys, same rules and same explanations but for the report's."""
    from yizheng.models.meeting import DutyReport, Evaluation, UnitEvaluation

    duty, unit = DutyReport.model_json_schema()["properties"], UnitEvaluation.model_json_schema()["properties"]
    assert list(duty) == ["representative", "report", "evaluated_by", "result", "note"]  # `yizheng fmt` keeps this order
    assert list(unit) == ["unit", "report", "evaluated_by", "result", "note"]
    shared = ["evaluated_by", "result", "note"]
    assert [duty[k] for k in shared] == [unit[k] for k in shared]
    assert (duty["report"]["title"], unit["report"]["title"]) == ("述职内容", "报告内容")
    assert {k: v for k, v in duty["report"].items() if k not in ("title", "description")} == {
        k: v for k, v in unit["report"].items() if k not in ("title", "description")
    }
    assert issubclass(DutyReport, Evaluation) and issubclass(UnitEvaluation, Evaluation)
