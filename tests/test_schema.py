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
