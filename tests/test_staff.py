"""Staff commands: the closed loop with commands alone, refusals that change nothing, comments kept."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli
from yizheng.files import write_text_atomic
from yizheng.loader import load
from yizheng.staff.workdays import Deadline, add_working_days, statutory_holidays


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


def test_a_year_not_yet_announced_skips_the_statutory_holidays_and_says_so(
    minimal_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 15 working days from 2026-12-17: 1 January 2027 (元旦) is a statutory holiday, so 8 January, not 7.
    note = (
        "注意：2027 年的放假调休安排尚未公布，期限 2027-01-08 按周一至周五、扣除法定节假日推算，没有计入调休；"
        "安排公布后请核对，必要时用 --due 指定，或升级 chinesecalendar"
    )
    assert add_working_days(dt.date(2026, 12, 17), 15) == Deadline(dt.date(2027, 1, 8), note)
    # 2027: 除夕 5 February, 春节 5–8 February (Friday to Monday): the next working day after 4 February is the 9th.
    assert add_working_days(dt.date(2027, 2, 4), 1).date == dt.date(2027, 2, 9)
    # Past the lunar calendar's range only Monday to Friday is left, and the note says that instead.
    assert add_working_days(dt.date(2101, 1, 1), 5) == Deadline(
        dt.date(2101, 1, 7),
        "注意：2101 年的节假日无法推算，期限 2101-01-07 按周一至周五推算；请核对，必要时用 --due 指定",
    )
    path = new_suggestion(capsys, minimal_copy)
    code, out, err = yz(capsys, minimal_copy, "suggestion", "assign", "2026-X0003", "--unit", "housing", "--date", "2026-12-17")
    assert (code, out, err) == (0, f"已更新 {path}\n", note + "\n")
    assert "deadline: 2027-01-08" in path.read_text(encoding="utf-8")


STATUTORY_DAYS = {"元旦": 1, "春节": 4, "清明节": 1, "劳动节": 2, "端午节": 1, "中秋节": 1, "国庆节": 3}
CALENDAR_NAMES = {
    "元旦": "New Year's Day", "春节": "Spring Festival", "清明节": "Tomb-sweeping Day", "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival", "中秋节": "Mid-autumn Festival", "国庆节": "National Day",
}


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_computed_statutory_holidays_match_the_published_calendar(year: int) -> None:
    # Every year chinesecalendar covers under the rules as amended for 2025: each computed day is a day off
    # there under the same festival (中秋 2025 falls inside 国庆, which the calendar names either way), and
    # the counts are the statutory ones; the adjusted days around them are the yearly arrangement's.
    from chinese_calendar import get_holiday_detail

    days = statutory_holidays(year)
    assert Counter(days.values()) == STATUTORY_DAYS
    for day, name in days.items():
        on_holiday, festival = get_holiday_detail(day)
        assert on_holiday, (day, name)
        assert festival in (CALENDAR_NAMES[name], "National Day", "Mid-autumn Festival"), (day, name, festival)
        if name not in ("国庆节", "中秋节"):
            assert festival == CALENDAR_NAMES[name], (day, name, festival)


@given(start=st.dates(dt.date(2025, 1, 1), dt.date(2026, 10, 31)), days=st.integers(1, 30))
def test_within_published_years_the_count_is_the_calendar_s(start: dt.date, days: int) -> None:
    deadline = add_working_days(start, days)
    assert deadline.note is None
    from chinese_calendar import get_workdays

    assert len(get_workdays(start + dt.timedelta(days=1), deadline.date)) == days


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
        "按主办单位统计，每件只算一次。", "",
        "| 主办单位 | 逾期 | 即将到期 |", "| --- | --- | --- |", "| 区住建局 | 0 | 1 |", "",
        "### 区住建局", "", "| 编号 | 状态 | 期限 | 情况 | 协办单位 |", "| --- | --- | --- | --- | --- |",
        "| 2026-X0001 | 已交办 | 2026-03-20 | 还剩 2 天 | — |",
    ]
    code, out, _ = yz(capsys, minimal_copy, "overdue", "--date", "2026-03-25")
    assert out.splitlines()[2:] == ["区住建局（housing）：逾期 1 件，即将到期 0 件", "  2026-X0001  已交办  期限 2026-03-20  逾期 5 天  修座人行天桥"]
    assert yz(capsys, minimal_copy, "overdue", "--date", "2026-01-01")[1] == "截至 2026-01-01，没有逾期或 3 天内到期的意见建议。\n"


def test_assign_names_the_lead_unit_first_and_the_others_assist(
    minimal_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = new_suggestion(capsys, minimal_copy)
    code, out, err = yz(
        capsys, minimal_copy, "suggestion", "assign", "2026-X0003", "--unit", "hualong-office", "--unit", "housing",
        "--date", "2026-11-23",
    )
    assert (code, out, err) == (0, f"已更新 {path}\n", "")
    assert "    units:\n      - hualong-office\n      - housing\n    deadline: 2026-12-14\n" in path.read_text(encoding="utf-8")
    handling = load(minimal_copy).handling["2026-X0003"]
    assert (handling.lead_unit, handling.assisting_units, handling.deadline) == (
        "hualong-office", ("housing",), dt.date(2026, 12, 14)
    )


def test_a_second_term_is_added_only_after_the_first_ended(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = minimal_copy / "representatives/hl-002.yml"
    code, out, err = yz(capsys, minimal_copy, "representative", "reappoint", "hl-002", "--term", "2", "--appointed", "2027-03-01")
    assert (code, out) == (1, "")
    assert "hl-002 的第 1 届任期还没有结束" in err
    code, out, err = yz(capsys, minimal_copy, "representative", "leave", "hl-002", "--date", "2027-01-31", "--reason", "任期届满")
    assert code == 0
    code, out, err = yz(
        capsys, minimal_copy, "representative", "reappoint", "hl-002", "--term", "2", "--nominated", "2027-01-05",
        "--reviewed", "2027-01-15", "--decided", "2027-02-01", "--announced", "2027-02-03", "--appointed", "2027-02-20",
    )
    assert (code, out, err) == (0, f"已更新 {path}\n", "")
    text = path.read_text(encoding="utf-8")
    assert text.endswith(
        "    start: 2022-03-25\n    end: 2027-01-31\n    end_reason: 任期届满\n"
        "  - term: 2\n    selection:\n      nominated: 2027-01-05\n      reviewed: 2027-01-15\n      decided: 2027-02-01\n"
        "      announced: 2027-02-03\n      appointed: 2027-02-20\n    start: 2027-02-20\n"
        "affiliation: 区人大代表\nduties:\n  - 联系群众\n"
    )
    rep = load(minimal_copy).representatives["hl-002"]
    assert (rep.status.value, rep.term, [t.term for t in rep.terms]) == ("在任", 2, [1, 2])


def test_the_old_single_term_spelling_is_read_and_fmt_rewrites_it(
    minimal_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = minimal_copy / "representatives/hl-009.yml"
    path.write_text(
        "# yaml-language-server: $schema=../../schema/representative.schema.json\n"
        "id: hl-009\nexample: true\nname: 试写\ncategory: 居民代表\nstreet: hualong\ncommunity: longxing\nstation: hl-home\n"
        "term: 1\nstatus: 离任  # 调走了\ndeparture:\n  date: 2024-05-01\n  reason: 工作调动\n"
        "selection:\n  nominated: 2022-02-03\n  reviewed: 2022-03-01\n  decided: 2022-03-15\n  announced: 2022-03-16\n"
        "  appointed: 2022-03-25\n",
        encoding="utf-8",
    )
    rep = load(minimal_copy).representatives["hl-009"]
    assert (rep.status.value, rep.term, rep.departure.reason if rep.departure else None) == ("离任", 1, "工作调动")
    code, out, _ = run_cli(capsys, "fmt", "--content", str(minimal_copy))
    assert (code, out) == (0, f"已改写 {path}\n")
    assert path.read_text(encoding="utf-8").split("station: hl-home\n")[1] == (
        "terms:\n  - term: 1\n    selection:\n      nominated: 2022-02-03\n      reviewed: 2022-03-01\n"
        "      decided: 2022-03-15\n      announced: 2022-03-16\n      appointed: 2022-03-25\n"
        "    start: 2022-03-25\n    end: 2024-05-01\n    end_reason: 工作调动\n"
    )
