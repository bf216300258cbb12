"""`yizheng intake` against a local GitHub API server, driven by the real PyGithub client."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import CONTENT, run_cli
from github_server import TOKEN, Failure, FakeGitHub
from yizheng.loader import RecordFile, read_record
from yizheng.models import KIND_BY_NAME

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "issues"
BODY = (FIXTURES / "suggestion-ok.md").read_text(encoding="utf-8")
RECORD = "content/suggestions/2026/2026-W0060.yml"
API = "/repos/honggu-npc/yizheng"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    with FakeGitHub() as gh:
        monkeypatch.setenv("GITHUB_API_URL", gh.api_url)
        monkeypatch.setenv("GITHUB_REPOSITORY", gh.repository)
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        monkeypatch.setenv("YIZHENG_GITHUB_WRITE_PAUSE", "0")
        yield gh


def intake(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path,
           number: int) -> tuple[int, str, str]:
    event = tmp_path / f"event-{number}.json"
    event.write_text(json.dumps({"action": "opened", "issue": {"number": number, "title": "(不读这里)"}}), encoding="utf-8")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    return run_cli(capsys, "intake", "--content", str(content))


def record_on(github: FakeGitHub, branch: str) -> str:
    return github.state.branches[branch][RECORD].decode("utf-8")


def test_one_issue_gives_one_branch_record_pull_request_and_receipt_however_often_it_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    issue = github.state.add_issue(60, "龙兴社区电梯经常坏", BODY)
    code, out, err = intake(capsys, monkeypatch, tmp_path, content, 60)
    assert (code, err) == (0, "")
    assert out == "意见建议 2026-W0060：删除议题中的个人信息、分支 intake/2026-W0060、记录、合并请求、回执、标签 已受理\n"

    text = record_on(github, "intake/2026-W0060")
    problems: list = []
    item = RecordFile(content / "suggestions/2026/2026-W0060.yml", "suggestions/2026/2026-W0060.yml", KIND_BY_NAME["suggestion"])
    loaded = read_record(item, problems, text=text)
    assert problems == [] and loaded is not None
    record = loaded[0]
    assert (record.id, record.issue, record.status.value, record.channel.value) == ("2026-W0060", 60, "已受理", "网上表单")
    assert (record.street, record.community, record.category) == ("hualong", "longxing", "housing-property")
    assert "138" not in text and "［已删除手机号］" in text
    assert [(r.kind.value, r.count) for r in record.redactions] == [("手机号", 1)]

    (pull,) = github.state.pulls.values()
    assert (pull["head"], pull["base"], pull["state"]) == ("intake/2026-W0060", "main", "open")
    assert pull["title"] == "受理意见建议 2026-W0060：龙兴社区电梯经常坏"
    assert "- 手机号：1 处" in pull["body"] and text in pull["body"]
    (receipt,) = github.state.issue_comments(60)
    assert "**查询编号：2026-W0060**" in receipt
    assert "为保护您的隐私，已从记录和本议题中删除：手机号 1 处。" in receipt
    assert issue["labels"] == ["意见建议", "已受理"]
    assert "138 1234 5678" not in issue["body"]  # the public issue no longer shows the number

    writes = list(github.state.writes())
    code, out, _ = intake(capsys, monkeypatch, tmp_path, content, 60)
    assert (code, out) == (0, "意见建议 2026-W0060：已是最新，未做任何修改\n")
    assert github.state.writes() == writes

    issue["body"] = issue["body"].replace("3号楼 东侧", "5号楼 西侧")  # the submitter edits the issue
    code, out, _ = intake(capsys, monkeypatch, tmp_path, content, 60)
    assert (code, out) == (0, "意见建议 2026-W0060：更新记录、更新合并请求\n")
    assert "5号楼 西侧" in record_on(github, "intake/2026-W0060")
    assert len(github.state.pulls) == 1 and len(github.state.issue_comments(60)) == 1


def test_an_incomplete_issue_gets_one_comment_saying_what_to_fix_and_no_record(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    body = BODY.replace("华龙街道 · 龙兴社区", "华龙街道 · 月亮社区")
    issue = github.state.add_issue(61, "龙兴社区电梯经常坏", body)
    for _ in range(2):
        code, _, _ = intake(capsys, monkeypatch, tmp_path, content, 61)
        assert code == 0
    (comment,) = github.state.issue_comments(61)
    assert "- “所在街道和社区”：填写的内容不是表单中的选项；请从下拉列表中选择一项，不要改写选项的文字" in comment
    assert "月亮" not in comment
    assert issue["labels"] == ["意见建议", "需补充"]
    assert list(github.state.heads) == ["main"] and github.state.pulls == {}

    issue["body"] = BODY  # fixed
    code, out, _ = intake(capsys, monkeypatch, tmp_path, content, 61)
    assert code == 0 and "更新回执" in out
    (comment,) = github.state.issue_comments(61)  # the same comment, now the receipt
    assert "**查询编号：2026-W0061**" in comment
    assert issue["labels"] == ["意见建议", "已受理"]


def test_many_issues_at_once_get_distinct_numbers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    for number in range(70, 75):
        github.state.add_issue(number, f"第{number}号议题的意见建议", BODY)
        assert intake(capsys, monkeypatch, tmp_path, content, number)[0] == 0
    assert sorted(github.state.heads) == ["intake/2026-W0070", "intake/2026-W0071", "intake/2026-W0072",
                                          "intake/2026-W0073", "intake/2026-W0074", "main"]
    assert len(github.state.pulls) == 5


def test_a_failed_write_is_not_retried_and_a_rerun_completes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    github.state.add_issue(62, "龙兴社区电梯经常坏", BODY)
    github.state.failures.append(Failure("POST", re.compile(r"/pulls$"), 502))
    code, out, err = intake(capsys, monkeypatch, tmp_path, content, 62)
    assert (code, out) == (1, "")
    assert err == "议题 #62：GitHub 返回 502，本次未完成；重新运行即可（已完成的部分不会重复）\n"
    assert github.state.requests.count(("POST", f"{API}/pulls")) == 1
    code, out, _ = intake(capsys, monkeypatch, tmp_path, content, 62)
    assert (code, out) == (0, "意见建议 2026-W0062：合并请求、回执、标签 已受理\n")
    assert len(github.state.pulls) == 1 and len(github.state.issue_comments(62)) == 1
    assert github.state.requests.count(("POST", f"{API}/git/refs")) == 1


def test_issues_not_from_the_form_are_left_alone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    github.state.add_issue(63, "网站打不开", "首页是白的。", labels=())
    assert intake(capsys, monkeypatch, tmp_path, content, 63) == (0, "议题：不是意见建议表单提交的议题，跳过\n", "")
    assert github.state.writes() == []


def test_missing_environment_is_explained(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_API_URL", "GITHUB_REPOSITORY", "GITHUB_TOKEN", "GITHUB_EVENT_PATH"):
        monkeypatch.delenv(name, raising=False)
    code, out, err = run_cli(capsys, "intake")
    assert (code, out) == (2, "")
    assert err == "缺少环境变量：GITHUB_API_URL、GITHUB_REPOSITORY、GITHUB_TOKEN、GITHUB_EVENT_PATH（在 GitHub Actions 中会自动提供）\n"
