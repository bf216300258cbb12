"""Issue #13: the staff's 线下登记 form, through `yizheng intake`, against the local GitHub server with PyGithub."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import CONTENT, run_cli
from github_env import run_with_event
from github_server import OUTSIDER_LOGIN, STAFF_LOGIN, Failure, FakeGitHub
from hostile import CORPUS
from test_issue_body import github_body
from yizheng import personal_data
from yizheng.intake.forms import OFFLINE_CONSENT_OPTION
from yizheng.intake.issue_body import offline_template
from yizheng.loader import RecordFile, load, read_record
from yizheng.kinds import KIND_BY_NAME

API = "/repos/honggu-npc/yizheng"
TITLE = "龙兴社区3号楼前路灯不亮"
ANSWERS = {
    "category": "城市管理", "place": "华龙街道 · 龙兴社区", "location": "龙兴社区3号楼前",
    "problem": "居民在联络站反映：3号楼前的两盏路灯坏了一个月，晚上出门不安全。", "proposal": "请尽快修好。",
    "channel": "联络站点", "submitted": "2026-11-26", "station": "hl-home", "representatives": "hl-001 hl-002",
    "consent": frozenset({OFFLINE_CONSENT_OPTION}),
}
NEXT = "2026-X0011"  # content/ has 2026-X0001 … 2026-X0010
RECORD = f"content/suggestions/2026/{NEXT}.yml"


@pytest.fixture(scope="module")
def template():
    return offline_template(load(CONTENT))


def body(template, **changes: object) -> str:
    return github_body(template, {**ANSWERS, **changes})


@pytest.fixture
def content() -> Path:
    return CONTENT  # intake reads content/ and writes only through the API


def intake(capsys, monkeypatch, tmp_path: Path, content: Path, number: int) -> tuple[int, str, str]:
    event = {"action": "opened", "issue": {"number": number}}
    return run_with_event(capsys, monkeypatch, tmp_path / f"event-{number}.json", event, "intake", "--content", str(content))


def add(github: FakeGitHub, number: int, text: str, user: str = STAFF_LOGIN, title: str = TITLE) -> dict:
    return github.state.add_issue(number, title, text, labels=("线下登记",), user=user, created_at="2026-11-27T02:00:00Z")


def test_a_staff_registration_becomes_the_record_suggestion_new_writes_once_however_often_it_runs(
    capsys, monkeypatch, tmp_path: Path, github: FakeGitHub, template
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    issue = add(github, 80, body(template))
    code, out, err = intake(capsys, monkeypatch, tmp_path, content, 80)
    assert (code, err) == (0, "")
    assert out == f"意见建议 {NEXT}：分支 offline/{NEXT}、回复编号、记录、合并请求、更新回复、标签 已登记\n"
    text = github.state.branches[f"offline/{NEXT}"][RECORD].decode("utf-8")

    # The same function as the command line: `yizheng suggestion new` with the same answers writes the same file.
    by_hand = tmp_path / "by-hand"
    shutil.copytree(CONTENT, by_hand)
    code, _, err = run_cli(
        capsys, "suggestion", "new", "--content", str(by_hand), "--date", "2026-11-27", "--title", TITLE,
        "--category", "urban-management", "--street", "hualong", "--community", "longxing", "--location", "龙兴社区3号楼前",
        "--channel", "联络站", "--problem", ANSWERS["problem"], "--proposal", "请尽快修好。", "--submitted", "2026-11-26",
        "--station", "hl-home", "--representative", "hl-001", "--representative", "hl-002",
    )
    assert (code, err) == (0, "")
    assert text == (by_hand / f"suggestions/2026/{NEXT}.yml").read_text(encoding="utf-8")
    item = RecordFile(content / RECORD, RECORD.removeprefix("content/"), KIND_BY_NAME["suggestion"])
    problems: list = []
    record = read_record(item, problems, text=text)[0]
    assert problems == [] and (record.channel.value, record.public, record.issue) == ("联络站", True, None)

    (pull,) = github.state.pulls.values()
    assert (pull["head"], pull["title"]) == (f"offline/{NEXT}", f"线下登记 {NEXT}：{TITLE}")
    assert "\nCloses #80\n" in pull["body"] and text in pull["body"]  # merging it closes the issue
    (reply,) = github.state.issue_comments(80)
    assert reply.splitlines() == [
        f"<!-- yizheng:offline {NEXT} -->",
        f"已收到线下登记，编号 **{NEXT}**。",
        "",
        f"记录在合并请求 #{pull['number']}里，已通过校验。请核对后合并；合并后登记完成，本页自动关闭，网站上就能查到这个编号。",
        "合并之前还可以编辑本页修改内容，系统会自动更新记录。",
    ]
    assert issue["labels"] == ["线下登记", "已登记"]

    writes = list(github.state.writes())
    assert intake(capsys, monkeypatch, tmp_path, content, 80)[:2] == (0, f"意见建议 {NEXT}：已是最新，未做任何修改\n")
    assert github.state.writes() == writes

    issue["body"] = body(template, location="龙兴社区5号楼前")  # corrected before merging
    assert intake(capsys, monkeypatch, tmp_path, content, 80)[1] == f"意见建议 {NEXT}：更新记录、更新合并请求\n"
    assert "龙兴社区5号楼前" in github.state.branches[f"offline/{NEXT}"][RECORD].decode("utf-8")

    (content / RECORD.removeprefix("content/")).write_text(text, encoding="utf-8")  # merged
    issue["body"] = body(template, location="别处")
    writes = list(github.state.writes())
    assert intake(capsys, monkeypatch, tmp_path, content, 80)[1] == f"意见建议 {NEXT}：已登记并合并，本页的修改不再改动记录\n"
    assert github.state.writes() == writes


def test_someone_without_write_access_is_ignored_without_a_reply(
    capsys, monkeypatch, tmp_path: Path, content: Path, github: FakeGitHub, template
) -> None:
    issue = add(github, 81, body(template, problem="路灯坏了，联系我 13912345678。"), user=OUTSIDER_LOGIN)
    code, out, _ = intake(capsys, monkeypatch, tmp_path, content, 81)
    assert (code, out) == (0, "议题：删除议题中的个人信息、线下登记表由没有写权限的账号提交，不登记，不回复\n")
    assert github.state.issue_comments(81) == [] and github.state.pulls == {} and list(github.state.heads) == ["main"]
    assert "13912345678" not in issue["body"]  # the number still leaves the public page
    assert ("GET", f"{API}/collaborators/{OUTSIDER_LOGIN}/permission") in github.state.requests
    github.state.permissions[OUTSIDER_LOGIN] = "read"  # triage reads as "read" too: not enough
    assert intake(capsys, monkeypatch, tmp_path, content, 81)[1].endswith("不登记，不回复\n")


def test_two_registrations_at_once_never_share_a_number(
    capsys, monkeypatch, tmp_path: Path, content: Path, github: FakeGitHub, template
) -> None:
    add(github, 82, body(template))
    add(github, 83, body(template, problem="另一件事：广场的健身器材坏了。"))
    assert intake(capsys, monkeypatch, tmp_path, content, 82)[0] == 0
    # Issue 84's run lists the branches before 83 holds its number, then GitHub refuses the branch it tries first.
    github.state.failures.append(Failure("POST", re.compile(r"/git/refs$"), 422))
    assert intake(capsys, monkeypatch, tmp_path, content, 83)[0] == 0
    branches = sorted(b for b in github.state.heads if b.startswith("offline/"))
    assert branches == ["offline/2026-X0011", "offline/2026-X0013"]  # X0012 was refused, as if someone held it
    assert "2026-X0013" in github.state.issue_comments(83)[0]
    assert [p["head"] for p in github.state.pulls.values()] == ["offline/2026-X0011", "offline/2026-X0013"]


def test_answers_that_cannot_be_registered_get_one_comment_saying_what_to_fix(
    capsys, monkeypatch, tmp_path: Path, content: Path, github: FakeGitHub, template
) -> None:
    issue = add(github, 85, body(template, submitted="2026-13-01", station="no-such", representatives="hl-001 nobody"))
    for _ in range(2):
        code, out, _ = intake(capsys, monkeypatch, tmp_path, content, 85)
    (comment,) = github.state.issue_comments(85)
    assert comment.splitlines()[1:6] == [
        "线下登记还有几处需要修改，改好后才能登记：",
        "",
        "- “收到的日期”：应为真实存在的日期，格式如 2026\\-11\\-30",
        "- “联络站点编号”：没有这个联络站点编号；请照网站上联络站点页面网址的最后一段填写",
        "- “议政代表编号”：有的编号不是议政代表的编号；请照网站上议政代表页面网址的最后一段填写",
    ]
    assert issue["labels"] == ["线下登记", "需补充"] and list(github.state.heads) == ["main"]
    issue["body"] = body(template)
    assert intake(capsys, monkeypatch, tmp_path, content, 85)[0] == 0
    assert issue["labels"] == ["线下登记", "已登记"]


def test_hostile_text_is_fenced_in_the_pull_request_and_never_repeated_in_the_reply(
    capsys, monkeypatch, tmp_path: Path, content: Path, github: FakeGitHub, template
) -> None:
    problem = "反映：\n\n" + "\n\n".join(h.replace("PWN", "x") for h in CORPUS)
    add(github, 86, body(template, problem=problem[:3000]), title="路灯 @everyone #1 [点](https://evil.example)")
    assert intake(capsys, monkeypatch, tmp_path, content, 86)[0] == 0
    (reply,) = github.state.issue_comments(86)
    assert "evil" not in reply and "@" not in reply and "<" not in reply.replace("<!-- yizheng:offline", "")
    (pull,) = github.state.pulls.values()
    assert pull["title"] == "线下登记 2026-X0011：路灯 ＠everyone ＃1 [点](https://evil.example)"
    record = github.state.branches["offline/2026-X0011"][RECORD].decode("utf-8")
    assert record in pull["body"] and personal_data.find(pull["body"]) == []
    fence = re.search(r"^(`{3,})yaml$", pull["body"], re.M)[1]
    assert fence not in record  # the record cannot close its own fence


def test_a_number_typed_by_staff_leaves_the_page_and_the_record_counts_it(
    capsys, monkeypatch, tmp_path: Path, content: Path, github: FakeGitHub, template
) -> None:
    issue = add(github, 87, body(template, problem="居民反映路灯坏了，电话 13912345678。"))
    assert intake(capsys, monkeypatch, tmp_path, content, 87)[0] == 0
    record = github.state.branches[f"offline/{NEXT}"][RECORD].decode("utf-8")
    assert "13912345678" not in issue["body"] + record
    assert "电话 ［已删除手机号］。" in record and "redactions:\n  - kind: 手机号\n    count: 1\n" in record
