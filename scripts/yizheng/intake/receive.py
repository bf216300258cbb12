"""`yizheng intake`: a suggestion issue becomes a record on a branch, a pull request and a receipt.

Run by .github/workflows/intake.yml on `issues: opened, edited`. Only the issue
number is taken from the event file; everything else is read again from the
API, so a retried or late run sees the issue as it is now. Every write is
preceded by a read of what already exists (branch, file, pull request, the
receipt comment, labels), so running again for the same issue converges on
exactly one branch, one record, one pull request and one receipt; a write
that fails is never repeated blindly — the run fails and the next run reads
again.

Trust. The issue is cleaned of personal data first, before anything that can
fail (loading content/, building the forms). Nothing the bot writes repeats
what a resident typed: a comment names the field and what is allowed, never
the value, and the only resident text that reaches the pull request is the
redacted record inside a code fence. Markers count only in comments written
by the bot's own login (`ActionsEnv.bot_login`), so a stranger's comment that
copies a marker changes nothing. Once the record is on the base branch the
suggestion belongs to the staff: editing the issue changes nothing more. An
intake pull request closed by staff stays closed; the issue is told once.
When content/ itself is broken, the issue is told (without details) and the
run fails with the problems in the log.
"""

from __future__ import annotations

import datetime as dt
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
from ..canonical import canonical_text, dump_record
from ..loader import SITE_FILE, InvalidContent, RecordFile, load, read_record
from ..kinds import SUGGESTION
from ..messages import field_path
from ..models.suggestion import Suggestion
from ..personal_data import Kind
from ..privacy import flagged_texts, record_digest
from ..problems import Problem, display_path
from ..registry import Registry, Source
from ..staff.edit import dump
from .forms import FormsError
from .github_api import DEFAULT_BOT_LOGIN, ActionsEnv, start_run, written_by
from .inert import inert
from .issue_body import read_suggestion_form
from .redact import marker, redact
from .wording import REGISTER_WORKING_DAYS

MARKER = "<!-- yizheng:intake -->"
FAILED_MARKER = "<!-- yizheng:intake-failed -->"
CLOSED_MARKER = "<!-- yizheng:intake-closed -->"
SUGGESTION_LABEL = "意见建议"
RECEIVED_LABEL = "已收到"  # staff have not checked it yet: 已受理 is the record's status once merged
NEEDS_WORK_LABEL = "需补充"
WAITING_LABEL = "待受理"  # put on by the form; replaced by 已收到 or 需补充
OFFLINE_LABEL = "线下登记"  # the staff's form: intake/offline.py
FIELD_LABELS = {"title": "标题", "location": "具体位置", "problem": "反映的问题", "proposal": "您的建议"}
"""Record fields a resident fills in, by the names the form gives them."""
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
    return SUGGESTION.relpath(record_id)


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
        # The checks' messages may quote the value: the resident hears only which field.
        fields = dict.fromkeys(FIELD_LABELS.get(p.field.split(".")[0], "记录") for p in problems)
        return Draft(None, None, [f"“{name}”：不符合记录的要求，请修改后保存" for name in fields], redactions)
    record = Suggestion.model_validate(data)
    text = dump_record(record, relpath, "suggestion")
    if not is_canonical(text, relpath, content):
        raise IntakeFailed([Problem(relpath, 1, "", "受理生成的记录不是统一格式（yizheng fmt --check 会报错），未写入")])
    return Draft(record, text, [], redactions)


