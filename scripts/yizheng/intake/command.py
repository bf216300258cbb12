"""`yizheng command`: a staff command typed on a suggestion's issue becomes a step on one pull request.

Run by .github/workflows/command.yml on `issue_comment: created`. Only the issue number
and the comment id are taken from the event file; the comment, its author and the
author's permission are read again from the API.

- Who: a comment counts only when its author has write access to the repository
  (`GET /repos/{owner}/{repo}/collaborators/{user}/permission`, asked for every comment;
  nothing in the comment is trusted). The issue's own author, the submitter, may use
  `/评价` and nothing else; it is recorded as the submitter's evaluation. Anyone else's
  command is ignored without a word, and the bot's own comments are never commands.
- What: the command becomes exactly the step `yizheng suggestion …` makes
  (intake/issue_commands.py → staff/suggestions.py), checked as `yizheng validate` checks.
- Where: records change only through merged pull requests. While a pull request for the
  suggestion is open (branch `suggestion/<id>-<n>`), each command is applied to the record
  on that branch and the same pull request grows; once it is merged or closed, the next
  command starts a new branch from the base branch and a new pull request. Merging runs
  `notify` as for every change, so each step is announced to the submitter.
- Refused steps (not allowed now, an unknown unit, missing text, a record that would not
  validate) get one comment saying why and which commands can be used now; nothing changes.
  For a record whose submitter did not agree to publication (`public: false`), a command that
  would put words of the comment into the record is refused with a pointer to the command line.
- Replays: every comment the bot writes about a command, the open pull request's body and the
  commit that wrote the step carry the command's comment id; a command whose id is found
  there is not applied again.
- Two commands at once: every write names what it replaces (the file's blob sha, a new
  branch, the one open pull request), so the second writer gets a conflict from GitHub, reads
  again and applies its step on top of the first.
- Nothing the bot writes repeats personal data: everything quoted back from a comment is
  redacted (intake/redact.py) and made inert (intake/inert.py).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from github.GithubException import GithubException, UnknownObjectException
from github.Issue import Issue
from github.Repository import Repository

from ..kinds import SUGGESTION
from ..loader import InvalidContent
from ..models.suggestion import Suggestion
from ..problems import Problem
from ..staff import suggestions
from ..staff.edit import BEIJING, Refused, Workspace
from .github_api import ActionsEnv, start_run, written_by
from .inert import inert
from .issue_commands import Command, allowed_text, carries_text, parse, step
from .receive import SUGGESTION_LABEL, fence, plain_title
from .redact import redact

MARKER = "<!-- yizheng:command {} -->"
BRANCH = "suggestion/{}-{}"
WRITERS = ("admin", "maintain", "write")
ATTEMPTS = 4
"""How often a command is tried again after another run changed the branch or the pull request first."""


@dataclass
class Outcome:
    """What one run did, in words, for the log."""

    done: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "；".join(self.done) or "未做任何修改"


def marker(comment_id: int) -> str:
    return MARKER.format(f"comment-{comment_id}")


def safe(text: str) -> str:
    """Text from a comment, or a message that may quote it, as the bot may repeat it: redacted and inert."""
    return inert(redact(text)[0])


# --- texts ------------------------------------------------------------------------------------


def refusal(comment_id: int, command: str, reason: str, allowed: str, submitter: bool = False) -> str:
    """`command` is the command's own name ("/交办"); `reason` may quote the comment and is made safe.

    Staff are pointed to the handbook; the submitter, a resident, to the nearest station.
    """
    where = "如有疑问，请咨询附近的联络站点。" if submitter else "指令的写法见工作手册“在议题中办理”一节。"
    return "\n".join([
        marker(comment_id),
        f"未执行“{command}”：{safe(reason)}",
        "",
        f"现在可以用的指令：{allowed}",
        "",
        f"记录没有任何改动。{where}",
    ]) + "\n"


def unknown(comment_id: int, first_word: str) -> str:
    names = "、".join(f"/{name}" for name in ("交办", "办理", "延期", "答复", "评价", "办结", "不予受理", "合并"))
    return "\n".join([
        marker(comment_id),
        f"不认识“{safe(first_word)}”这个指令。可以用的指令：{names}（每条评论一个指令，写在第一行开头）。",
        "",
        "记录没有任何改动。",
    ]) + "\n"


def private_refusal(comment_id: int, command: str, record_id: str, submitter: bool) -> str:
    if submitter:
        return refusal(
            comment_id, command,
            "这条意见建议不公开全文，而本页的评论人人都能看到，评论里的文字不会记入记录。"
            "请只写满意程度，如“/评价 满意”；其他意见请告诉联络站的工作人员",
            "/评价",
            submitter=True,
        )
    return refusal(
        comment_id, command,
        f"意见建议 {record_id} 的提出人不同意公开全文，而本页的评论人人都能看到：带文字的指令（进展、答复、理由、说明）"
        "不能在这里用。请在电脑上用命令行办理（如 yizheng suggestion reply），文字会加密保存",
        "不带文字的 /交办、/评价、/办结、/合并",
    )


def confirmation(comment_id: int, command: str, pull_number: int, created: bool, submitter: bool = False) -> str:
    if submitter:  # a resident: no pull requests, just what happens next
        return "\n".join([
            marker(comment_id),
            "已收到您的评价，谢谢！工作人员核对登记后，本页会收到通知。",
        ]) + "\n"
    where = "新建了" if created else "加入了"
    return "\n".join([
        marker(comment_id),
        f"已按“{command}”修改记录，{where}合并请求 #{pull_number}。",
        "工作人员审核并合并后才生效，届时本页会收到办理情况通知。",
    ]) + "\n"


def pull_title(record: Suggestion) -> str:
    return plain_title(f"办理意见建议 {record.id}")


def pull_body(record: Suggestion, number: int, text: str, steps: list[str]) -> str:
    lines = [
        f"议题 #{number} 中工作人员用指令办理意见建议 **{record.id}**，每条指令一步（与 `yizheng suggestion` 命令相同）。",
        "记录已通过校验。合并后进入主分支，并在议题中通知提出人；合并后的下一条指令会新建合并请求。",
        "",
        "### 步骤",
        "",
        *steps,
        "",
        "### 记录",
        "",
        fence(text),
    ]
    return "\n".join(lines) + "\n"


def step_line(comment_id: int, login: str, command: Command) -> str:
    first = command.shown + (" " + command.text.partition("\n")[0] if command.text else "")
    return f"- {marker(comment_id)} {safe(login)}：{safe(first)}"


# --- reading GitHub ---------------------------------------------------------------------------


def can_write(repo: Repository, login: str) -> bool:
    """Asked through the API for every comment: the comment itself is never trusted."""
    try:
        return repo.get_collaborator_permission(login) in WRITERS
    except UnknownObjectException:
        return False


def open_pulls(repo: Repository, record_id: str) -> list[Any]:
    """The suggestion's open pull requests (one, or none; open pull requests are few, closed ones pile up)."""
    prefix = f"suggestion/{record_id}-"
    return [pull for pull in repo.get_pulls(state="open") if pull.head.ref.startswith(prefix)]


