"""Offline registration from a phone: the staff's 线下登记 issue form becomes an `X` record.

A suggestion received at a station, by 连心卡 or at a 接访 is registered by a
staff member with the 线下登记 form (forms.offline_form). `yizheng intake` sends
issues with that label here. The issue's author is asked of GitHub for write
access; anyone else's submission is ignored (only personal numbers are taken out
of the public issue, as for any issue), with no reply.

A staff member's submission becomes a record through the same function as
`yizheng suggestion new` (staff.suggestions.new), checked exactly as `yizheng
validate` checks it, on its own branch `offline/<number>` with a pull request
that closes the issue when merged. The number is the next free `X` number of
the year, counting the records on the base branch and the numbers held by other
registrations' branches; creating the branch reserves the number (GitHub
refuses a branch that exists), so two registrations at once never share one.
The bot's comment carries the number, so running again for the same issue
finds its branch and changes nothing, or brings the record up to date while
the pull request is open and nobody has changed it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from github.GithubException import GithubException
from github.Issue import Issue
from github.Repository import Repository

from ..canonical import dump_record
from ..kinds import SUGGESTION
from ..models.suggestion import Suggestion
from ..problems import Problem
from ..registry import Registry
from ..staff import suggestions
from ..staff.edit import Workspace
from .github_api import ActionsEnv, has_write_access
from .inert import inert
from .issue_body import read_offline_form
from .receive import (
    FIELD_LABELS,
    NEEDS_WORK_LABEL,
    OFFLINE_LABEL,
    IntakeFailed,
    Outcome,
    check_against_registry,
    duplicate_lines,
    ensure_file,
    ensure_labels,
    ensure_pull,
    fence,
    intake_pulls,
    is_canonical,
    own_comment,
    plain_title,
    redact_issue,
    removed_markers,
    review_lines,
)
from ..yamlio import parse
from .wording import BEIJING

REGISTERED_LABEL = "已登记"
BRANCH_PREFIX = "offline/"
_MARKER = re.compile(r"<!-- yizheng:offline (\d{4}-X\d{4,6}) -->")
MARKER_TAG = "<!-- yizheng:offline"
NEEDS_WORK_MARKER = "<!-- yizheng:needs-work-offline -->"
ATTEMPTS = 5
"""How many numbers to try when other registrations take them at the same moment."""


def marker(record_id: str) -> str:
    return f"<!-- yizheng:offline {record_id} -->"


def registered(record: Suggestion, pull_number: int | None) -> str:
    pull = f"合并请求 #{pull_number}" if pull_number else "合并请求"
    return "\n".join([
        marker(record.id),
        f"已收到线下登记，编号 **{record.id}**。",
        "",
        f"记录在{pull}里，已通过校验。请核对后合并；合并后登记完成，本页自动关闭，网站上就能查到这个编号。",
        "合并之前还可以编辑本页修改内容，系统会自动更新记录。",
    ]) + "\n"


def needs_work(errors: list[str]) -> str:
    lines = [NEEDS_WORK_MARKER, "线下登记还有几处需要修改，改好后才能登记：", ""]
    lines += [f"- {inert(' '.join(error.split()))}" for error in errors]
    lines += ["", "请编辑本页（正文右上角的“⋯”→“Edit”），改好后保存，系统会自动重新检查。"]
    return "\n".join(lines) + "\n"


def pull_body(record: Suggestion, text: str, issue_number: int, registry: Registry) -> str:
    lines = [
        f"线下登记 {record.id}（{record.channel.value}收到，{record.submitted}），"
        "由工作人员用线下登记表提交；本记录已通过校验（与 `yizheng validate` 相同的检查）。",
        "",
        f"Closes #{issue_number}",
        "",
        "### 记录",
        "",
        fence(text),
        "",
        "### 需要人工核对的住址或姓名",
        "",
        *review_lines(record),
        "",
        "### 可能重复的意见建议",
        "",
        *duplicate_lines(record, registry),
    ]
    return "\n".join(lines) + "\n"


def held_numbers(repo: Repository) -> list[str]:
    """Numbers held by registration branches (open, or merged and not yet deleted)."""
    return [ref.ref.removeprefix(f"refs/heads/{BRANCH_PREFIX}") for ref in repo.get_git_matching_refs(f"heads/{BRANCH_PREFIX}")]


def draft(ws: Workspace, issue: Issue) -> tuple[dict[str, Any], list[str]]:
    """The record's values from the issue, or what to fix."""
    form = read_offline_form(issue.body or "", ws.registry, title=issue.title or "")
    if form.errors:
        return {}, form.errors
    created = issue.created_at.astimezone(BEIJING).date()
    values = {**form.values}
    values.setdefault("submitted", created)
    if values["submitted"] > created:
        return {}, ["“收到的日期”：不能晚于提交本表的日期"]
    values.setdefault("representatives", [])
    values["public"] = True
    redactions = removed_markers(values)  # as intake records them: kinds and counts, never the values
    if redactions:
        values["redactions"] = [{"kind": kind, "count": count} for kind, count in redactions.items()]
    return values, []