def is_canonical(text: str, relpath: str, content: Path) -> bool:
    """Whether `yizheng fmt --check` would accept `text` as the file at `relpath`."""
    problems: list[Problem] = []
    loaded = read_record(RecordFile(content / relpath, relpath, SUGGESTION), problems, text=text)
    if loaded is None:
        return False
    try:
        return canonical_text(text, loaded[0], relpath, "suggestion") == text
    except Exception:  # noqa: BLE001 - ruamel refusing the text means it is not canonical
        return False


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
    item = RecordFile(content / relpath, relpath, SUGGESTION)
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
        "您好！我们已收到您的意见建议。",
        "",
        f"**查询编号：{record.id}**",
        "",
        "请记下这个编号。到联络站点或打电话询问时，报这个编号即可。",
        "",
        f"工作人员会先核对内容，核对无误、登记以后（一般在 {REGISTER_WORKING_DAYS} 个工作日内），"
        f"就可以用这个编号在网站上查询办理进度：{base_url}track/",
        "登记以后会交办给承办单位办理，每一步进展都会在本页通知您。",
    ]
    if redactions:
        removed = "、".join(f"{kind} {count} 处" for kind, count in redactions.items())
        lines += ["", f"为保护您的隐私，已从记录和本页中删除：{removed}。"]
    lines += ["", "请不要在本页填写电话号码、身份证号、家庭住址等个人信息：本页的全部内容都是公开的。"]
    return "\n".join(lines) + "\n"


def needs_work(errors: Iterable[str]) -> str:
    """What to fix. The errors name fields and what is allowed (never a value); made inert all the same."""
    lines = [MARKER, "您好！您提交的意见建议还有几处需要修改，改好后我们才能登记：", ""]
    lines += [f"- {inert(' '.join(error.split()))}" for error in errors]
    lines += [
        "",
        "请点击本页正文右上角的“⋯”，选择“Edit”（编辑），按上面的提示修改后保存，系统会自动重新检查。",
        "也可以到就近的联络站点当面反映。",
    ]
    return "\n".join(lines) + "\n"


def failed_notice() -> str:
    return "\n".join([
        FAILED_MARKER,
        "您好！系统暂时无法处理您的意见建议。这不是您填写的问题，您不用重新提交，也不用修改。",
        "",
        "这个问题已经记录下来，工作人员修好后会重新处理，并在本页回复查询编号。",
        "也可以到就近的联络站点当面反映。",
    ]) + "\n"


def recovered_notice() -> str:
    return FAILED_MARKER + "\n此前系统暂时无法处理，现已恢复正常，您的意见建议已重新处理，请看本页中的回复。\n"


def closed_notice() -> str:
    return "\n".join([
        CLOSED_MARKER,
        "您好！工作人员决定不登记本页的意见建议；您再修改本页的内容，系统也不会重新处理。",
        "",
        "如有疑问，请到就近的联络站点咨询，或者重新提交一条意见建议。",
    ]) + "\n"


def fence(text: str) -> str:
    """A code fence longer than any run of backticks in text, so text cannot close it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marks = "`" * max(3, longest + 1)
    return f"{marks}yaml\n{text}{marks}"


def pull_body(record: Suggestion, text: str, issue_number: int, redactions: dict[str, int], registry: Registry) -> str:
    lines = [
        f"来自议题 #{issue_number} 的意见建议，查询编号 **{record.id}**。本记录已通过校验（与 `yizheng validate` 相同的检查）。",
        "",
        "合并后记录进入主分支；随后在议题中用 `/交办` 等指令（或命令行 `yizheng suggestion assign` 等）办理，每一步都会通知提出人。",
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
    lines += ["", "### 需要人工核对的住址或姓名", ""]
    lines += review_lines(record)
    lines += ["", "### 可能重复的意见建议", "", *duplicate_lines(record, registry)]
    return "\n".join(lines) + "\n"


def duplicate_lines(record: Suggestion, registry: Registry) -> list[str]:
    """The suggestions most like this one, for the pull request that staff review (a public page)."""
    candidates = similar(record, registry)
    if not candidates:
        return ["未发现。"]
    # Titles of suggestions that are not public yet stay out of this public page.
    return [
        f"- {other.id}（{other.status.value}，相似度 {score:.0%}）："
        + (inert(other.title) if (other.published or other.issue is not None) else "（尚未公开）")
        for score, other in candidates
    ]


def review_lines(record: Suggestion) -> list[str]:
    """What may be a home address or a personal name in the record, for staff to decide before merging.

    Numbers are removed automatically; addresses and names are not, because "3号楼" or "王阿姨"
    can be a public place or a well-known helper. The stretches quoted here are already in the
    record above (redacted), made inert like everything else the bot repeats.
    """
    flagged = flagged_texts(record)
    if not flagged:
        return ["未发现。"]
    lines = [
        f"- `{field_path(loc)}`：“{inert(text[flag.start : flag.end])}”可能是{flag.kind.value}"
        for loc, text, flags in flagged
        for flag in flags
    ]
    lines += [
        "",
        "合并前请核对：不宜公开的，在本分支上改写或删去；确认可以公开的，在记录末尾加一行 "
        f"`privacy_checked: {record_digest(record)}`（这样校验就不再提醒）。",
    ]
    return lines


# --- talking to GitHub: read first, then write only what is missing ---------------------


def own_comment(issue: Issue, tag: str, bot_login: str) -> Any:
    """The bot's own first comment carrying `tag`; anyone else's comment never counts."""
    for comment in issue.get_comments():
        if tag in (comment.body or "") and written_by(comment, bot_login):
            return comment
    return None


def ensure_comment(issue: Issue, text: str, bot_login: str = DEFAULT_BOT_LOGIN) -> str | None:
    """The receipt (or what to fix): the bot's one intake comment, created or brought up to date."""
    comment = own_comment(issue, MARKER, bot_login)
    if comment is not None:
        if comment.body == text:
            return None
        comment.edit(text)
        return "更新回执"
    issue.create_comment(text)
    return "回执"


