"""Cross-record rules added after the first broken-record table: one edit, one exact line."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli


def _edit(content: Path, relpath: str, old: str, new: str) -> int:
    """Replace `old` (once) in a record; the 1-based line where `new` starts."""
    path = content / relpath
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (relpath, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _lines(capsys: pytest.CaptureFixture[str], content: Path) -> list[str]:
    code, out, _ = run_cli(capsys, "validate", "--content", str(content))
    assert code == 1
    prefix = f"{content}/"
    return [line.removeprefix(prefix) for line in out.splitlines()]


def test_case_may_cite_only_published_suggestions(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _edit(minimal_copy, "cases/overpass.yml", "    - 2026-X0002\n", "    - 2026-X0001\n")
    assert _lines(capsys, minimal_copy) == [
        f'cases/overpass.yml:{line}: origin.suggestions[0]: “2026-X0001”尚未公开（须已答复或已办结，且提出人同意公开）；'
        "典型案例只能引用已公开的意见建议"
    ]


def test_one_issue_one_record(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = minimal_copy / "suggestions/2026/2026-W0003.yml"
    copy = minimal_copy / "suggestions/2025/2025-W0003.yml"
    copy.parent.mkdir()
    copy.write_text(
        source.read_text(encoding="utf-8").replace("2026-W0003", "2025-W0003").replace("submitted: 2026-", "submitted: 2025-"),
        encoding="utf-8",
    )
    issue_line = next(i for i, l in enumerate(source.read_text(encoding="utf-8").splitlines(), 1) if l.startswith("issue:"))
    assert _lines(capsys, minimal_copy) == [
        f"suggestions/2026/2026-W0003.yml:{issue_line}: issue: 议题 #3 已对应意见建议 2025-W0003；一个议题只能产生一条记录"
    ]


def test_duty_roster_stays_in_the_station_street(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = minimal_copy / "representatives/hs-001.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("    end:")] + text[text.index("linked_deputy:") :], encoding="utf-8")  # serving again
    home = minimal_copy / "stations/hl-home.yml"
    text = home.read_text(encoding="utf-8")
    first_rep = text.index("representatives:\n") + len("representatives:\n")
    line = text[:first_rep].count("\n") + 1
    home.write_text(text[:first_rep] + "      - hs-001\n" + text[first_rep:], encoding="utf-8")
    assert _lines(capsys, minimal_copy) == [
        f'stations/hl-home.yml:{line}: schedule[0].representatives[0]: “hs-001”属于街道 haishi，不能在 hualong 的联络站值班'
    ]


def test_linked_deputy_must_be_serving(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deputy = (minimal_copy / "representatives/hl-002.yml").read_text(encoding="utf-8")
    start = next(l for l in deputy.splitlines() if l.startswith("    start:"))
    _edit(minimal_copy, "representatives/hl-002.yml", f"{start}\n", f"{start}\n    end: 2026-01-31\n    end_reason: 任期届满\n")
    line = _edit(minimal_copy, "representatives/hl-001.yml", "duties:\n", "linked_deputy: hl-002\nduties:\n")
    lines = _lines(capsys, minimal_copy)
    assert f'representatives/hl-001.yml:{line}: linked_deputy: 人大代表“hl-002”已离任；请改为联系一位在任的人大代表' in lines
    assert len(lines) == 2 and '“hl-002”已离任，不能安排值班' in lines[1]  # hl-002 was on the duty roster too


def test_meeting_needs_a_place(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = minimal_copy / "meetings/2026-03-study.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    station = next(i for i, line in enumerate(lines) if line.startswith("station:"))
    first_field = next(i for i, line in enumerate(lines, 1) if line.startswith("id:"))
    path.write_text("".join(lines[:station] + lines[station + 1 :]), encoding="utf-8")
    assert _lines(capsys, minimal_copy) == [
        f"meetings/2026-03-study.yml:{first_field}: station: 须填写举行地点：联络站编号（station）或地点（location）"
    ]