class Refused(Exception):
    """The answers pass the form but not the record's rules: what to fix, by field (never the value)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = list(dict.fromkeys(errors))


def make_record(
    ws: Workspace, values: dict[str, Any], date: dt.date, taken: list[str], record_id: str | None
) -> tuple[Suggestion, str]:
    """The record `yizheng suggestion new` would write, checked as validate checks it.

    Refused (what to fix) when the answers break the record's rules; IntakeFailed when the
    written text would not be canonical (a fault of the program, for the log)."""
    change = suggestions.new(ws, {**values}, None, date, taken, record_id)
    data = parse(change.new_text).data
    problems = check_against_registry(data, change.relpath, ws.registry, ws.content)
    if problems:
        raise Refused([f"“{FIELD_LABELS.get(p.field.split('.')[0], '记录')}”：不符合记录的要求，请修改后保存" for p in problems])
    record = Suggestion.model_validate(data)
    text = dump_record(record, change.relpath, "suggestion")
    if not is_canonical(text, change.relpath, ws.content):
        raise IntakeFailed([Problem(change.relpath, 1, "", "线下登记生成的记录不是统一格式（yizheng fmt --check 会报错），未写入")])
    return record, text


def register(env: ActionsEnv, repo: Repository, issue: Issue, content: Path, base: str) -> Outcome:
    outcome = Outcome()
    author = issue.user.login if issue.user else ""
    done = redact_issue(issue)  # whoever wrote it: no number stays public
    if done:
        outcome.done.append(done)
    if not has_write_access(repo, author):
        outcome.done.append("线下登记表由没有写权限的账号提交，不登记，不回复")
        return outcome
    mine = own_comment(issue, MARKER_TAG, env.bot_login)
    record_id = m[1] if mine is not None and (m := _MARKER.search(mine.body or "")) else None
    if record_id and (content / SUGGESTION.relpath(record_id)).is_file():
        outcome.record_id = record_id
        outcome.done.append("已登记并合并，本页的修改不再改动记录")
        return outcome
    ws = Workspace(content)
    values, errors = draft(ws, issue)
    date = issue.created_at.astimezone(BEIJING).date()
    record = text = None
    if not errors:
        try:
            if record_id is None:  # before any branch is made: a refusal holds no number
                record, text = make_record(ws, values, date, held_numbers(repo), None)
            else:
                record, text = make_record(ws, values, date, [], record_id)
        except Refused as err:
            errors = err.errors
    if errors:
        what_to_fix = needs_work(errors)
        comment = own_comment(issue, NEEDS_WORK_MARKER, env.bot_login)
        if comment is None:
            issue.create_comment(what_to_fix)
            outcome.done.append("说明")
        elif comment.body != what_to_fix:
            comment.edit(what_to_fix)
            outcome.done.append("更新说明")
        outcome.done += ensure_labels(issue, add=NEEDS_WORK_LABEL, remove=())
        return outcome
    assert record is not None and text is not None
    if record_id is None:
        record_id, record, text = reserve(ws, repo, values, date, base)
        outcome.done.append(f"分支 {BRANCH_PREFIX}{record_id}")
        # At once: the comment is what finds this number again if the run stops here.
        mine = issue.create_comment(registered(record, None))
        outcome.done.append("回复编号")
    outcome.record_id = record_id
    branch = BRANCH_PREFIX + record_id
    pulls = intake_pulls(repo, branch)
    if any(pull.merged for pull in pulls) or (pulls and not any(pull.state == "open" for pull in pulls)):
        outcome.done.append("合并请求已合并或已关闭，本页的修改不再改动记录")
        return outcome
    for step in (
        ensure_file(repo, branch, f"content/{SUGGESTION.relpath(record_id)}", text, f"线下登记 {record_id}（#{issue.number}）"),
        ensure_pull(repo, branch, base, plain_title(f"线下登记 {record_id}：{record.title}"),
                    pull_body(record, text, issue.number, ws.registry), pulls),
    ):
        if step:
            outcome.done.append(step)
    open_pull = next((p.number for p in intake_pulls(repo, branch) if p.state == "open"), None)
    reply = registered(record, open_pull)
    assert mine is not None  # made above, or the one that gave the number
    if mine.body != reply:
        mine.edit(reply)
        outcome.done.append("更新回复")
    outcome.done += ensure_labels(issue, add=REGISTERED_LABEL, remove=(NEEDS_WORK_LABEL,))
    return outcome


def reserve(ws: Workspace, repo: Repository, values: dict[str, Any], date: dt.date, base: str) -> tuple[str, Suggestion, str]:
    """The next free number, held by creating its branch (GitHub refuses a branch that exists)."""
    taken = held_numbers(repo)
    sha = repo.get_git_ref(f"heads/{base}").object.sha
    for _ in range(ATTEMPTS):
        record, text = make_record(ws, values, date, taken, None)
        try:
            repo.create_git_ref(ref=f"refs/heads/{BRANCH_PREFIX}{record.id}", sha=sha)
        except GithubException as err:
            if err.status != 422:  # 422: the branch exists, someone else holds the number
                raise
            taken.append(record.id)
            continue
        return record.id, record, text
    raise GithubException(409, {"message": "no free offline number after several attempts"}, None)