def handled(comments: list[Any], pulls: list[Any], comment_id: int, bot_login: str) -> bool:
    """Whether the bot has already answered this comment or put its step into a pull request."""
    tag = marker(comment_id)
    if any(tag in (pull.body or "") for pull in pulls):
        return True
    return any(tag in (c.body or "") and written_by(c, bot_login) for c in comments)


def file_text(repo: Repository, path: str, branch: str) -> tuple[str, str] | None:
    """The file's text on `branch` and its blob sha, or None when the branch has no such file."""
    try:
        found = repo.get_contents(path, ref=branch)
    except UnknownObjectException:
        return None
    assert not isinstance(found, list)
    return found.decoded_content.decode("utf-8"), found.sha


def problems_text(problems: list[Problem]) -> str:
    return "；".join(f"{p.field}：{p.message}" if p.field else p.message for p in problems)


# --- running ---------------------------------------------------------------------------------


class Conflict(Exception):
    """Another run wrote first: read again and retry."""


def run(content: Path, base: str = "main", bot_login: str | None = None, date: dt.date | None = None) -> int:
    started = start_run(bot_login)
    if started is None:
        return 2
    env, event = started
    try:
        number, comment_id = int(event["issue"]["number"]), int(event["comment"]["id"])
    except (KeyError, TypeError, ValueError):
        print("事件文件不是议题评论（issue_comment）事件：yizheng command 只由 command.yml 在有新评论时运行", file=sys.stderr)
        return 2
    try:
        outcome = handle(env, number, comment_id, content, base, date)
    except GithubException as err:
        print(f"议题 #{number} 评论 {comment_id}：GitHub 返回 {err.status}，本次未完成；重新运行即可（已完成的不会重复）", file=sys.stderr)
        return 1
    except InvalidContent as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"议题 #{number}：记录目录有错误，无法办理；改正后重新运行本工作流", file=sys.stderr)
        return 1
    print(f"议题 #{number} 评论 {comment_id}：{outcome}")
    return 0


