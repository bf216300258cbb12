"""Pydantic's validation errors, said in Chinese, at the line they come from."""

from __future__ import annotations

import enum
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .models.common import PATTERN_HINTS
from .yamlio import Document, Loc, field_path  # field_path: also for crosscheck and privacy

_TYPE_NAMES = {bool: "布尔值", int: "数字", float: "数字", str: "文本", list: "列表", dict: "映射", type(None): "空值"}

_DATE_HINT = "应为真实存在的日期，格式 YYYY-MM-DD，如 2026-03-15"


def translate(err: ValidationError, model: type[BaseModel], doc: Document) -> list[tuple[int, str, str]]:
    """(line, field, message) for every error, in the order pydantic found them."""
    results = []
    for item in err.errors(include_url=False):
        loc = tuple(item["loc"])
        ctx = item.get("ctx") or {}
        if item["type"] == "record_rule":
            loc = loc + tuple(ctx.get("loc", ()))
        message = _message(item, loc, model, doc)
        legacy = getattr(model, "legacy_loc", None)  # a record in an older spelling, read as the new one
        shown = legacy(loc, doc.lines) if legacy is not None else loc
        results.append((doc.line_of(shown), field_path(shown), message))
    return _dedupe(results)


def _dedupe(results: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    seen: set[tuple[int, str, str]] = set()
    out = []
    for result in results:
        if result not in seen:
            seen.add(result)
            out.append(result)
    return out


def _message(item: dict[str, Any], loc: Loc, model: type[BaseModel], doc: Document) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    value = item.get("input")
    info = _field_info(model, loc)
    title = f"（{info.title}）" if info is not None and info.title else ""
    typed = doc.raw_text(loc)
    word = typed if isinstance(value, bool) else None

    if kind == "record_rule":
        return str(ctx["message"])
    if kind == "missing":
        return f"缺少必填字段{title}"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        return f"未知字段“{loc[-1]}”；可用字段：{', '.join(allowed)}"
    if word is not None and kind == "enum":
        return f"未加引号的 {word} 被 YAML 读成了是/否（布尔值）；这里应为以下之一：{_enum_choices(info)}"
    if word is not None and kind == "string_type":
        return f"未加引号的 {word} 被 YAML 读成了是/否（布尔值）；这里应为文本，请加引号写成 \"{word}\""
    if kind == "string_type" and isinstance(value, (int, float)):
        typed = typed if typed is not None else str(value)
        shown = _describe(value) if typed == str(value) else f"数字 {value}（YAML 把未加引号的 {typed} 读成了数字）"
        return f"应为文本，实际为{shown}；编号、文号等请加引号，如 \"{typed}\""
    if kind == "string_type":
        return f"应为文本，实际为{_describe(value)}"
    if kind == "enum":
        choices = _enum_choices(info) or str(ctx.get("expected", ""))
        return f"应为以下之一：{choices}；实际为“{value}”"
    if kind == "string_pattern_mismatch":
        hint = PATTERN_HINTS.get(str(ctx.get("pattern")), f"符合格式 {ctx.get('pattern')}")
        if info is not None and info.description and str(ctx.get("pattern")) not in PATTERN_HINTS:
            hint = info.description
        return f"格式不符：应为{hint}；实际为“{value}”"
    if kind == "string_too_short":
        return "不能为空" if ctx.get("min_length") == 1 else f"过短：至少 {ctx.get('min_length')} 个字"
    if kind == "string_too_long":
        return f"过长：最多 {ctx.get('max_length')} 个字，实际 {len(str(value))} 个字"
    if kind == "too_short":
        return f"至少需要 {ctx.get('min_length')} 项，实际 {ctx.get('actual_length', 0)} 项"
    if kind == "too_long":
        return f"最多 {ctx.get('max_length')} 项，实际 {ctx.get('actual_length')} 项"
    if kind.startswith("date_"):
        shown = "空值" if value is None else f"“{value}”"
        return f"不是有效的日期：{shown}；{_DATE_HINT}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"应为整数，实际为{_describe(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"应为数字，实际为{_describe(value)}"
    if kind == "finite_number":
        return "应为有限的数字（不能是无穷大或 NaN）"
    if kind in ("bool_type", "bool_parsing"):
        return f"应为 true 或 false，实际为{_describe(value)}"
    if kind == "list_type":
        return f"应为列表（每项一行，以“- ”开头），实际为{_describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"应为映射（下一行缩进写“字段: 值”），实际为{_describe(value)}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": "不小于", "greater_than": "大于", "less_than_equal": "不大于", "less_than": "小于"}[kind]
        bound = next(iter(ctx.values()), "")
        return f"应{sign} {bound}，实际为 {value}"
    if kind == "value_error":
        return str(item["msg"]).removeprefix("Value error, ")
    return f"{item['msg']}（输入：{value!r}）"


def _describe(value: Any) -> str:
    name = _TYPE_NAMES.get(type(value))
    if name is None:
        return f"“{value}”"
    if isinstance(value, (list, dict)) or value is None:
        return name
    return f"{name} {value}" if not isinstance(value, str) else f"“{value}”"


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional/Union/list/Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list):
        found = []
        for arg in typing.get_args(annotation):
            found.extend(_unwrap(arg))
        return found
    return [annotation]


def _field_info(model: type[BaseModel], loc: Loc) -> FieldInfo | None:
    current: Any = model
    info: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        info = current.model_fields[part]
        models = [t for t in _unwrap(info.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        current = models[0] if models else None
    return info


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    if not loc:
        return list(model.model_fields)
    info = _field_info(model, loc)
    if info is None:
        return []
    for candidate in _unwrap(info.annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return list(candidate.model_fields)
    return []


def _enum_choices(info: FieldInfo | None) -> str:
    if info is None:
        return ""
    for candidate in _unwrap(info.annotation):
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return "、".join(str(member.value) for member in candidate)
    return ""
