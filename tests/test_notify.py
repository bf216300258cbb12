"""`yizheng notify` against a local GitHub API server, driven by the real PyGithub client."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from github import Auth, Github
from hypothesis import given
from hypothesis import strategies as st

from conftest import MINIMAL, run_cli
from github_env import W5
from github_server import BOT_LOGIN, OUTSIDER_LOGIN, OUTSIDER_TOKEN, Failure, FakeGitHub
from hostile import CORPUS
from yizheng import personal_data
from yizheng.intake.notify import comment_text
from yizheng.intake.wording import beijing_today
from yizheng.models.suggestion import Suggestion
from yizheng.yamlio import parse


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout.strip()


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=staff", "-c", "user.email=staff@example.invalid", "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(MINIMAL, repo / "content")
    (repo / "content/suggestions/2026/2026-W0005.yml").write_text(W5, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "intake 2026-W0005")
    return repo


@pytest.fixture
def github(github: FakeGitHub) -> FakeGitHub:
    """The local server (github_env), with issue 5 of W5 on it."""
    github.state.add_issue(5, "龙兴社区健身器材损坏", "（表单内容）", labels=("意见建议", "已受理"))
    return github


def staff(capsys: pytest.CaptureFixture[str], repo: Path, *args: str) -> None:
    code, _, err = run_cli(capsys, *args, "--content", str(repo / "content"))
    assert code == 0, err


def notify(capsys: pytest.CaptureFixture[str], repo: Path, before: str, after: str) -> tuple[int, str, str]:
    return run_cli(capsys, "notify", "--before", before, "--after", after, "--repo", str(repo), "--content", str(repo / "content"))


def test_one_comment_per_transition_and_closing_at_the_end(
    repo: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    first = git(repo, "rev-parse", "HEAD")
    staff(capsys, repo, "suggestion", "assign", "2026-W0005", "--unit", "housing", "--date", "2026-11-23")
    second = commit(repo, "assign")
    code, out, err = notify(capsys, repo, first, second)
    assert (code, err) == (0, "")
    assert out == "2026-W0005（议题 #5）：评论、标签 状态：已交办\n"
    issue = github.state.issues[5]
    assert issue["labels"] == ["意见建议", "已受理", "状态：已交办"]
    (comment,) = github.state.issue_comments(5)
    late = ["办理期限已经过了，工作人员会督促承办单位尽快答复。"] if beijing_today() > dt.date(2026, 12, 14) else []
    assert comment.splitlines() == [
        "<!-- yizheng:notify 2026-W0005 step 2 -->",
        "您的意见建议（查询编号 **2026-W0005**）已交办给区住建局办理。",
        "",
        "办理期限：2026年12月14日",
        *late,
        "",
        "查询进度：https://example.github.io/yizheng/track/",
    ]

    writes = list(github.state.writes())
    assert notify(capsys, repo, first, second) == (0, "2026-W0005（议题 #5）：已是最新\n", "")
    assert github.state.writes() == writes  # running again changes nothing

    for step in (
        ("progress", "--note", "已联系厂家", "--date", "2026-11-25"),
        ("reply", "--unit", "housing", "--text", "三件器材已全部更换。", "--date", "2026-11-26"),
        ("evaluate", "--satisfaction", "满意", "--by", "提出人", "--date", "2026-11-27"),
        ("close", "--date", "2026-11-27"),
    ):
        staff(capsys, repo, "suggestion", step[0], "2026-W0005", *step[1:])
    third = commit(repo, "handled")
    code, out, _ = notify(capsys, repo, second, third)
    assert (code, out) == (0, "2026-W0005（议题 #5）：评论、移除标签 状态：已交办、标签 状态：已办结、关闭议题\n")
    assert (issue["state"], issue["state_reason"]) == ("closed", "completed")
    assert issue["labels"] == ["意见建议", "已受理", "状态：已办结"]
    last = github.state.issue_comments(5)[-1]
    assert last.splitlines() == [
        "<!-- yizheng:notify 2026-W0005 step 6 -->",
        "您的意见建议（查询编号 **2026-W0005**）已办结。感谢您的参与！",
        "",
        "区住建局的答复（2026年11月26日）：",
        "",
        "> 三件器材已全部更换。",
        "",
        "公开页面：https://example.github.io/yizheng/suggestions/2026/2026-W0005/",
    ]
    assert len(github.state.issue_comments(5)) == 2


def test_a_failed_write_is_not_retried_and_a_rerun_completes(
    repo: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    first = git(repo, "rev-parse", "HEAD")
    staff(capsys, repo, "suggestion", "reject", "2026-W0005", "--reason", "不属于受理范围", "--date", "2026-11-23")
    second = commit(repo, "reject")
    github.state.failures.append(Failure("POST", re.compile(r"/issues/5/comments$"), 502))
    code, out, err = notify(capsys, repo, first, second)
    assert code == 1 and out == ""
    assert err == "2026-W0005（议题 #5）：GitHub 返回 502，未完成；重新运行即可补上\n"
    assert github.state.requests.count(("POST", "/repos/honggu-npc/yizheng/issues/5/comments")) == 1
    assert github.state.issue_comments(5) == []
    code, out, _ = notify(capsys, repo, first, second)
    assert (code, out) == (0, "2026-W0005（议题 #5）：评论、标签 状态：不予受理、关闭议题\n")
    assert len(github.state.issue_comments(5)) == 1
    assert github.state.issues[5]["state_reason"] == "not_planned"


def test_suggestions_not_from_an_issue_are_left_alone(
    repo: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    first = git(repo, "rev-parse", "HEAD")
    staff(capsys, repo, "suggestion", "progress", "2026-X0001", "--note", "已到现场", "--date", "2026-11-27")
    second = commit(repo, "progress")
    assert notify(capsys, repo, first, second) == (0, "没有新办理步骤的意见建议\n", "")
    assert github.state.writes() == []


# --- issue #11 ----------------------------------------------------------------------------------------


def test_a_strangers_copy_of_the_marker_does_not_stop_the_notice(
    repo: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    first = git(repo, "rev-parse", "HEAD")
    staff(capsys, repo, "suggestion", "assign", "2026-W0005", "--unit", "housing", "--date", "2026-11-23")
    second = commit(repo, "assign")
    stranger = Github(auth=Auth.Token(OUTSIDER_TOKEN), base_url=github.api_url, seconds_between_requests=None,
                      seconds_between_writes=None)
    stranger.get_repo(github.repository).get_issue(5).create_comment("<!-- yizheng:notify 2026-W0005 step 2 -->\n别理它")
    code, out, _ = notify(capsys, repo, first, second)
    assert (code, out) == (0, "2026-W0005（议题 #5）：评论、标签 状态：已交办\n")
    theirs, ours = sorted(github.state.comments.values(), key=lambda c: c["id"])
    assert (theirs["user"], ours["user"]) == (OUTSIDER_LOGIN, BOT_LOGIN)
    assert ours["body"].startswith("<!-- yizheng:notify 2026-W0005 step 2 -->\n您的意见建议")
    assert notify(capsys, repo, first, second)[1] == "2026-W0005（议题 #5）：已是最新\n"  # its own comment counts


def test_a_private_suggestion_hears_its_status_never_the_text(
    repo: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    record = repo / "content/suggestions/2026/2026-W0005.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("issue: 5\n", "issue: 5\npublic: false\n"), encoding="utf-8")
    first = commit(repo, "private")
    for step in (
        ("assign", "--unit", "housing", "--date", "2026-11-23"),
        ("progress", "--note", "已联系张师傅上门", "--date", "2026-11-25"),
        ("reply", "--unit", "housing", "--text", "三件器材已全部更换，维修工电话在物业。", "--date", "2026-11-26"),
    ):
        staff(capsys, repo, "suggestion", step[0], "2026-W0005", *step[1:])
        after = commit(repo, step[0])
        assert notify(capsys, repo, first, after)[0] == 0
        first = after
    comments = github.state.issue_comments(5)
    assert len(comments) == 3
    for comment in comments:
        assert "张师傅" not in comment and "器材已全部更换" not in comment and "> " not in comment
    assert comments[-1].splitlines()[1:4] == [
        "您的意见建议（查询编号 **2026-W0005**）承办单位已经答复。",
        "",
        "区住建局已于2026年11月26日答复。您选择了不公开，答复内容不在这里显示，请到联络站点或打联络站点的公开电话查询。",
    ]


def _suggestion(reply: str) -> Suggestion:
    data = parse(W5).data
    data.update(status="已答复", history=[
        {"date": "2026-11-20", "status": "已受理"},
        {"date": "2026-11-21", "status": "已交办", "units": ["housing"], "deadline": "2026-12-10"},
        {"date": "2026-11-22", "status": "已答复", "note": reply},
    ], replies=[{"date": "2026-11-22", "unit": "housing", "text": reply}])
    return Suggestion.model_validate(data)


@pytest.mark.parametrize("hostile", [h for h in CORPUS if not personal_data.find(h.replace("PWN", "x"))])
def test_quoted_staff_text_cannot_link_mention_or_format(hostile: str) -> None:
    text = comment_text(_suggestion(hostile.replace("PWN", "x")), None, "https://example.github.io/yizheng/")
    quoted = [line for line in text.splitlines() if line.startswith(">")]
    assert quoted
    for line in quoted:
        assert "@" not in line and "](" not in line and "<" not in line.replace("\\<", "")
        assert "http://" not in line and "https://" not in line and "www." not in line and "`" not in line.replace("\\`", "")
        assert not re.search(r"(?<![\\])#\d", line)


def test_inert_text_reads_the_same_and_does_nothing() -> None:
    from yizheng.intake.inert import inert, quote

    assert inert("@张三 看 [这里](https://x.cn) #12 3#楼 `a` <b>") == (
        "＠张三 看 \\[这里\\]\\(https\\:\\/\\/x\\.cn\\) ＃12 3＃楼 \\`a\\` \\<b\\>"
    )
    assert quote("第一行\u2028  第二行\x07\n\n    缩进") == ["> 第一行", "> 第二行", ">", "> 缩进"]


@given(text=st.text())
def test_inert_text_shows_the_same_characters_and_none_markdown_can_use(text: str) -> None:
    from yizheng.intake.inert import inert

    out = inert(text)
    assert "@" not in out and "#" not in out
    shown = re.sub(r"\\(.)", r"\1", out, flags=re.DOTALL)  # what the page shows: every escape removed
    unescaped_punctuation = re.sub(r"\\.", "", out, flags=re.DOTALL)
    assert not re.search(r"[\\`*_{}\[\]()<>!|~+\-.=:;&\"'$%^/?,]", unescaped_punctuation)
    expected = re.sub(r"\r\n|[\r\n\u2028\u2029\u0085\x0b\x0c]", "\n", text).replace("@", "＠").replace("#", "＃")
    expected = "".join(" " if c == "\t" else c for c in expected if c in "\n\t" or unicodedata.category(c)[0] != "C")
    assert shown == expected


# --- issue #16 items 7 and 8, #13: who, by when, what next; every evaluation announced -------------


def test_a_reply_asks_for_an_evaluation_and_each_evaluation_is_announced_with_who_rated(
    repo: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    before = git(repo, "rev-parse", "HEAD")
    steps = [
        ("assign", "--unit", "housing", "--date", "2026-11-23"),
        ("reply", "--unit", "housing", "--text", "已更换两件。", "--date", "2026-11-24"),
        ("evaluate", "--satisfaction", "不满意", "--by", "提出人", "--due", "2026-12-20", "--date", "2026-11-25"),
        ("reply", "--unit", "housing", "--text", "第三件也已更换。", "--date", "2026-11-26"),
        ("evaluate", "--satisfaction", "基本满意", "--by", "议政代表", "--date", "2026-11-27"),
    ]
    for step in steps:
        staff(capsys, repo, "suggestion", step[0], "2026-W0005", *step[1:])
        after = commit(repo, step[0])
        assert notify(capsys, repo, before, after)[0] == 0
        before = after
    comments = github.state.issue_comments(5)
    assert len(comments) == len(steps)  # an evaluation that keeps 已答复 is announced too
    rate = [
        "请您评价办理结果：满意、基本满意或不满意。",
        "评价方法：在本页下方留言，只写一行 `/评价 满意`（或 `/评价 基本满意`、`/评价 不满意`）；"
        "也可以告诉联络站点的工作人员或议政代表，由他们代您登记。",
        "评价为“不满意”的，承办单位会重新办理，并规定新的办理期限。",
    ]
    assert comments[1].splitlines() == [
        "<!-- yizheng:notify 2026-W0005 step 3 -->",
        "您的意见建议（查询编号 **2026-W0005**）承办单位已经答复。",
        "",
        "区住建局的答复（2026年11月24日）：",
        "",
        "> 已更换两件。",
        "",
        *rate,
        "",
        "公开页面：https://example.github.io/yizheng/suggestions/2026/2026-W0005/",
    ]
    late = ["办理期限已经过了，工作人员会督促承办单位尽快答复。"] if beijing_today() > dt.date(2026, 12, 20) else []
    assert comments[2].splitlines() == [
        "<!-- yizheng:notify 2026-W0005 step 4 -->",
        "您的意见建议（查询编号 **2026-W0005**）满意度评价：不满意（评价人：提出人）。",
        "",
        "根据您的评价，承办单位将重新办理。",
        "",
        "办理期限：2026年12月20日",
        *late,
        "",
        "查询进度：https://example.github.io/yizheng/track/",
    ]
    assert comments[4].splitlines() == [
        "<!-- yizheng:notify 2026-W0005 step 6 -->",
        "您的意见建议（查询编号 **2026-W0005**）满意度评价：基本满意（评价人：议政代表）。",
        "",
        "已评价，等待办结：工作人员核实后会办结这条意见建议，并在本页通知您。",
        "",
        "公开页面：https://example.github.io/yizheng/suggestions/2026/2026-W0005/",
    ]
    assert github.state.issues[5]["labels"][-1] == "状态：已答复"


def _received(**changes: object) -> Suggestion:
    data = parse(W5).data
    data.update(changes)
    return Suggestion.model_validate(data)


BASE = "https://example.github.io/yizheng/"


def test_a_rejection_gives_the_reason_and_where_to_ask() -> None:
    record = _received(status="不予受理", history=[
        {"date": "2026-11-20", "status": "已受理"},
        {"date": "2026-11-21", "status": "不予受理", "note": "属于司法程序，请向法院咨询。"},
    ])
    assert comment_text(record, None, BASE).splitlines() == [
        "<!-- yizheng:notify 2026-W0005 step 2 -->",
        "您的意见建议（查询编号 **2026-W0005**）不予受理。",
        "",
        "> 属于司法程序，请向法院咨询。",
        "",
        "如有疑问，可以到就近的联络站点咨询。联络站点的地址、公开电话和值班时间：https://example.github.io/yizheng/stations/",
        "",
        "查询进度：https://example.github.io/yizheng/track/",
    ]


def test_a_merge_names_the_number_to_follow_from_now_on() -> None:
    record = _received(status="合并办理", merged_into="2026-W0004", history=[
        {"date": "2026-11-20", "status": "已受理"},
        {"date": "2026-11-21", "status": "合并办理", "note": "与 2026-W0004 合并办理"},
    ])
    assert comment_text(record, None, BASE).splitlines()[1:6] == [
        "您的意见建议（查询编号 **2026-W0005**）已与反映相同问题的意见建议合并办理。",
        "",
        "> 与 2026\\-W0004 合并办理",
        "",
        "从现在起，请用编号 **2026-W0004** 查询办理进度，两条意见建议一起办理、一起答复。",
    ]


def test_an_assignment_names_lead_and_assisting_units_and_says_when_the_deadline_has_passed() -> None:
    record = _received(status="已交办", history=[
        {"date": "2026-11-20", "status": "已受理"},
        {"date": "2026-11-21", "status": "已交办", "units": ["housing", "hualong-office"], "deadline": "2026-12-10"},
    ])
    names = {"housing": "区住建局", "hualong-office": "华龙街道办事处"}
    on_time = comment_text(record, None, BASE, names, today=dt.date(2026, 12, 10)).splitlines()
    assert on_time[1:5] == [
        "您的意见建议（查询编号 **2026-W0005**）已交办给区住建局（主办）和华龙街道办事处（协办）办理。",
        "",
        "办理期限：2026年12月10日",
        "",
    ]
    late = comment_text(record, None, BASE, names, today=dt.date(2026, 12, 11)).splitlines()
    assert late[3:6] == ["办理期限：2026年12月10日", "办理期限已经过了，工作人员会督促承办单位尽快答复。", ""]
