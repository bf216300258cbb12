"""The suggestion lifecycle as the model enforces it: exact field and message per broken rule."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from yizheng.models.suggestion import Suggestion

RECEIVED = {"date": "2026-03-01", "status": "已受理"}
ASSIGNED = {"date": "2026-03-02", "status": "已交办", "units": ["housing"], "deadline": "2026-03-23"}
PROGRESS = {"date": "2026-03-05", "status": "办理中", "note": "已现场查看"}
REPLIED = {"date": "2026-03-10", "status": "已答复"}
SATISFIED = {"date": "2026-03-12", "status": "已答复", "satisfaction": "满意"}
REOPENED = {"date": "2026-03-12", "status": "办理中", "satisfaction": "不满意", "deadline": "2026-04-02"}
CLOSED = {"date": "2026-03-13", "status": "已办结"}
REPLY = {"date": "2026-03-10", "unit": "housing", "text": "已安排维修"}


def suggestion(*history: dict[str, Any], **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "2026-X0001",
        "title": "修座人行天桥",
        "category": "urban",
        "street": "hualong",
        "channel": "联络站",
        "submitted": "2026-03-01",
        "problem": "路口车多，老人过马路不安全",
        "status": history[-1]["status"],
        "history": [copy.deepcopy(entry) for entry in history],
    }
    data.update(fields)
    return data


def errors(data: dict[str, Any]) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as info:
        Suggestion.model_validate(data)
    return [(tuple(e["loc"]) + tuple((e.get("ctx") or {}).get("loc", ())), e["msg"]) for e in info.value.errors()]


def test_full_loop_with_a_second_round_is_valid() -> None:
    record = Suggestion.model_validate(
        suggestion(
            RECEIVED, ASSIGNED, PROGRESS, REPLIED, REOPENED,
            {"date": "2026-03-20", "status": "办理中", "note": "第二轮办理"},
            {"date": "2026-03-28", "status": "已答复"},
            {"date": "2026-03-30", "status": "已答复", "satisfaction": "基本满意"},
            {"date": "2026-03-30", "status": "已办结"},
            replies=[REPLY, {"date": "2026-03-28", "unit": "housing", "text": "第二次答复"}],
        )
    )
    assert record.handling_units == ["housing"]
    assert str(record.deadline) == "2026-04-02"
    assert record.satisfaction is not None and record.satisfaction.value == "基本满意"
    assert record.published


@pytest.mark.parametrize(
    ("history", "fields", "expected"),
    [
        pytest.param(
            [RECEIVED, REPLIED], {"replies": [REPLY]},
            [(("history", 1, "status"), "不能从“已受理”直接变为“已答复”；允许的下一步：已交办、不予受理、合并办理")],
            id="skips-assignment",
        ),
        pytest.param(
            [ASSIGNED], {},
            [(("history", 0, "status"), "办理记录的第一条应为“已受理”，而不是“已交办”")],
            id="does-not-start-received",
        ),
        pytest.param(
            [RECEIVED, ASSIGNED, PROGRESS, REPLIED, {"date": "2026-03-12", "status": "办理中"}], {"replies": [REPLY]},
            [(("history", 4, "satisfaction"), "从“已答复”退回“办理中”只能由不满意评价引起：请填写 satisfaction: 不满意（重新办理）")],
            id="backwards-without-reopen",
        ),
        pytest.param(
            [RECEIVED, ASSIGNED, PROGRESS, REPLIED, CLOSED], {"replies": [REPLY]},
            [(("history", 4, "status"), "办结前须先有一条满意或基本满意的评价")],
            id="closed-without-evaluation",
        ),
        pytest.param(
            [RECEIVED, ASSIGNED, PROGRESS, REPLIED, {**REOPENED, "deadline": None}], {"replies": [REPLY]},
            [(("history", 4, "deadline"), "重新办理须规定新的办理期限（deadline）")],
            id="reopen-without-deadline",
        ),
        pytest.param(
            [RECEIVED, {**ASSIGNED, "units": []}], {},
            [(("history", 1, "units"), "交办时须写明承办单位（units）")],
            id="assigned-without-units",
        ),
        pytest.param(
            [RECEIVED, ASSIGNED, PROGRESS, REPLIED], {},
            [(("replies",), "办理记录中有 1 次答复，但答复只有 0 条；每次答复都要写明单位和内容")],
            id="replied-without-reply-text",
        ),
        pytest.param(
            [RECEIVED, ASSIGNED, PROGRESS, REPLIED], {"replies": [{**REPLY, "unit": "transport"}]},
            [(("replies", 0, "unit"), "答复单位“transport”不是交办的承办单位；应为：housing")],
            id="reply-from-unassigned-unit",
        ),
        pytest.param(
            [RECEIVED, ASSIGNED], {"status": "办理中"},
            [(("status",), "状态“办理中”与办理记录最后一条的“已交办”不一致")],
            id="status-disagrees-with-history",
        ),
        pytest.param(
            [RECEIVED, {**ASSIGNED, "date": "2026-02-27"}], {},
            [(("history", 1, "date"), "办理记录应按时间先后排列：2026-02-27 排在了 2026-03-01 之后")],
            id="history-goes-back-in-time",
        ),
        pytest.param(
            [RECEIVED, {"date": "2026-03-02", "status": "合并办理"}], {},
            [(("merged_into",), "状态为合并办理时须填写并入的意见建议编号（merged_into），其他状态不能填写")],
            id="merged-without-target",
        ),
        pytest.param(
            [RECEIVED, {"date": "2026-03-02", "status": "不予受理", "satisfaction": "满意"}], {},
            [(("history", 1, "satisfaction"), "满意度只能在答复之后的评价中填写")],
            id="satisfaction-outside-evaluation",
        ),
        pytest.param(
            [RECEIVED, ASSIGNED, PROGRESS, REPLIED, {**SATISFIED, "satisfaction": "不满意"}], {"replies": [REPLY]},
            [(("history", 4, "status"), "不满意的评价会重新办理：状态应为“办理中”，并规定新的办理期限")],
            id="dissatisfied-but-not-reopened",
        ),
        pytest.param(
            [RECEIVED, {"date": "2026-03-02", "status": "不予受理"}, ASSIGNED], {},
            [(("history", 2, "status"), "不能从“不予受理”直接变为“已交办”；允许的下一步：无（这是终结状态）")],
            id="step-after-terminal",
        ),
        pytest.param(
            [RECEIVED], {"id": "2026-W0007", "issue": 8, "channel": "网上表单"},
            [(("id",), "编号中的数字 7 应等于议题编号 8")],
            id="online-id-does-not-match-issue",
        ),
        pytest.param(
            [RECEIVED], {"id": "2025-X0001"},
            [(("id",), "编号中的年份 2025 与提出日期 2026-03-01 的年份不一致")],
            id="id-year-differs",
        ),
    ],
)
def test_broken_lifecycle_rule(history: list[dict], fields: dict, expected: list) -> None:
    assert errors(suggestion(*history, **fields)) == expected


def test_a_unit_may_reply_without_a_progress_step() -> None:
    record = Suggestion.model_validate(suggestion(RECEIVED, ASSIGNED, REPLIED, replies=[REPLY]))
    assert record.status.value == "已答复"


def test_extension_and_added_unit_during_progress() -> None:
    extended = {**PROGRESS, "deadline": "2026-04-10", "units": ["transport"], "note": "承办单位申请延期，并请交通部门协办"}
    record = Suggestion.model_validate(suggestion(RECEIVED, ASSIGNED, extended))
    assert record.handling_units == ["housing", "transport"]
    assert str(record.deadline) == "2026-04-10"


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        pytest.param(
            [RECEIVED, ASSIGNED, {"date": "2026-03-05", "status": "办理中", "deadline": "2026-04-10"}],
            [(("history", 2, "note"), "办理中延期或增加承办单位时，须在说明（note）中写明原因")],
            id="extension-without-reason",
        ),
        pytest.param(
            [RECEIVED, {**ASSIGNED}, {"date": "2026-03-05", "status": "办理中", "rated_by": "提出人"}],
            [(("history", 2, "rated_by"), "评价人只在评价（填写满意度）时填写")],
            id="rater-without-rating",
        ),
        pytest.param(
            [RECEIVED, {"date": "2026-03-02", "status": "不予受理", "deadline": "2026-03-20"}],
            [(("history", 1, "deadline"), "办理期限只在交办、办理中延期或重新办理时填写")],
            id="deadline-on-rejection",
        ),
    ],
)
def test_broken_progress_rule(history: list[dict], expected: list) -> None:
    assert errors(suggestion(*history)) == expected