def ensure_notice(issue: Issue, tag: str, text: str, bot_login: str, create: bool = True) -> str | None:
    """A notice the bot posts at most once (`tag` finds it), or edits into `text` when `create` is false."""
    comment = own_comment(issue, tag, bot_login)
    if comment is None:
        if not create:
            return None
        issue.create_comment(text)
        return "说明"
    if create or comment.body == text:
        return None
    comment.edit(text)
    return "更新说明"


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


def intake_pulls(repo: Repository, branch: str) -> list[Any]:
    """Every pull request from the intake branch, open or closed."""
    return list(repo.get_pulls(state="all", head=f"{repo.owner.login}:{branch}"))


def ensure_pull(repo: Repository, branch: str, base: str, title: str, body: str, pulls: list[Any] | None = None) -> str | None:
    """The branch's open pull request, brought up to date, or a new one. Callers make sure none was closed."""
    found = intake_pulls(repo, branch) if pulls is None else pulls
    for pull in found:
        if pull.state != "open":
            continue
        if pull.body == body and pull.title == title:
            return None
        pull.edit(title=title, body=body)
        return "更新合并请求"
    repo.create_pull(title=title, body=body, head=branch, base=base)
    return "合并请求"


def plain_title(text: str) -> str:
    """A title for a pull request: GitHub shows titles without Markdown, but still links mentions and #refs."""
    return text.replace("@", "＠").replace("#", "＃")


