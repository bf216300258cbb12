"""HANDBOOK.md's chapter on issue commands, run as written: each comment against the local GitHub server, each answer as shown.

Blocks and markers (HTML comments do not show when the handbook is read):

- a ```评论 block is a comment on the current issue; the ```回复 block after it is the bot's
  answer as shown (without its hidden first line), a line ending in "…" matching any line
  that starts with what comes before it;
- `<!-- 议题 #52 -->` switches to another issue (the suggestion whose `issue` is 52);
- `<!-- 提出人 -->` makes the next comment the submitter's (the issue's author) and
  `<!-- 无权限的人 -->` a stranger's (no answer expected); otherwise a clerk with write access;
- `<!-- 合并 -->` and `<!-- 关闭 -->`: staff merge, or close without merging, the open pull request.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import CONTENT, ROOT
from github_env import use_server
from github_server import BOT_LOGIN, OUTSIDER_LOGIN, STAFF_LOGIN, FakeGitHub
from yizheng.intake.command import handle
from yizheng.intake.github_api import ActionsEnv
from yizheng.loader import load

HANDBOOK = ROOT / "HANDBOOK.md"
DATE = dt.date(2026, 12, 1)
SUBMITTER = "resident"


@dataclass
class Comment:
    line: int
    issue: int
    body: str
    author: str
    before: list[str]  # 合并 / 关闭, done first
    answer: list[str] | None = None
    expected: list[str] = field(default_factory=list)


def comments() -> list[Comment]:
    found: list[Comment] = []
    issue, author, before = 0, STAFF_LOGIN, []
    block: list[str] | None = None
    kind = ""
    for number, line in enumerate(HANDBOOK.read_text(encoding="utf-8").splitlines(), 1):
        if block is None:
            if marker := re.fullmatch(r"<!-- 议题 #(\d+) -->", line):
                issue = int(marker[1])
            elif line == "<!-- 提出人 -->":
                author = SUBMITTER
            elif line == "<!-- 无权限的人 -->":
                author = OUTSIDER_LOGIN
            elif line in ("<!-- 合并 -->", "<!-- 关闭 -->"):
                before.append(line[5:7])
            elif line in ("```评论", "```回复"):
                block, kind, start = [], line[3:], number
            continue
        if line != "```":
            block.append(line)
            continue
        if kind == "评论":
            found.append(Comment(start, issue, "\n".join(block), author, before))
            author, before = STAFF_LOGIN, []
        else:
            found[-1].expected = block
        block = None
    return found


def shown(line: str) -> str:
    """A line of Markdown as GitHub shows it: a backslash before ASCII punctuation is not shown (CommonMark)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line)


def _matches(expected: str, actual: str) -> bool:
    return actual.startswith(expected[:-1]) if expected.endswith("…") else actual == expected


def test_the_chapter_has_a_comment_for_every_command() -> None:
    used = {c.body.split()[0] for c in comments()}
    assert used >= {"/交办", "/办理", "/延期", "/答复", "/评价", "/办结", "/不予受理", "/合并"}


def test_every_comment_in_the_handbook_is_answered_as_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    registry = load(content)
    with FakeGitHub() as gh:
        gh.state.branches["main"] = {f"content/{p.relative_to(content).as_posix()}": p.read_bytes() for p in content.rglob("*.yml")}
        by_issue = {s.issue: s for s in registry.suggestions.values() if s.issue is not None}
        for number, record in by_issue.items():
            gh.state.add_issue(number, record.title, "（表单内容）", user=SUBMITTER)
        use_server(monkeypatch, gh)
        env = ActionsEnv.from_environ(need_event=False)
        for comment in comments():
            where = f"HANDBOOK.md:{comment.line}"
            record_id = by_issue[comment.issue].id
            for action in comment.before:
                (pull,) = [p for p in gh.state.pulls.values() if p["state"] == "open" and record_id in p["head"]]
                if action == "合并":
                    for path, data in gh.state.merge_pull(pull["number"]).items():
                        (content / path.removeprefix("content/")).write_bytes(data)
                else:
                    pull["state"] = "closed"
            posted = gh.state.add_comment(comment.issue, comment.body, user=comment.author)
            handle(env, comment.issue, posted["id"], content, "main", DATE)
            answers = [c["body"] for c in gh.state.comments.values() if c["user"] == BOT_LOGIN and f"comment-{posted['id']} " in c["body"]]
            actual = [shown(line) for line in answers[0].splitlines()[1:]] if answers else []
            assert len(actual) == len(comment.expected) and all(
                _matches(e, a) for e, a in zip(comment.expected, actual)
            ), f"{where}\n预期：\n" + "\n".join(comment.expected) + "\n实际：\n" + "\n".join(actual)
        load(content)  # what the merges left on main validates