def handle(
    env: ActionsEnv, number: int, comment_id: int, content: Path, base: str, date: dt.date | None = None
) -> Outcome:
    """Handle the comment (and the unanswered commands before it). A step is dated `date`, or else
    the day its comment was written, in Beijing time."""
    repo = env.client().get_repo(env.repository)
    issue = repo.get_issue(number)
    outcome = Outcome()
    try:
        comment = issue.get_comment(comment_id)
    except UnknownObjectException:
        outcome.done.append("评论已被删除，跳过")
        return outcome
    if not looks_like_command(comment, env.bot_login):
        outcome.done.append("不是指令，跳过")
        return outcome
    if issue.pull_request is not None or SUGGESTION_LABEL not in [label.name for label in issue.labels]:
        outcome.done.append("不是意见建议的议题，跳过")
        return outcome
    # GitHub keeps one waiting run per concurrency group and cancels the one waiting before it,
    # so with three quick comments the second run may never start: each run first does the
    # commands of the last hour that are still unanswered, in order.
    comments = list(issue.get_comments())
    since = comment.created_at - BACKLOG
    earlier = [
        c for c in comments
        if c.id < comment_id and looks_like_command(c, env.bot_login) and c.created_at >= since
    ]
    for item in [*earlier, comment]:
        done = one(repo, issue, item, comments, env, content, base, date)
        outcome.done.append(done if item is comment else f"（较早的评论 {item.id}）{done}")
    return outcome


BACKLOG = dt.timedelta(hours=1)


def looks_like_command(comment: Any, bot_login: str) -> bool:
    return not written_by(comment, bot_login) and (comment.body or "").lstrip().startswith(("/", "／"))


def one(
    repo: Repository, issue: Issue, comment: Any, comments: list[Any], env: ActionsEnv, content: Path, base: str,
    date: dt.date | None,
) -> str:
    """Handle one command comment; what was done, in words."""
    body, comment_id = comment.body or "", comment.id
    date = date or comment.created_at.astimezone(BEIJING).date()
    login = comment.user.login if comment.user is not None else ""
    command = parse(body)
    submitter = issue.user is not None and issue.user.login.lower() == login.lower()
    staff = can_write(repo, login)
    if not staff and not (submitter and command is not None and command.name == "评价"):
        return f"{login} 没有写权限，忽略"  # no reply: a stranger gets no attention
    ws = Workspace(content)
    record = next((s for s in ws.registry.suggestions.values() if s.issue == issue.number), None)
    pulls = open_pulls(repo, record.id) if record is not None else []
    if handled(comments, pulls, comment_id, env.bot_login):
        return "这条指令已经处理过，跳过"
    if command is None:
        issue.create_comment(unknown(comment_id, body.strip().split()[0]))
        return "不认识的指令，已回复"
    if record is None:
        issue.create_comment(refusal(
            comment_id, command.shown, "本页的意见建议还没有登记（受理的合并请求合并以后才能办理）", "无",
        ))
        return "没有对应的记录，已回复"
    conflicts = 0
    while True:
        try:
            done = apply(repo, issue, ws, record.id, command, comment_id, login, submitter and not staff, base, date,
                         env.bot_login)
            return "与同时运行的另一条指令冲突，重新读取；" * conflicts + done
        except Conflict:
            conflicts += 1
            if conflicts == ATTEMPTS:
                raise GithubException(409, {"message": "conflict"}, None) from None
            ws = Workspace(content)


