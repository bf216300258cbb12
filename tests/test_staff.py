"""Staff commands: the closed loop with commands alone, refusals that change nothing, comments kept."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from conftest import run_cli
from yizheng.files import write_text_atomic
from yizheng.loader import load
from yizheng.staff.workdays import Deadline, add_working_days


def yz(capsys: pytest.CaptureFixture[str], content: Path, *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, *args, "--content", str(content))


def new_suggestion(capsys: pytest.CaptureFixture[str], content: Path) -> Path:
    code, out, err = yz(
        capsys, content, "suggestion", "new", "--title", "小区路灯不亮", "--category", "urban", "--street", "hualong",
        "--community", "longxing", "--channel", "联络站", "--problem", "三号楼前路灯坏了两周，晚上看不清台阶。",
        "--date", "2026-11-20", "--station", "hl-home", "--representative", "hl-001",
    )
    assert (code, err) == (0, "")
    path = content / "suggestions/2026/2026-X0003.yml"
    assert out == f"已新建 {path}\n"
    return path


def test_closed_loop_with_a_second_round(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = new_suggestion(capsys, minimal_copy)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("problem:", "# 工作人员备注：已电话回访\nproblem:"), encoding="utf-8")
    sid, unit = "2026-X0003", "housing"
    steps = [
        ("assign", "--unit", unit, "--date", "2026-11-21", "--key"),
        ("progress", "--note", "已派人查看", "--date", "2026-11-23"),
        ("reply", "--unit", unit, "--text", "已更换灯泡", "--date", "2026-11-24"),
        ("evaluate", "--satisfaction", "不满意", "--by", "提出人", "--note", "隔壁路灯也坏了", "--date", "2026-11-25"),
        ("reply", "--unit", unit, "--text", "两盏均已修复", "--date", "2026-11-26"),
        ("evaluate", "--satisfaction", "满意", "--by", "提出人", "--date", "2026-11-26"),
        ("close", "--date", "2026-11-27"),
    ]
    for step, *options in steps:
        code, out, err = yz(capsys, minimal_copy, "suggestion", step, sid, *options)
        assert (code, out, err) == (0, f"已更新 {path}\n", ""), step
        load(minimal_copy)  # every intermediate record is valid, across the registry
        assert "# 工作人员备注：已电话回访" in path.read_text(encoding="utf-8"), step
    record = load(minimal_copy).suggestions[sid]
    assert [(e.date.isoformat(), e.status.value) for e in record.history] == [
        ("2026-11-20", "已受理"), ("2026-11-21", "已交办"), ("2026-11-23", "办理中"), ("2026-11-24", "已答复"),
        ("2026-11-25", "办理中"), ("2026-11-26", "已答复"), ("2026-11-26", "已答复"), ("2026-11-27", "已办结"),
    ]
    assert record.history[1].deadline == dt.date(2026, 12, 11)  # 15 working days after 2026-11-21
    assert record.history[4].deadline == dt.date(2026, 12, 16)  # the second round's own deadline
    assert record.key_supervision and record.published
    assert [r.text for r in record.replies] == ["已更换灯泡", "两盏均已修复"]
    assert run_cli(capsys, "fmt", "--check", "--content", str(minimal_copy))[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("evaluate", "2026-X0001", "--satisfaction", "满意"),
            "未修改任何文件：意见建议 2026-X0001 当前状态为“已交办”，不能评价。"
            "当前允许的操作：progress（记录办理进展）、reply（答复）、merge（合并办理）\n",
        ),
        (
            ("assign", "2026-X0002", "--unit", "housing"),
            "未修改任何文件：意见建议 2026-X0002 当前状态为“已办结”，不能交办。当前允许的操作：无：这条意见建议已经结束\n",
        ),
        (
            ("close", "2026-X0001"),
            "未修改任何文件：意见建议 2026-X0001 当前状态为“已交办”，不能办结。"
            "当前允许的操作：progress（记录办理进展）、reply（答复）、merge（合并办理）\n",
        ),
        (
            ("assign", "2026-X0009", "--unit", "housing"),
            "未修改任何文件：找不到意见建议“2026-X0009”；是不是：2026-X0002、2026-X0001、2026-W0003\n",
        ),
    ],
)
def test_illegal_step_changes_nothing_and_says_what_is_allowed(
    minimal_copy: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    before = {p: p.read_bytes() for p in minimal_copy.rglob("*") if p.is_file()}
    code, out, err = yz(capsys, minimal_copy, "suggestion", *args)
    assert (code, out, err) == (1, "", message)
    assert {p: p.read_bytes() for p in minimal_copy.rglob("*") if p.is_file()} == before


def test_an_unknown_unit_is_refused_with_every_unit_and_its_name(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = minimal_copy / "suggestions/2026/2026-X0001.yml"
    before = path.read_bytes()
    code, out, err = yz(capsys, minimal_copy, "suggestion", "progress", "2026-X0001", "--note", "转交", "--unit", "nowhere")
    assert (code, out) == (1, "")
    assert err == "未修改任何文件：--unit：没有“nowhere”这个承办单位。可用：housing（区住建局）、hualong-office（华龙街道办事处）\n"
    assert path.read_bytes() == before


def test_dry_run_shows_the_diff_and_writes_nothing(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = minimal_copy / "suggestions/2026/2026-X0001.yml"
    before = path.read_bytes()
    code, out, _ = yz(capsys, minimal_copy, "suggestion", "progress", "2026-X0001", "--note", "已到现场", "--date", "2026-11-27", "--dry-run")
    assert code == 0
    assert path.read_bytes() == before
    added = [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added[-3:] == ["+  - date: 2026-11-27", "+    status: 办理中", "+    note: 已到现场"]


def test_offline_numbers_never_collide_with_issue_numbers(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new_suggestion(capsys, minimal_copy)  # 2026-X0003 beside 2026-W0003: offline numbers carry X, issue numbers W
    registry = load(minimal_copy)
    assert {"2026-W0003", "2026-X0003"} <= set(registry.suggestions)


def test_working_days_follow_the_official_calendar() -> None:
    # Spring Festival 2026: Feb 15–23 off, Saturday Feb 14 and Saturday Feb 28 are working days.
    assert add_working_days(dt.date(2026, 2, 12), 2) == Deadline(dt.date(2026, 2, 14))
    assert add_working_days(dt.date(2026, 2, 14), 1) == Deadline(dt.date(2026, 2, 24))
    assert add_working_days(dt.date(2026, 9, 30), 1) == Deadline(dt.date(2026, 10, 8))  # National Day: Oct 1–7 off


def test_a_year_not_yet_announced_is_counted_monday_to_friday_and_said(
    minimal_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add_working_days(dt.date(2099, 1, 1), 5) == Deadline(
        dt.date(2099, 1, 8),
        "注意：2099 年的节假日安排尚未收录（chinesecalendar），期限 2099-01-08 按周一至周五推算；"
        "请核对，必要时用 --due 指定，或升级 chinesecalendar",
    )
    path = new_suggestion(capsys, minimal_copy)
    code, out, err = yz(capsys, minimal_copy, "suggestion", "assign", "2026-X0003", "--unit", "housing", "--date", "2026-12-20")
    assert (code, out) == (0, f"已更新 {path}\n")
    assert err.startswith("注意：2027 年的节假日安排尚未收录（chinesecalendar），期限 2027-01-")


def test_leave_ends_a_term_and_takes_them_off_the_roster(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    station = minimal_copy / "stations/hl-home.yml"
    assert "- hl-001" in station.read_text(encoding="utf-8")
    code, out, err = yz(capsys, minimal_copy, "representative", "leave", "hl-001", "--date", "2026-11-27", "--reason", "工作调动")
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"已更新 {minimal_copy / 'representatives/hl-001.yml'}", f"已更新 {station}"]
    registry = load(minimal_copy)
    rep = registry.representatives["hl-001"]
    assert rep.status.value == "离任" and rep.departure is not None and rep.departure.reason == "工作调动"
    assert all("hl-001" not in shift.representatives for shift in registry.stations["hl-home"].schedule)
    assert "# 示例代表" in (minimal_copy / "representatives/hl-001.yml").read_text(encoding="utf-8")


def test_new_records_get_the_next_free_id(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = yz(
        capsys, minimal_copy, "new", "representative", "--name", "示例新人", "--category", "居民代表",
        "--street", "hualong", "--community", "longxing", "--station", "hl-home",
        "--nominated", "2026-10-01", "--reviewed", "2026-10-10", "--decided", "2026-10-20",
        "--announced", "2026-10-21", "--appointed", "2026-11-01",
    )
    assert (code, out) == (0, f"已新建 {minimal_copy / 'representatives/hl-003.yml'}\n")
    code, out, _ = yz(
        capsys, minimal_copy, "new", "meeting", "--kind", "学习", "--title", "十一月集中学习", "--date", "2026-11-20",
        "--street", "hualong", "--station", "hl-home", "--attendee", "hl-001", "--topic", "学习议事规则", "--summary", "学习了议事规则。",
    )
    assert (code, out) == (0, f"已新建 {minimal_copy / 'meetings/hl-2026-11-study.yml'}\n")
    assert run_cli(capsys, "fmt", "--check", "--content", str(minimal_copy))[0] == 0
    assert run_cli(capsys, "validate", "--content", str(minimal_copy))[0] == 0


def test_usage_errors_are_in_chinese(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        yz(capsys, minimal_copy, "suggestion", "evaluate", "2026-X0001", "--satisfaction", "还行")
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == "yizheng suggestion evaluate: 错误：参数 --satisfaction 的值 '还行' 无效，可选：'满意', '基本满意', '不满意'"


def test_an_interrupted_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "record.yml"
    path.write_text("id: a\n", encoding="utf-8")

    def crash(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(path, "id: b\n")
    assert path.read_text(encoding="utf-8") == "id: a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["record.yml"]


def test_overdue_report_as_markdown_has_numbers_not_titles(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = yz(capsys, minimal_copy, "overdue", "--date", "2026-03-18", "--markdown")
    assert code == 0
    assert out.splitlines() == [
        "## 逾期和即将到期的意见建议（截至 2026-03-18）", "",
        "| 承办单位 | 逾期 | 即将到期 |", "| --- | --- | --- |", "| 区住建局 | 0 | 1 |", "",
        "### 区住建局", "", "| 编号 | 状态 | 期限 | 情况 |", "| --- | --- | --- | --- |",
        "| 2026-X0001 | 已交办 | 2026-03-20 | 还剩 2 天 |",
    ]
    code, out, _ = yz(capsys, minimal_copy, "overdue", "--date", "2026-03-25")
    assert out.splitlines()[2:] == ["区住建局（housing）：逾期 1 件，即将到期 0 件", "  2026-X0001  已交办  期限 2026-03-20  逾期 5 天  修座人行天桥"]
    assert yz(capsys, minimal_copy, "overdue", "--date", "2026-01-01")[1] == "截至 2026-01-01，没有逾期或 3 天内到期的意见建议。\n"
