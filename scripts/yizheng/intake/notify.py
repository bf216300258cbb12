"""`yizheng notify`: tell submitters on their issues what happened to their suggestions.

Run on every push to main that touches content/suggestions/. For each
suggestion whose status differs between the two commits and that came from an
issue, it posts one comment (what happened, the reply once there is one, the
page's link), sets the status label, and closes the issue when the suggestion
is closed, rejected or merged. Each comment carries a marker naming the
suggestion and the length of its history, so running again for the same
range finds its own comments and changes nothing.

Only comments written by the bot's own login count: a stranger who copies a
marker into a comment cannot stop a notice. Text written by staff (the note
of a step, a reply) is quoted inert (`inert.quote`), and only when the
submitter agreed to publication: a `public: false` record's issue hears the
status, never the text.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from github.GithubException import GithubException
from github.Issue import Issue
from pydantic import ValidationError

from ..models.lifecycle import Status
from ..handling import of
from ..kinds import SUGGESTION
from ..models.suggestion import Suggestion
from ..yamlio import YamlProblem, parse
from .github_api import DEFAULT_BOT_LOGIN, ActionsEnv, MissingEnvironment, written_by
from .inert import quote

STATUS_LABEL_PREFIX = "状态："
# GitHub's documented state reasons; a merged suggestion is handled, through the other one.
CLOSING = {Status.CLOSED: "completed", Status.REJECTED: "not_planned", Status.MERGED: "completed"}

_MESSAGES = {
    Status.RECEIVED: "已受理，等待交办。",
    Status.ASSIGNED: "已交办给承办单位办理。",
    Status.IN_PROGRESS: "正在办理中。",
    Status.REPLIED: "承办单位已经答复。",
    Status.CLOSED: "已办结。感谢您的参与！",
    Status.REJECTED: "不予受理。",
    Status.MERGED: "已与相同问题的意见建议合并办理。",
}


@dataclass(frozen=True)
class Transition:
    suggestion: Suggestion
    before: Status | None


def marker(suggestion: Suggestion) -> str:
    return f"<!-- yizheng:notify {suggestion.id} step {len(suggestion.history)} -->"


def git_show(repo_dir: Path, sha: str, relpath: str) -> str | None:
    result = subprocess.run(
        ["git", "-C", str(repo_dir), "show", f"{sha}:{relpath}"], capture_output=True, text=True, check=False
    )
    return result.stdout if result.returncode == 0 else None


def read_suggestion(text: str | None) -> Suggestion | None:
    if text is None:
        return None
    try:
        return Suggestion.model_validate(parse(text).data)
    except (YamlProblem, ValidationError):
        return None


EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's empty tree: "before" of a new branch


def transitions(repo_dir: Path, before: str, after: str) -> list[Transition]:
    """Suggestions from issues whose status differs between two commits."""
    if set(before) == {"0"}:  # GitHub's "before" of the first push of a branch
        before = EMPTY_TREE
    diff = subprocess.run(
        ["git", "-C", str(repo_dir), "diff", "--name-only", "--no-renames", before, after, "--", f"content/{SUGGESTION.folder}/"],
        capture_output=True, text=True, check=True,
    )
    found = []
    for relpath in sorted(diff.stdout.split()):
        new = read_suggestion(git_show(repo_dir, after, relpath))
        if new is None or new.issue is None:
            continue
        old = read_suggestion(git_show(repo_dir, before, relpath))
        if old is None or old.status is not new.status:
            found.append(Transition(new, old.status if old else None))
    return found


def comment_text(suggestion: Suggestion, before: Status | None, base_url: str) -> str:
    lines = [marker(suggestion), f"您的意见建议（查询编号 **{suggestion.id}**）{_MESSAGES[suggestion.status]}", ""]
    last = suggestion.history[-1]
    handling = of(suggestion)
    if last.note and suggestion.public:
        lines += quote(last.note) + [""]
    if suggestion.status is Status.IN_PROGRESS and last.satisfaction is not None:
        lines += ["根据评价意见，已重新办理。", ""]
    if handling.deadline and suggestion.status in (Status.ASSIGNED, Status.IN_PROGRESS):
        lines += [f"办理期限：{handling.deadline}", ""]
    if suggestion.status in (Status.REPLIED, Status.CLOSED) and suggestion.replies:
        reply = suggestion.replies[-1]
        if suggestion.public:
            lines += [f"答复（{reply.date}）：", ""] + quote(reply.text) + [""]
        else:
            lines += [f"答复日期：{reply.date}。您选择了不公开，答复内容不在这里显示，请到联络站或打联络站电话查询。", ""]
    if suggestion.merged_into:
        lines += [f"合并到：{suggestion.merged_into}", ""]
    if handling.published:
        lines.append(f"公开页面：{base_url}{SUGGESTION.url(suggestion.id)}")
    else:
        lines.append(f"查询进度：{base_url}track/")
    return "\n".join(lines) + "\n"


def sync(issue: Issue, transition: Transition, base_url: str, bot_login: str = DEFAULT_BOT_LOGIN) -> list[str]:
    """Bring one issue up to date; what was done, in words (empty when it already was)."""
    suggestion = transition.suggestion
    done: list[str] = []
    tag = marker(suggestion)
    if not any(tag in (comment.body or "") and written_by(comment, bot_login) for comment in issue.get_comments()):
        issue.create_comment(comment_text(suggestion, transition.before, base_url))
        done.append("评论")
    wanted = STATUS_LABEL_PREFIX + suggestion.status.value
    names = [label.name for label in issue.labels]
    for name in names:
        if name.startswith(STATUS_LABEL_PREFIX) and name != wanted:
            issue.remove_from_labels(name)
            done.append(f"移除标签 {name}")
    if wanted not in names:
        issue.add_to_labels(wanted)
        done.append(f"标签 {wanted}")
    reason = CLOSING.get(suggestion.status)
    if reason is not None and issue.state != "closed":
        issue.edit(state="closed", state_reason=reason)
        done.append("关闭议题")
    return done


def run(repo_dir: Path, before: str, after: str, base_url: str, bot_login: str | None = None) -> int:
    """Sync every issue whose suggestion changed status; `base_url` is the public site's address."""
    try:
        env = ActionsEnv.from_environ(need_event=False, bot_login=bot_login)
    except MissingEnvironment as err:
        print(err, file=sys.stderr)
        return 2
    found = transitions(repo_dir, before, after)
    if not found:
        print("没有状态变化的意见建议")
        return 0
    repo = env.client().get_repo(env.repository)
    failures = 0
    for transition in found:
        suggestion = transition.suggestion
        try:
            done = sync(repo.get_issue(suggestion.issue), transition, base_url, env.bot_login)
        except GithubException as err:
            failures += 1
            print(f"{suggestion.id}（议题 #{suggestion.issue}）：GitHub 返回 {err.status}，未完成；重新运行即可补上", file=sys.stderr)
            continue
        print(f"{suggestion.id}（议题 #{suggestion.issue}）：{'、'.join(done) if done else '已是最新'}")
    return 1 if failures else 0