def apply(
    repo: Repository, issue: Issue, ws: Workspace, record_id: str, command: Command, comment_id: int, login: str,
    submitter: bool, base: str, date: dt.date, bot_login: str,
) -> str:
    path = f"content/{SUGGESTION.relpath(record_id)}"
    pulls = open_pulls(repo, record_id)
    pull = pulls[0] if pulls else None
    branch = pull.head.ref if pull is not None else branch_name(repo, ws.record("suggestion", record_id))
    # The record as it is on the branch, or on the base branch when the branch is still to be made
    # (read from GitHub, not from the checkout, which may be older than the last merge).
    found = file_text(repo, path, branch)
    new_branch = found is None
    if new_branch:
        found = file_text(repo, path, base)
    if found is not None:
        problems = ws.use_text("suggestion", record_id, found[0])
        if problems:
            where = f"合并请求 #{pull.number} 里" if pull is not None else f"{base} 分支上"
            issue.create_comment(refusal(
                comment_id, command.shown, f"{where}的记录有错误，请先改正：{problems_text(problems)}", "无（先改正记录）",
            ))
            return "记录有错误，已回复"
    record: Suggestion = ws.record("suggestion", record_id)
    if not new_branch and on_branch(repo, base, branch, comment_id):
        # A run that stopped (or lost a race) after writing the step: finish its pull request and reply.
        if handled(list(issue.get_comments()), [], comment_id, bot_login):
            return "这条指令已经处理过，跳过"
        return finish(repo, issue, pull, record, found[0], branch, base, command, comment_id, submitter)
    try:
        made = step(ws, record, command, date, submitter)
        if not record.public and carries_text(command, made):
            issue.create_comment(private_refusal(comment_id, command.shown, record.id, submitter))
            return "不公开的记录不能在议题中写文字，已回复"
        if command.name == "办结":
            suggestions.check_close_allowed(ws, record_id)
        change = suggestions.apply(ws, record_id, made)
        problems = ws.check([change])
        if problems:
            raise Refused(f"修改后的记录不能通过校验：{problems_text(problems)}")
    except Refused as err:
        reason = re.split(r"[。；]?当前允许的操作：", str(err))[0]
        issue.create_comment(refusal(comment_id, command.shown, reason, allowed_text(record, submitter), submitter))
        return f"“{command.shown}”被拒绝，已回复"
    message = f"{command.shown}：意见建议 {record_id}（议题 #{issue.number}）\n\n{step_line(comment_id, login, command)}"
    try:
        # Each write names what it replaces: a second run at the same time gets 409 or 422 and starts again.
        if new_branch:
            sha = repo.get_git_ref(f"heads/{base}").object.sha
            repo.create_git_ref(ref=f"refs/heads/{branch}", sha=sha)
        if found is None:
            repo.create_file(path, message, change.new_text, branch=branch)
        else:
            repo.update_file(path, message, change.new_text, found[1], branch=branch)
    except GithubException as err:
        if err.status in (409, 422):
            raise Conflict from None
        raise
    return finish(repo, issue, pull, record, change.new_text, branch, base, command, comment_id, submitter)


def branch_steps(repo: Repository, base: str, branch: str) -> list[str]:
    """The steps on `branch` and not on `base`, oldest first: each commit's message carries its step's line."""
    lines = [line for c in repo.compare(base, branch).commits for line in c.commit.message.split("\n")]
    return [line for line in lines if line.startswith("- <!-- yizheng:command ")]


def on_branch(repo: Repository, base: str, branch: str, comment_id: int) -> bool:
    """Whether a commit on `branch` (and not on `base`) already carries this comment's step."""
    return any(marker(comment_id) in line for line in branch_steps(repo, base, branch))


def finish(
    repo: Repository, issue: Issue, pull: Any, record: Suggestion, text: str, branch: str, base: str,
    command: Command, comment_id: int, submitter: bool,
) -> str:
    """The pull request lists the step and shows the record; the comment's author hears where it went."""
    if pull is not None and repo.get_pull(pull.number).state != "open":
        # Merged or closed while this step was being written. If the base branch has the record as
        # this run wrote it, the merge took the step along; otherwise it goes into a new pull request.
        merged = file_text(repo, f"content/{SUGGESTION.relpath(record.id)}", base)
        if merged is None or merged[0] != text:
            raise Conflict
    body = pull_body(record, issue.number, text, branch_steps(repo, base, branch))
    try:
        if pull is None:
            pull = repo.create_pull(title=pull_title(record), body=body, head=branch, base=base)
            created = True
        else:
            pull.edit(body=body)
            created = False
    except GithubException as err:
        if err.status in (409, 422):
            raise Conflict from None
        raise
    issue.create_comment(confirmation(comment_id, command.shown, pull.number, created, submitter))
    return f"“{command.shown}”已写入合并请求 #{pull.number}"


def branch_name(repo: Repository, record: Suggestion) -> str:
    """The branch for the next pull request: named after the record's history length on the base branch,
    with a number added when a closed pull request already used the name."""
    name, extra = BRANCH.format(record.id, len(record.history)), 1
    while repo.get_pulls(state="closed", head=f"{repo.owner.login}:{name}").totalCount:
        extra += 1
        name = BRANCH.format(record.id, f"{len(record.history)}-{extra}")
    return name
