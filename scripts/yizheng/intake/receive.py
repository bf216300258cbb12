"""`yizheng intake`: a suggestion issue becomes a record on a branch, a pull request and a receipt.

Run by .github/workflows/intake.yml on `issues: opened, edited`. Only the issue
number is taken from the event file; everything else is read again from the
API, so a retried or late run sees the issue as it is now. Every write is
preceded by a read of what already exists (branch, file, pull request, the
receipt comment, labels), so running again for the same issue converges on
exactly one branch, one record, one pull request and one receipt; a write
that fails is never repeated blindly — the run fails and the next run reads
again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from github.GithubException import GithubException, UnknownObjectException
from github.Issue import Issue
from github.Repository import Repository

from .. import crosscheck
from ..canonical import dump_record
from ..loader import RecordFile, load, read_record
from ..models import KIND_BY_NAME
from ..models.suggestion import Suggestion
from ..problems import Problem
from ..registry import Registry, Source
from ..staff.edit import dump
from .github_api import ActionsEnv, MissingEnvironment
from .issue_body import read_suggestion_form
from .redact import marker, redact
from ..personal_data import Kind

MARKER = "<!-- yizheng:intake -->"
SUGGESTION_LABEL = "意见建议"
RECEIVED_LABEL = "已受理"
NEEDS_WORK_LABEL = "需补充"
WAITING_LABEL = "待受理"  # put on by the form; replaced by 已受理 or 需补充
BEIJING = dt.timezone(dt.timedelta(hours=8))


@dataclass
class Outcome:
    """What one run did, in words, for the log."""

    record_id: str | None = None
    done: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        subject = f"意见建议 {self.record_id}" if self.record_id else "议题"
        return f"{subject}：{'、'.join(self.done) if self.done else '已是最新，未做任何修改'}"


def tracking_number(issue_number: int, created_at: dt.datetime) -> str:
    """Deterministic for the issue, unique across issues, short enough to read out: 2026-W0042."""
    return f"{created_at.astimezone(BEIJING).year}-W{issue_number:04d}"


def record_relpath(record_id: str) -> str:
    return f"suggestions/{record_id[:4]}/{record_id}.yml"


# --- reading the issue into a record ------------------------------------------------------


@dataclass
class Draft:
    """The record made from an issue, or the reasons it could not be made."""

    record: Suggestion | None
    text: str | None
    errors: list[str]
    redactions: dict[str, int]


def draft_record(
    issue_number: int, created_at: dt.datetime, title: str, body: str, registry: Registry, content: Path
) -> Draft:
    form = read_suggestion_form(body, registry, title=title)
    if form.errors:
        return Draft(None, None, form.errors, {})
    record_id = tracking_number(issue_number, created_at)
    submitted = created_at.astimezone(BEIJING).date()
    data: dict[str, Any] = {
        "id": record_id,
        **form.values,
        "channel": form.values.get("channel", "网上表单"),
        "submitted": submitted,
        "issue": issue_number,
        "status": "已受理",
        "history": [{"date": submitted, "status": "已受理", "note": "由网上表单提交，系统自动受理"}],
    }
    # Counted from the markers in the text, not from this run's findings: once the issue
    # itself has been cleaned, a rerun finds nothing new but the record must stay the same.
    redactions = removed_markers(form.values)
    if redactions:
        data["redactions"] = [{"kind": kind, "count": count} for kind, count in redactions.items()]
    relpath = record_relpath(record_id)
    problems = check_against_registry(data, relpath, registry, content)
    if problems:
        return Draft(None, None, [f"{p.field}：{p.message}" for p in problems], redactions)
    record = Suggestion.model_validate(data)
    return Draft(record, dump_record(record, relpath, "suggestion"), [], redactions)


def removed_markers(values: dict[str, Any]) -> dict[str, int]:
    """How many pieces of personal data of each kind were replaced by markers in the text fields."""
    counts = {}
    for kind in Kind:
        count = sum(value.count(marker(kind)) for value in values.values() if isinstance(value, str))
        if count:
            counts[kind.value] = count
    return counts


def check_against_registry(data: dict[str, Any], relpath: str, registry: Registry, content: Path) -> list[Problem]:
    """The record checked exactly as `yizheng validate` would check it on main."""
    problems: list[Problem] = []
    item = RecordFile(content / relpath, relpath, KIND_BY_NAME["suggestion"])
    loaded = read_record(item, problems, text=dump(data))
    if loaded is None:
        return problems
    checked, doc = loaded
    key = ("suggestion", checked.id)
    previous = registry.suggestions.get(checked.id), registry.sources.get(key)
    registry.suggestions[checked.id] = checked
    registry.sources[key] = Source(item.path, relpath, doc)
    try:
        return [p for p in crosscheck.check(registry) if p.path.endswith(relpath)]
    finally:
        if previous[0] is None:
            del registry.suggestions[checked.id]
            del registry.sources[key]
        else:
            registry.suggestions[checked.id], registry.sources[key] = previous  # type: ignore[assignment]


def similar(record: Suggestion, registry: Registry, limit: int = 3) -> list[tuple[float, Suggestion]]:
    """Suggestions that look like duplicates: shared character pairs of title and problem."""

    def pairs(s: Suggestion) -> set[str]:
        text = re.sub(r"\s+", "", s.title + s.problem)
        return {text[i : i + 2] for i in range(len(text) - 1)}

    mine = pairs(record)
    scored = []
    for other in registry.suggestions.values():
        if other.id == record.id or other.street != record.street:
            continue
        theirs = pairs(other)
        score = len(mine & theirs) / max(1, len(mine | theirs))
        if score >= 0.2:
            scored.append((score, other))
    return sorted(scored, key=lambda item: (-item[0], item[1].id))[:limit]


# --- texts ------------------------------------------------------------------------------------


def receipt(record: Suggestion, redactions: dict[str, int], base_url: str) -> str:
    lines = [
        MARKER,
        "您好！您的意见建议已受理。",
        "",
        f"**查询编号：{record.id}**",
        "",
        "请记下这个编号。到联络站或打电话询问时，报这个编号即可。",
        f"查询办理进度：{base_url}track/",
        "",
        "工作人员核对后会交办给承办单位办理，每一步进展都会在这里通知您。",
    ]
    if redactions:
        removed = "、".join(f"{kind} {count} 处" for kind, count in redactions.items())
        lines += ["", f"为保护您的隐私，已从记录和本议题中删除：{removed}。"]
    lines += ["", "请不要在议题中填写电话号码、身份证号、家庭住址等个人信息：议题的全部内容都是公开的。"]
    return "\n".join(lines) + "\n"


def needs_work(errors: Iterable[str]) -> str:
    lines = [MARKER, "您好！您提交的意见建议还缺少一些内容，暂时无法受理：", ""]
    lines += [f"- {error}" for error in errors]
    lines += [
        "",
        "请点击议题正文右上角的“⋯”，选择“Edit”（编辑），按上面的提示修改后保存，系统会自动重新检查。",
        "也可以到附近的议政代表联络站当面反映。",
    ]
    return "\n".join(lines) + "\n"


def fence(text: str) -> str:
    """A code fence longer than any run of backticks in text, so text cannot close it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marks = "`" * max(3, longest + 1)
    return f"{marks}yaml\n{text}{marks}"


