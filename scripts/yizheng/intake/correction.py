"""`yizheng correction`: an issue from the correction form is labelled and linked to its record,
and closed with a comment when the pull request that fixes the record is merged.

Run by .github/workflows/correction.yml, on two events, read from the event file:

- `issues` (opened, edited) of an issue labelled 纠错: the form's “有错误的记录” field is
  read (`read_correction_form`); the bot's one comment says which record that is and where
  its page is (or that staff will find it, when the field names none), and the label 待修正
  says it waits for staff.
- `push` to the default branch: the pull requests GitHub associates with the pushed commit
  are read; a merged one whose title or body says `修正 #N` (several allowed) closes each
  such correction issue N with a comment naming the pull request, and the label 已修正.
  Merging needs write access, so the text of a merged pull request is the staff's.

Nothing the resident wrote is repeated: the comment names the record by kind and id (both
checked against content/), never the issue's text. Every write is preceded by a read, so a
second run changes nothing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from github.GithubException import GithubException
from github.Issue import Issue
from github.Repository import Repository

from ..kinds import KIND_BY_NAME, SUGGESTION
from ..loader import InvalidContent, load
from ..problems import Problem
from ..registry import Registry
from .forms import CORRECTION_LABELS
from .github_api import start_run
from .issue_body import read_correction_form
from .receive import ensure_labels, own_comment

CORRECTION_LABEL = CORRECTION_LABELS[0]
LINK_MARKER = "<!-- yizheng:correction -->"
FIXED_MARKER = "<!-- yizheng:correction-fixed -->"
WAITING_LABEL = "待修正"
FIXED_LABEL = "已修正"
FIXES = re.compile(r"修正\s*[#＃](\d+)")
"""How a pull request names the correction issues it fixes: 修正 #12 (several allowed)."""


def fixed_issues(text: str) -> list[int]:
    """The issue numbers a pull request's text says it fixes, in order, once each."""
    return list(dict.fromkeys(int(n) for n in FIXES.findall(text or "")))


def record_link(registry: Registry, kind: str, record_id: str) -> str:
    """The public address of a record's page; a suggestion's is its tracking lookup until it is published."""
    address = registry.site.address
    if kind == SUGGESTION.name and not registry.suggestions[record_id].published:
        return f"{address}track/"
    return f"{address}{KIND_BY_NAME[kind].url(record_id)}"


def link_text(registry: Registry, found: tuple[str, str] | None) -> str:
    lines = [LINK_MARKER, "您好！谢谢您指出网站上的错误。", ""]
    if found is not None:
        kind, record_id = found
        lines += [
            f"您指出的是{KIND_BY_NAME[kind].title}（编号 {record_id}）的内容，页面：{record_link(registry, kind, record_id)}",
            "",
        ]
    else:
        lines += ["“有错误的记录”一栏没有写明是哪个页面；工作人员会根据您写的内容找到它。", ""]
    lines.append("工作人员核实后会改正。改好以后会在本页告诉您，并关闭本页。")
    return "\n".join(lines) + "\n"


def fixed_text(pull_number: int) -> str:
    return "\n".join([
        FIXED_MARKER,
        f"您好！您指出的错误已经改正（合并请求 #{pull_number}）。网站一般在几分钟内更新，刷新页面就能看到。",
        "",
        "谢谢您帮助我们把网站做得更准确！",
    ]) + "\n"


def link(repo: Repository, issue: Issue, registry: Registry, bot_login: str) -> list[str]:
    """Label the correction issue and link it to its record; what was done, in words."""
    if issue.pull_request is not None or CORRECTION_LABEL not in [label.name for label in issue.labels]:
        return ["不是纠错表单提交的议题，跳过"]
    if issue.state == "closed":
        return ["已关闭，跳过"]
    form = read_correction_form(issue.body or "", registry)
    text = link_text(registry, form.record)
    done: list[str] = []
    comment = own_comment(issue, LINK_MARKER, bot_login)
    if comment is None:
        issue.create_comment(text)
        done.append("说明对应的记录")
    elif comment.body != text:
        comment.edit(text)
        done.append("更新对应的记录")
    done += ensure_labels(issue, add=WAITING_LABEL, remove=())
    return done


def close_fixed(repo: Repository, sha: str, bot_login: str) -> list[str]:
    """Close the correction issues named by the merged pull requests of commit `sha`."""
    done: list[str] = []
    for pull in repo.get_commit(sha).get_pulls():
        if not pull.merged:
            continue
        for number in fixed_issues(f"{pull.title}\n{pull.body or ''}"):
            try:
                issue = repo.get_issue(number)
            except GithubException:
                done.append(f"#{number} 不存在，跳过")
                continue
            if issue.pull_request is not None or CORRECTION_LABEL not in [label.name for label in issue.labels]:
                done.append(f"#{number} 不是纠错议题，跳过")
                continue
            steps = []
            if own_comment(issue, FIXED_MARKER, bot_login) is None:
                issue.create_comment(fixed_text(pull.number))
                steps.append("评论")
            steps += ensure_labels(issue, add=FIXED_LABEL, remove=(WAITING_LABEL,))
            if issue.state != "closed":
                issue.edit(state="closed", state_reason="completed")
                steps.append("关闭")
            done.append(f"#{number}（合并请求 #{pull.number}）：{'、'.join(steps) if steps else '已是最新'}")
    return done or ["这次推送没有修正纠错议题的合并请求"]


def run(content: Path, bot_login: str | None = None) -> int:
    started = start_run(bot_login)
    if started is None:
        return 2
    env, event = started
    repo = env.client().get_repo(env.repository)
    try:
        if "issue" in event:
            number = int(event["issue"]["number"])
            try:
                registry = load(content)
            except InvalidContent as err:
                for problem in err.problems:
                    if isinstance(problem, Problem) and problem.is_error:
                        print(problem, file=sys.stderr)
                return 1
            done = link(repo, repo.get_issue(number), registry, env.bot_login)
            print(f"纠错议题 #{number}：{'、'.join(done) if done else '已是最新'}")
        else:
            sha = str(event["after"])
            if not re.fullmatch(r"[0-9a-f]{40}", sha):
                print("推送事件中没有提交编号（after）", file=sys.stderr)
                return 2
            for line in close_fixed(repo, sha, env.bot_login):
                print(line)
    except GithubException as err:
        print(f"GitHub 返回 {err.status}，本次未完成；重新运行即可（已完成的部分不会重复）", file=sys.stderr)
        return 1
    return 0
