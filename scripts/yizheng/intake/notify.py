"""`yizheng notify`: tell submitters on their issues what happened to their suggestions.

Run on every push to main that touches content/suggestions/. For each
suggestion that came from an issue and gained a step between the two commits
(a new status, an evaluation, progress), it posts one comment about the last
step (what happened, who handles it and by when, the reply and how to rate
it, the reason of a rejection, the number to follow after a merge, the page's
link), sets the status label, and closes the issue when the suggestion
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

import datetime as dt
import subprocess
import sys
from collections.abc import Mapping
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
from .github_api import DEFAULT_BOT_LOGIN, start_run, written_by
from .inert import quote
from .wording import beijing_today, evaluate_lines, reader_date, stations_line

STATUS_LABEL_PREFIX = "状态："
# GitHub's documented state reasons; a merged suggestion is handled, through the other one.
CLOSING = {Status.CLOSED: "completed", Status.REJECTED: "not_planned", Status.MERGED: "completed"}

_MESSAGES = {
    Status.RECEIVED: "工作人员已核对并登记（已受理），现在可以用查询编号在网站上查询办理进度。接下来会交办给承办单位。",
    Status.ASSIGNED: "已交办。",
    Status.IN_PROGRESS: "正在办理中。",
    Status.REPLIED: "承办单位已经答复。",
    Status.CLOSED: "已办结。感谢您的参与！",
    Status.REJECTED: "不予受理。",
    Status.MERGED: "已与反映相同问题的意见建议合并办理。",
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
    """Suggestions from issues that gained a step (or a status) between two commits.

    A step that keeps the status (an evaluation of 满意 after a reply, progress while 办理中)
    is announced too; an edit that adds no step is not."""
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
        if old is None or old.status is not new.status or len(old.history) != len(new.history):
            found.append(Transition(new, old.status if old else None))
    return found


def comment_text(
    suggestion: Suggestion, before: Status | None, base_url: str,
    units: Mapping[str, str] | None = None, today: dt.date | None = None,
) -> str:
    """The notice of the suggestion's last step: what happened, who handles it, by when, and what next.

    `units` maps unit ids to their names (site.yml); `today` (Beijing) decides whether a deadline has passed."""
    names = units or {}
    today = today or beijing_today()
    last = suggestion.history[-1]
    handling = of(suggestion)
    status = suggestion.status
    evaluation = last.satisfaction is not None
    if evaluation:
        rater = f"（评价人：{last.rated_by.value}）" if last.rated_by else ""
        headline = f"满意度评价：{last.satisfaction.value}{rater}。"
    elif status is Status.ASSIGNED:
        headline = f"已交办给{_units(last.units, names)}办理。"
    elif status is Status.IN_PROGRESS and before is Status.IN_PROGRESS:
        headline = "有新的办理进展。"
    else:
        headline = _MESSAGES[status]
    lines = [marker(suggestion), f"您的意见建议（查询编号 **{suggestion.id}**）{headline}", ""]
    if last.note and suggestion.public and not evaluation:
        lines += quote(last.note) + [""]
    if status is Status.IN_PROGRESS and evaluation:
        lines += ["根据您的评价，承办单位将重新办理。", ""]
    elif status is Status.REPLIED and evaluation:
        lines += ["已评价，等待办结：工作人员核实后会办结这条意见建议，并在本页通知您。", ""]
    if status in (Status.ASSIGNED, Status.IN_PROGRESS) and handling.deadline:
        lines.append(f"办理期限：{reader_date(handling.deadline)}")
        if handling.deadline < today:
            lines.append("办理期限已经过了，工作人员会督促承办单位尽快答复。")
        lines.append("")
    # The reply is shown once: by the notice of the push that brought it (with later steps of the same push).
    if status in (Status.REPLIED, Status.CLOSED) and suggestion.replies and before is not Status.REPLIED:
        reply = suggestion.replies[-1]
        unit = names.get(reply.unit, reply.unit)
        if suggestion.public:
            lines += [f"{unit}的答复（{reader_date(reply.date)}）：", ""] + quote(reply.text) + [""]
        else:
            lines += [
                f"{unit}已于{reader_date(reply.date)}答复。您选择了不公开，答复内容不在这里显示，"
                "请到联络站点或打联络站点的公开电话查询。",
                "",
            ]
        if status is Status.REPLIED and not evaluation:
            lines += evaluate_lines() + [""]
    if status is Status.REJECTED:
        if not (last.note and suggestion.public):
            lines += ["不予受理的原因，请到联络站点或打联络站点的公开电话询问。", ""]
        lines += ["如有疑问，可以到就近的联络站点咨询。" + stations_line(base_url), ""]
    if suggestion.merged_into:
        lines += [
            f"从现在起，请用编号 **{suggestion.merged_into}** 查询办理进度，两条意见建议一起办理、一起答复。",
            "",
        ]
    if handling.published:
        lines.append(f"公开页面：{base_url}{SUGGESTION.url(suggestion.id)}")
    else:
        lines.append(f"查询进度：{base_url}track/")
    return "\n".join(lines) + "\n"


def _units(ids: list[str], names: Mapping[str, str]) -> str:
    """承办单位 by name: the first leads; the others assist."""
    shown = [names.get(uid, uid) for uid in ids] or ["承办单位"]
    if len(shown) == 1:
        return shown[0]
    return f"{shown[0]}（主办）和{'、'.join(shown[1:])}（协办）"


def sync(
    issue: Issue, transition: Transition, base_url: str, bot_login: str = DEFAULT_BOT_LOGIN,
    units: Mapping[str, str] | None = None, today: dt.date | None = None,
) -> list[str]:
    """Bring one issue up to date; what was done, in words (empty when it already was)."""
    suggestion = transition.suggestion
    done: list[str] = []
    tag = marker(suggestion)
    if not any(tag in (comment.body or "") and written_by(comment, bot_login) for comment in issue.get_comments()):
        issue.create_comment(comment_text(suggestion, transition.before, base_url, units, today))
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


def run(
    repo_dir: Path, before: str, after: str, base_url: str, bot_login: str | None = None,
    units: Mapping[str, str] | None = None,
) -> int:
    """Sync every issue whose suggestion gained a step; `base_url` is the public site's address,
    `units` the handling units' names by id."""
    started = start_run(bot_login, need_event=False)
    if started is None:
        return 2
    env, _ = started
    found = transitions(repo_dir, before, after)
    if not found:
        print("没有新办理步骤的意见建议")
        return 0
    repo = env.client().get_repo(env.repository)
    failures = 0
    for transition in found:
        suggestion = transition.suggestion
        try:
            done = sync(repo.get_issue(suggestion.issue), transition, base_url, env.bot_login, units)
        except GithubException as err:
            failures += 1
            print(f"{suggestion.id}（议题 #{suggestion.issue}）：GitHub 返回 {err.status}，未完成；重新运行即可补上", file=sys.stderr)
            continue
        print(f"{suggestion.id}（议题 #{suggestion.issue}）：{'、'.join(done) if done else '已是最新'}")
    return 1 if failures else 0