def pull_body(record: Suggestion, text: str, issue_number: int, redactions: dict[str, int], registry: Registry) -> str:
    lines = [
        f"来自议题 #{issue_number} 的意见建议，查询编号 **{record.id}**。本记录已通过校验（与 `yizheng validate` 相同的检查）。",
        "",
        "合并后记录进入主分支；随后请用 `yizheng suggestion assign` 等命令办理，每一步都会通知提出人。",
        "",
        "### 记录",
        "",
        fence(text),
        "",
        "### 已删除的个人信息",
        "",
    ]
    if redactions:
        lines += [f"- {kind}：{count} 处" for kind, count in redactions.items()]
    else:
        lines.append("无。")
    lines += ["", "### 可能重复的意见建议", ""]
    candidates = similar(record, registry)
    if not candidates:
        lines.append("未发现。")
    for score, other in candidates:
        # Titles of suggestions that are not public yet stay out of this public page.
        shown = other.title if (other.published or other.issue is not None) else "（尚未公开）"
        lines.append(f"- {other.id}（{other.status.value}，相似度 {score:.0%}）：{shown}")
    return "\n".join(lines) + "\n"


# --- talking to GitHub: read first, then write only what is missing ---------------------


def ensure_comment(issue: Issue, text: str) -> str | None:
    for comment in issue.get_comments():
        if MARKER in (comment.body or ""):
            if comment.body == text:
                return None
            comment.edit(text)
            return "更新回执"
    issue.create_comment(text)
    return "回执"


def redact_issue(issue: Issue) -> str | None:
    """Take personal data out of the public issue itself, not only out of the record."""
    title, in_title = redact(issue.title or "")
    body, in_body = redact(issue.body or "")
    if not in_title and not in_body:
        return None
    issue.edit(title=title, body=body)
    return "删除议题中的个人信息"


