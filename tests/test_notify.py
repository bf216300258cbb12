"""`yizheng notify` against a local GitHub API server, driven by the real PyGithub client."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import MINIMAL, run_cli
from github_server import TOKEN, Failure, FakeGitHub

W5 = """\
# yaml-language-server: $schema=../../../schema/suggestion.schema.json
id: 2026-W0005
example: true
title: 龙兴社区健身器材损坏
category: urban
street: hualong
community: longxing
channel: 网上表单
submitted: 2026-11-20
problem: 广场上的健身器材坏了三件，老人锻炼不安全。
issue: 5
status: 已受理
history:
  - date: 2026-11-20
    status: 已受理
"""


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
def github(monkeypatch: pytest.MonkeyPatch):
    with FakeGitHub() as gh:
        gh.state.add_issue(5, "龙兴社区健身器材损坏", "（表单内容）", labels=("意见建议", "已受理"))
        monkeypatch.setenv("GITHUB_API_URL", gh.api_url)
        monkeypatch.setenv("GITHUB_REPOSITORY", gh.repository)
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        monkeypatch.setenv("YIZHENG_GITHUB_WRITE_PAUSE", "0")
        yield gh


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
    assert comment.splitlines()[:2] == [
        "<!-- yizheng:notify 2026-W0005 step 2 -->",
        "您的意见建议（查询编号 **2026-W0005**）已交办给承办单位办理。",
    ]
    assert "办理期限：2026-12-14" in comment
    assert comment.rstrip().endswith("查询进度：https://example.github.io/yizheng/track/")

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
    assert "> 三件器材已全部更换。" in last
    assert last.rstrip().endswith("公开页面：https://example.github.io/yizheng/suggestions/2026/2026-W0005/")
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
    assert notify(capsys, repo, first, second) == (0, "没有状态变化的意见建议\n", "")
    assert github.state.writes() == []
