"""Staff commands typed as issue comments (`/交办 …`, `/答复 …`, `/办结`): reading them, and what they mean.

A comment is a command when its first line starts with "/" (or the full-width "／") and a
command's Chinese name; the rest of that line and the lines below are its words and its
text. Each command becomes exactly the `yizheng suggestion …` step the command line builds
(staff/suggestions.py; units through staff/units.py), so there is one implementation of
every step. This module holds no GitHub code: `intake/command.py` runs it on an issue.

| comment | command line |
|---|---|
| `/交办 主办单位 [协办单位…]` (下一行起：交办意见) | `suggestion assign ID --unit 主办 --unit 协办 [--note]` |
| `/办理 进展说明` | `suggestion progress ID --note` |
| `/延期 2027-01-15 原因` | `suggestion progress ID --due 2027-01-15 --note 原因` |
| `/答复 单位` (同一行或下一行起：答复内容) | `suggestion reply ID --unit 单位 --text 内容` |
| `/评价 满意｜基本满意｜不满意 [提出人｜议政代表｜其他] [说明]` | `suggestion evaluate ID --satisfaction … [--by] [--note]` |
| `/办结 [说明]` | `suggestion close ID [--note]` |
| `/不予受理 理由` | `suggestion reject ID --reason 理由` |
| `/合并 编号 [说明]` | `suggestion merge ID --into 编号 [--note]` |
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from ..models.lifecycle import Rater, Satisfaction, Status
from ..models.suggestion import Suggestion
from ..staff import suggestions
from ..staff.edit import Refused, Workspace
from ..staff.units import resolve_unit, resolve_units
from .redact import redact

NAMES = ("交办", "办理", "延期", "答复", "评价", "办结", "不予受理", "合并")

# Which commands each status allows: the lifecycle (models/lifecycle.py NEXT) in the words of
# the issue commands. tests/test_commands_text.py applies every command in every status and checks
# that this table says yes exactly when the step goes through.
_ALLOWED: dict[Status, tuple[str, ...]] = {
    Status.RECEIVED: ("交办", "不予受理", "合并"),
    Status.ASSIGNED: ("办理", "延期", "答复", "合并"),
    Status.IN_PROGRESS: ("办理", "延期", "答复"),
    Status.REPLIED: ("评价", "办结"),
    Status.CLOSED: (),
    Status.REJECTED: (),
    Status.MERGED: (),
}

_SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)
_PUNCTUATION = " \u3000，,。.；;：:、！!"


@dataclass(frozen=True)
class Command:
    name: str  # one of NAMES
    words: tuple[str, ...]  # the words after the name on the first line
    text: str  # everything after the name (first line and the lines below), stripped

    @property
    def shown(self) -> str:
        return f"/{self.name}"


def parse(body: str) -> Command | None:
    """The command a comment gives, or None when the comment is not a command."""
    text = unicodedata.normalize("NFC", body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text or text[0] not in "/／":
        return None
    first, _, below = text[1:].partition("\n")
    # Residents often write no space: "/评价满意，谢谢" is "/评价 满意 谢谢".
    if first.startswith("评价"):
        rest = first[2:].lstrip(_PUNCTUATION)
        glued = next((v for v in ("基本满意", "不满意", "满意") if rest.startswith(v)), None)
        if glued is not None:
            first = f"评价 {glued} {rest[len(glued):].lstrip(_PUNCTUATION)}".rstrip()
    for name in sorted(NAMES, key=len, reverse=True):  # 不予受理 before any shorter name
        if first.startswith(name) and (len(first) == len(name) or first[len(name)].isspace()):
            rest = first[len(name):].strip()
            full = "\n".join(part for part in (rest, below.strip()) if part)
            return Command(name, tuple(rest.split()), full)
    return None


def allowed_now(record: Suggestion, submitter: bool = False) -> list[str]:
    """The commands that can be used on `record` now, as typed ("/交办")."""
    names = list(_ALLOWED[record.status])
    if "办结" in names and record.history[-1].satisfaction not in _SATISFIED:
        names.remove("办结")
    if submitter:
        names = [n for n in names if n == "评价"]
    return [f"/{name}" for name in names]


def allowed_text(record: Suggestion, submitter: bool = False) -> str:
    names = allowed_now(record, submitter)
    if names:
        return "、".join(names)
    ended = {Status.CLOSED: "已办结", Status.REJECTED: "已不予受理", Status.MERGED: f"已并入 {record.merged_into}"}
    if record.status in ended:
        return f"无：这条意见建议{ended[record.status]}，不能再办理"
    return "无：要等承办单位答复后才能评价" if submitter else "无"


def carries_text(command: Command, made: suggestions.Step) -> bool:
    """Whether the step puts words of the comment into the record (a note, a reason, a reply)."""
    note = made.entry.get("note")
    ours = command.name == "合并" and not _after(command.text, 1)  # the default note, "与 … 合并办理"
    return made.reply is not None or (note is not None and not ours)


def _after(text: str, count: int) -> str:
    """`text` without its first `count` words (the rest keeps its line breaks)."""
    rest = text
    for _ in range(count):
        rest = rest.lstrip()
        match = re.match(r"\S+", rest)
        rest = rest[match.end():] if match else ""
    return rest.strip()


def step(ws: Workspace, record: Suggestion, command: Command, date: dt.date, submitter: bool) -> suggestions.Step:
    """The lifecycle step the command asks for; Refused, saying why, when it cannot be made."""
    if f"/{command.name}" not in allowed_now(record, submitter):
        if command.name == "办结" and record.status is Status.REPLIED:
            reason = "还没有满意或基本满意的评价，不能办结（评价为不满意的，要重新办理）"
        else:
            reason = f"意见建议 {record.id} 当前状态为“{record.status.value}”，不能{_WHAT[command.name]}"
        raise Refused(reason)
    return make_step(ws, command, date, submitter)


def make_step(ws: Workspace, command: Command, date: dt.date, submitter: bool) -> suggestions.Step:
    """The step the command's words describe, built by the same functions as the command line's."""
    words, name = command.words, command.name
    if name == "交办":
        if not words:
            raise Refused("请在 /交办 后写承办单位，第一个为主办单位，如：/交办 district-housing")
        first_line = command.text.partition("\n")
        units = resolve_units(ws.registry, first_line[0].split(), "")
        return suggestions.assign(ws, units, None, False, date, first_line[2].strip() or None)
    if name == "办理":
        if not command.text:
            raise Refused("请在 /办理 后写办理进展，如：/办理 承办单位已到现场查看")
        return suggestions.progress(command.text, date, None, [])
    if name == "延期":
        due = _date(words[0] if words else "")
        reason = _after(command.text, 1)
        if not reason:
            raise Refused("请在日期后写延期的原因，如：/延期 2027-01-15 需要协调施工单位")
        return suggestions.progress(reason, date, due, [])
    if name == "答复":
        if not words:
            raise Refused("请在 /答复 后写答复单位，再写答复内容，如：/答复 district-housing 已于本周修复")
        unit = resolve_unit(ws.registry, words[0], "")
        text = _after(command.text, 1)
        if not text:
            raise Refused("请写答复内容：写在单位后面，或者从下一行开始写")
        return suggestions.reply(unit, text, date)
    if name == "评价":
        values = [s.value for s in Satisfaction]
        if not words or words[0] not in values:
            raise Refused(f"请在 /评价 后写 {'、'.join(values)} 之一，如：/评价 满意")
        rated_by, skip = (Rater.SUBMITTER.value if submitter else None), 1
        if len(words) > 1 and words[1] in {r.value for r in Rater}:
            rated_by, skip = (Rater.SUBMITTER.value if submitter else words[1]), 2
        note = _after(command.text, skip) or None
        if submitter and note is not None:
            note = redact(note)[0]  # a resident's words, cleaned like the issue form's (staff's are refused instead)
        return suggestions.evaluate(ws, Satisfaction(words[0]), note, rated_by, None, date)
    if name == "办结":
        return suggestions.close(command.text or None, date)
    if name == "不予受理":
        if not command.text:
            raise Refused("请写不予受理的理由（会公开），如：/不予受理 该事项属于商事纠纷，请通过人民调解解决")
        return suggestions.reject(command.text, date)
    assert name == "合并"
    if not words:
        raise Refused("请写并入的意见建议编号，如：/合并 2026-W0042")
    into = unicodedata.normalize("NFKC", words[0]).upper()
    if into not in ws.registry.suggestions:
        raise Refused(f"找不到意见建议“{words[0]}”；请写并入的那一条的查询编号，如 2026-W0042")
    return suggestions.merge(into, _after(command.text, 1) or None, date)


_WHAT = {
    "交办": "交办", "办理": "记录办理进展", "延期": "延期", "答复": "答复", "评价": "评价",
    "办结": "办结", "不予受理": "不予受理", "合并": "合并办理",
}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(unicodedata.normalize("NFKC", text))
    except ValueError:
        raise Refused("请在 /延期 后写新的期限，格式为 年-月-日，如：/延期 2027-01-15 需要协调施工单位") from None