def ensure_labels(issue: Issue, add: str, remove: tuple[str, ...]) -> list[str]:
    names = [label.name for label in issue.labels]
    done = []
    for name in remove:
        if name in names:
            issue.remove_from_labels(name)
            done.append(f"移除标签 {name}")
    if add not in names:
        issue.add_to_labels(add)
        done.append(f"标签 {add}")
    return done


def ensure_branch(repo: Repository, branch: str, base: str) -> str | None:
    try:
        repo.get_git_ref(f"heads/{branch}").object  # noqa: B018 - the lazy ref is fetched here
        return None
    except UnknownObjectException:
        pass
    sha = repo.get_git_ref(f"heads/{base}").object.sha
    repo.create_git_ref(ref=f"refs/heads/{branch}", sha=sha)
    return f"分支 {branch}"


def ensure_file(repo: Repository, branch: str, path: str, text: str, message: str) -> str | None:
    try:
        existing = repo.get_contents(path, ref=branch)
    except UnknownObjectException:
        repo.create_file(path, message, text, branch=branch)
        return "记录"
    assert not isinstance(existing, list)
    current = existing.decoded_content.decode("utf-8")
    if current == text:
        return None
    if not _still_as_received(current):
        return None  # staff have started handling it on the branch: an issue edit must not overwrite that
    repo.update_file(path, message, text, existing.sha, branch=branch)
    return "更新记录"


def _still_as_received(text: str) -> bool:
    return "\nstatus: 已受理\n" in text and text.count("\n  - date:") == 1


def ensure_pull(repo: Repository, branch: str, base: str, title: str, body: str) -> str | None:
    owner = repo.owner.login
    for pull in repo.get_pulls(state="open", head=f"{owner}:{branch}"):
        if pull.body == body and pull.title == title:
            return None
        pull.edit(title=title, body=body)
        return "更新合并请求"
    repo.create_pull(title=title, body=body, head=branch, base=base)
    return "合并请求"


def run(content: Path, base: str = "main") -> int:
    try:
        env = ActionsEnv.from_environ()
    except MissingEnvironment as err:
        print(err, file=sys.stderr)
        return 2
    event = json.loads(Path(env.event_path or "").read_text(encoding="utf-8"))
    number = int(event["issue"]["number"])
    try:
        outcome = receive(env, number, content, base)
    except GithubException as err:
        print(f"议题 #{number}：GitHub 返回 {err.status}，本次未完成；重新运行即可（已完成的部分不会重复）", file=sys.stderr)
        return 1
    print(outcome)
    return 0


def receive(env: ActionsEnv, number: int, content: Path, base: str) -> Outcome:
    repo = env.client().get_repo(env.repository)
    issue = repo.get_issue(number)
    outcome = Outcome()
    if issue.pull_request is not None or SUGGESTION_LABEL not in [label.name for label in issue.labels]:
        outcome.done.append("不是意见建议表单提交的议题，跳过")
        return outcome
    registry = load(content)
    base_url = registry.site.address
    draft = draft_record(number, issue.created_at, issue.title or "", issue.body or "", registry, content)
    done = redact_issue(issue)
    if done:
        outcome.done.append(done)
    if draft.record is None:
        done = ensure_comment(issue, needs_work(draft.errors))
        outcome.done += [d for d in [done] if d] + ensure_labels(issue, add=NEEDS_WORK_LABEL, remove=(RECEIVED_LABEL,))
        return outcome
    record, text = draft.record, draft.text
    assert text is not None
    outcome.record_id = record.id
    if record.id not in registry.suggestions:  # once merged, the record on main belongs to the staff
        branch = f"intake/{record.id}"
        path = f"content/{record_relpath(record.id)}"
        for done in (
            ensure_branch(repo, branch, base),
            ensure_file(repo, branch, path, text, f"受理意见建议 {record.id}（议题 #{number}）"),
            ensure_pull(repo, branch, base, f"受理意见建议 {record.id}：{record.title}", pull_body(record, text, number, draft.redactions, registry)),
        ):
            if done:
                outcome.done.append(done)
    done = ensure_comment(issue, receipt(record, draft.redactions, base_url))
    if done:
        outcome.done.append(done)
    outcome.done += ensure_labels(issue, add=RECEIVED_LABEL, remove=(NEEDS_WORK_LABEL, WAITING_LABEL))
    return outcome