class IntakeFailed(Exception):
    """content/ (or what intake made of it) cannot be used: the problems are for staff, in the log."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def run(content: Path, base: str = "main", bot_login: str | None = None) -> int:
    started = start_run(bot_login)
    if started is None:
        return 2
    env, event = started
    number = int(event["issue"]["number"])
    try:
        outcome = receive(env, number, content, base)
    except GithubException as err:
        print(f"议题 #{number}：GitHub 返回 {err.status}，本次未完成；重新运行即可（已完成的部分不会重复）", file=sys.stderr)
        return 1
    except IntakeFailed as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(
            f"议题 #{number}：记录目录有错误，无法受理（已在议题下说明系统故障）；改正上面的错误后重新运行本工作流",
            file=sys.stderr,
        )
        return 1
    print(outcome)
    return 0


def site_problem(content: Path, err: FormsError) -> Problem:
    """A forms error as a problem for staff, on the line of site.yml that repeats the name."""
    path = content / SITE_FILE
    line = 1
    if err.name:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        named = [n for n, text in enumerate(lines, 1) if text.strip().removeprefix("- ") == f"name: {err.name}"]
        line = max(named or [n for n, text in enumerate(lines, 1) if err.name in text] or [1])
    return Problem(display_path(path), line, "", str(err))


def receive(env: ActionsEnv, number: int, content: Path, base: str) -> Outcome:
    repo = env.client().get_repo(env.repository)
    issue = repo.get_issue(number)
    outcome = Outcome()
    labels = [label.name for label in issue.labels]
    if issue.pull_request is None and OFFLINE_LABEL in labels and SUGGESTION_LABEL not in labels:
        from .offline import register  # the staff's 线下登记 form

        try:
            return register(env, repo, issue, content, base)
        except InvalidContent as err:
            raise IntakeFailed([p for p in err.problems if p.is_error]) from None
    if issue.pull_request is not None or SUGGESTION_LABEL not in labels:
        outcome.done.append("不是意见建议表单提交的议题，跳过")
        return outcome
    done = redact_issue(issue)  # first: nothing below may leave a number public
    if done:
        outcome.done.append(done)
    record_id = tracking_number(number, issue.created_at)
    if (content / record_relpath(record_id)).is_file():
        outcome.record_id = record_id
        # Merged: the record belongs to the staff. An edit of the issue changes nothing more.
        outcome.done.append("记录已在主分支上，由工作人员办理，议题的修改不再改动记录、回执和标签")
        return outcome
    branch = f"intake/{record_id}"
    pulls = intake_pulls(repo, branch)
    if any(pull.merged for pull in pulls):
        outcome.record_id = record_id
        outcome.done.append("受理合并请求已合并，议题的修改不再改动记录、回执和标签")
        return outcome
    if pulls and not any(pull.state == "open" for pull in pulls):
        outcome.record_id = record_id
        done = ensure_notice(issue, CLOSED_MARKER, closed_notice(), env.bot_login)
        outcome.done += [d for d in [done] if d] + ["受理合并请求已被工作人员关闭，不再重新受理"]
        return outcome
    try:
        registry = load(content)
        draft = draft_record(number, issue.created_at, issue.title or "", issue.body or "", registry, content)
    except (InvalidContent, FormsError, IntakeFailed) as err:
        if isinstance(err, InvalidContent):
            problems = [p for p in err.problems if p.is_error]
        elif isinstance(err, FormsError):
            problems = [site_problem(content, err)]
        else:
            problems = err.problems
        ensure_notice(issue, FAILED_MARKER, failed_notice(), env.bot_login)
        raise IntakeFailed(problems) from None
    if draft.record is None:
        done = ensure_comment(issue, needs_work(draft.errors), env.bot_login)
        outcome.done += [d for d in [done] if d] + ensure_labels(issue, add=NEEDS_WORK_LABEL, remove=(RECEIVED_LABEL,))
        return outcome
    record, text = draft.record, draft.text
    assert text is not None
    outcome.record_id = record.id
    if record.id not in registry.suggestions:  # once merged, the record on main belongs to the staff
        path = f"content/{record_relpath(record.id)}"
        for done in (
            ensure_branch(repo, branch, base),
            ensure_file(repo, branch, path, text, f"受理意见建议 {record.id}（议题 #{number}）"),
            ensure_pull(
                repo, branch, base, plain_title(f"受理意见建议 {record.id}：{record.title}"),
                pull_body(record, text, number, draft.redactions, registry), pulls,
            ),
        ):
            if done:
                outcome.done.append(done)
    done = ensure_comment(issue, receipt(record, draft.redactions, base_url=registry.site.address), env.bot_login)
    if done:
        outcome.done.append(done)
    done = ensure_notice(issue, FAILED_MARKER, recovered_notice(), env.bot_login, create=False)
    if done:
        outcome.done.append(done)
    outcome.done += ensure_labels(issue, add=RECEIVED_LABEL, remove=(NEEDS_WORK_LABEL, WAITING_LABEL))
    return outcome
