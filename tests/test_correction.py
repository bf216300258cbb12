"""Issue #13: correction issues linked to their record and closed when the fix is merged (local GitHub server, PyGithub)."""

from __future__ import annotations

from pathlib import Path

from conftest import CONTENT
from github_env import run_with_event
from github_server import FakeGitHub
from hostile import CORPUS
from yizheng.intake.correction import FIXED_MARKER, LINK_MARKER, fixed_issues

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "issues"
CORRECTION = (FIXTURES / "correction.md").read_text(encoding="utf-8")
TYPED = (FIXTURES / "correction-typed.crlf.md").read_bytes().decode("utf-8")
MERGE_SHA = "c0ffee" + "0" * 34


def correction(capsys, monkeypatch, tmp_path: Path, event: dict) -> tuple[int, str, str]:
    return run_with_event(capsys, monkeypatch, tmp_path / "event.json", event, "correction", "--content", str(CONTENT))


def test_a_correction_is_linked_to_its_record_labelled_and_closed_when_its_fix_is_merged(
    capsys, monkeypatch, tmp_path: Path, github: FakeGitHub
) -> None:
    issue = github.state.add_issue(90, "[纠错] 华龙街道议政代表之家", CORRECTION, labels=("纠错",))
    opened = {"action": "opened", "issue": {"number": 90}}
    assert correction(capsys, monkeypatch, tmp_path, opened) == (0, "纠错议题 #90：说明对应的记录、标签 待修正\n", "")
    (comment,) = github.state.issue_comments(90)
    assert comment.splitlines() == [
        LINK_MARKER,
        "您好！谢谢您指出网站上的错误。",
        "",
        "您指出的是联络站（编号 hl-home）的内容，页面：https://honggu-npc.github.io/yizheng/stations/hl-home/",
        "",
        "工作人员核实后会改正。改好以后会在本页告诉您，并关闭本页。",
    ]
    assert issue["labels"] == ["纠错", "待修正"]
    writes = list(github.state.writes())
    assert correction(capsys, monkeypatch, tmp_path, opened)[1] == "纠错议题 #90：已是最新\n"
    assert github.state.writes() == writes

    fix = github.state.add_pull("fix-hl-home", title="更正华龙街道议政代表之家的开放时间", body="修正 #90，开放时间按公告改。",
                                state="closed", merged=True)
    fix["merge_commit_sha"] = MERGE_SHA
    pushed = {"ref": "refs/heads/main", "before": "0" * 40, "after": MERGE_SHA}
    code, out, _ = correction(capsys, monkeypatch, tmp_path, pushed)
    assert (code, out) == (0, f"#90（合并请求 #{fix['number']}）：评论、移除标签 待修正、标签 已修正、关闭\n")
    assert github.state.issue_comments(90)[-1].splitlines() == [
        FIXED_MARKER,
        f"您好！您指出的错误已经改正（合并请求 #{fix['number']}）。网站一般在几分钟内更新，刷新页面就能看到。",
        "",
        "谢谢您帮助我们把网站做得更准确！",
    ]
    assert (issue["state"], issue["state_reason"], issue["labels"]) == ("closed", "completed", ["纠错", "已修正"])
    writes = list(github.state.writes())
    assert correction(capsys, monkeypatch, tmp_path, pushed)[1] == f"#90（合并请求 #{fix['number']}）：已是最新\n"
    assert github.state.writes() == writes  # a replayed push changes nothing


def test_a_correction_naming_no_record_is_told_staff_will_find_it(
    capsys, monkeypatch, tmp_path: Path, github: FakeGitHub
) -> None:
    github.state.add_issue(91, "[纠错] ", TYPED, labels=("纠错",))
    assert correction(capsys, monkeypatch, tmp_path, {"issue": {"number": 91}})[0] == 0
    (comment,) = github.state.issue_comments(91)
    assert comment.splitlines()[3] == "“有错误的记录”一栏没有写明是哪个页面；工作人员会根据您写的内容找到它。"


def test_only_merged_pull_requests_close_and_only_correction_issues(
    capsys, monkeypatch, tmp_path: Path, github: FakeGitHub
) -> None:
    github.state.add_issue(92, "[纠错] x", CORRECTION, labels=("纠错",))
    github.state.add_issue(93, "龙兴社区电梯经常坏", "（表单内容）", labels=("意见建议",))
    open_pull = github.state.add_pull("wip", body="修正 #92")
    github.state.heads["wip"] = MERGE_SHA  # associated with the commit, but not merged
    pushed = {"after": MERGE_SHA}
    assert correction(capsys, monkeypatch, tmp_path, pushed)[1] == "这次推送没有修正纠错议题的合并请求\n"
    open_pull.update(state="closed", merged=True, body="修正 #93 修正＃92")
    code, out, _ = correction(capsys, monkeypatch, tmp_path, pushed)
    assert out.splitlines() == ["#93 不是纠错议题，跳过", f"#92（合并请求 #{open_pull['number']}）：评论、标签 已修正、关闭"]
    assert github.state.issues[93]["state"] == "open" and github.state.issue_comments(93) == []


def test_fixed_issues_are_read_from_the_text_once_each() -> None:
    assert fixed_issues("修正 #12，修正＃7；修正#12。Fixes #3") == [12, 7]
    assert fixed_issues("") == []


def test_what_the_resident_wrote_is_never_repeated(capsys, monkeypatch, tmp_path: Path, github: FakeGitHub) -> None:
    hostile = "\n\n".join(CORPUS)
    for number, body in enumerate([CORRECTION.replace("station/hl-home", CORPUS[0]), CORRECTION.replace("开放时间", hostile)], 94):
        github.state.add_issue(number, "[纠错] x", body, labels=("纠错",))
        assert correction(capsys, monkeypatch, tmp_path, {"issue": {"number": number}})[0] == 0
        (comment,) = github.state.issue_comments(number)
        assert "PWN" not in comment and "@" not in comment and "](" not in comment and "<" not in comment.replace(LINK_MARKER, "")
