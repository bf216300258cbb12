"""Reading issue commands, and the table of commands allowed per status against the real steps (no GitHub)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import MINIMAL
from yizheng.intake.issue_commands import Command, allowed_now, allowed_text, carries_text, make_step, parse, step
from yizheng.staff import suggestions
from yizheng.staff.edit import Refused, Workspace


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("/交办 housing 华龙街道办事处\n请会同街道办理", Command("交办", ("housing", "华龙街道办事处"), "housing 华龙街道办事处\n请会同街道办理")),
        ("／不予受理　不属于受理范围", Command("不予受理", ("不属于受理范围",), "不属于受理范围")),
        ("  /办结\r\n", Command("办结", (), "")),
        ("/答复 housing\r\n已修复。\r\n\r\n欢迎监督。", Command("答复", ("housing",), "housing\n已修复。\n\n欢迎监督。")),
        ("/评价 不满意 提出人 还是坏的", Command("评价", ("不满意", "提出人", "还是坏的"), "不满意 提出人 还是坏的")),
        ("/评价满意", Command("评价", ("满意",), "满意")),
        ("／评价基本满意，谢谢", Command("评价", ("基本满意", "谢谢"), "基本满意 谢谢")),
        ("/评价：满意。", Command("评价", ("满意",), "满意")),
        ("/评价不满意 还是坏的", Command("评价", ("不满意", "还是坏的"), "不满意 还是坏的")),
    ],
)
def test_a_command_is_the_first_line_and_its_text_follows(body: str, expected: Command) -> None:
    assert parse(body) == expected


@pytest.mark.parametrize("body", ["", "谢谢 /办结", "/办结了", "/close", "办结", "> /办结", "/ 办结", "/交办事项很多"])
def test_anything_else_is_not_a_command(body: str) -> None:
    assert parse(body) is None


# --- the table of allowed commands says yes exactly when the step goes through -----------------

RECORD = "suggestions/2026/2026-W0005.yml"
W5 = """\
id: 2026-W0005
title: 龙兴社区健身器材损坏
category: urban
street: hualong
channel: 网上表单
submitted: 2026-11-20
problem: 广场上的健身器材坏了三件。
issue: 5
status: 已受理
history:
  - date: 2026-11-20
    status: 已受理
"""
# How to reach each state, one command after another.
PATHS = {
    "已受理": [],
    "已交办": ["/交办 housing"],
    "办理中": ["/交办 housing", "/办理 已到现场"],
    "已答复": ["/交办 housing", "/答复 housing 已修复"],
    "已答复，已评价": ["/交办 housing", "/答复 housing 已修复", "/评价 基本满意"],
    "已答复，不满意后": ["/交办 housing", "/答复 housing 已修复", "/评价 不满意", "/答复 housing 又修了一次"],
    "已办结": ["/交办 housing", "/答复 housing 已修复", "/评价 满意", "/办结"],
    "不予受理": ["/不予受理 不属于受理范围"],
    "合并办理": ["/合并 2026-X0001"],
}
TRIES = ["/交办 housing", "/办理 进展", "/延期 2026-12-31 需要定制", "/答复 housing 已答复", "/评价 满意",
         "/评价 不满意", "/办结", "/不予受理 理由", "/合并 2026-X0001"]


def _goes_through(ws: Workspace, body: str, day: dt.date) -> str | None:
    """The record's new text when the step goes through the real lifecycle checks, without the table."""
    command = parse(body)
    assert command is not None
    try:
        made = make_step(ws, command, day, False)
        if command.name == "办结":
            suggestions.check_close_allowed(ws, "2026-W0005")
        change = suggestions.apply(ws, "2026-W0005", made)
    except Refused:
        return None
    return None if ws.check([change]) else change.new_text


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("commands") / "content"
    shutil.copytree(MINIMAL, content)
    (content / RECORD).write_text(W5, encoding="utf-8")
    return content


@pytest.mark.parametrize("state", list(PATHS))
def test_the_allowed_commands_are_exactly_the_steps_that_go_through(content: Path, state: str) -> None:
    day = dt.date(2026, 11, 21)
    text = W5
    ws = Workspace(content)  # one load; use_text puts the record back before each try
    for body in PATHS[state]:
        ws.use_text("suggestion", "2026-W0005", text)
        new_text = _goes_through(ws, body, day)
        assert new_text is not None, body
        text = new_text
    assert ws.use_text("suggestion", "2026-W0005", text) == []
    allowed = allowed_now(ws.record("suggestion", "2026-W0005"))
    went = []
    for body in TRIES:
        assert ws.use_text("suggestion", "2026-W0005", text) == []
        if _goes_through(ws, body, day) is not None:
            went.append(body.split()[0])
    assert list(dict.fromkeys(went)) == allowed


def test_what_carries_text_from_the_comment(content: Path) -> None:
    ws = Workspace(content)
    record = ws.record("suggestion", "2026-W0005")
    day = dt.date(2026, 11, 21)
    for body, carries in [("/交办 housing", False), ("/交办 housing\n意见", True), ("/不予受理 理由", True),
                          ("/合并 2026-X0001", False), ("/合并 2026-X0001 同一座天桥", True)]:
        command = parse(body)
        assert carries_text(command, step(ws, record, command, day, False)) is carries, body


@pytest.mark.parametrize(
    ("state", "expected"),
    [("已办结", "无：这条意见建议已办结，不能再办理"), ("不予受理", "无：这条意见建议已不予受理，不能再办理"),
     ("合并办理", "无：这条意见建议已并入 2026-X0001，不能再办理"), ("已答复", "/评价"), ("已答复，已评价", "/评价、/办结")],
)
def test_what_the_answer_says_is_allowed_now(content: Path, state: str, expected: str) -> None:
    ws = Workspace(content)
    text = W5
    for body in PATHS[state]:
        ws.use_text("suggestion", "2026-W0005", text)
        text = _goes_through(ws, body, dt.date(2026, 11, 21))
    ws.use_text("suggestion", "2026-W0005", text)
    assert allowed_text(ws.record("suggestion", "2026-W0005")) == expected
