"""Each step of handling a suggestion (全闭环) as one command that cannot produce an invalid record."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from ..kinds import SUGGESTION
from ..models.lifecycle import NEXT, Satisfaction, Status
from ..models.suggestion import Suggestion
from .edit import Change, Refused, Workspace, append_item, dump, set_field
from .workdays import Deadline, add_working_days

# The command that leads to each status, from a given status.
_COMMAND_FOR = {
    Status.ASSIGNED: "assign（交办）",
    Status.REJECTED: "reject（不予受理）",
    Status.MERGED: "merge（合并办理）",
    Status.CLOSED: "close（办结）",
}


def allowed_commands(record: Suggestion) -> str:
    """The commands allowed for `record` now, in words, for refusals."""
    status = record.status
    evaluated = record.history[-1].satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)
    names: list[str] = []
    for after in NEXT[status]:
        if after is Status.CLOSED and not evaluated:
            continue
        if after is Status.IN_PROGRESS:
            names.append("evaluate --satisfaction 不满意（重新办理）" if status is Status.REPLIED else "progress（记录办理进展）")
        elif after is Status.REPLIED:
            names.append("evaluate（满意度评价）" if status is Status.REPLIED else "reply（答复）")
        else:
            names.append(_COMMAND_FOR[after])
    return "、".join(dict.fromkeys(names)) or "无：这条意见建议已经结束"


@dataclass
class Step:
    """One step: the history entry to append and the top-level fields it changes."""

    command: str  # Chinese name of the action, for messages
    status: Status
    entry: dict[str, Any]
    fields: dict[str, Any] = field(default_factory=dict)
    reply: dict[str, Any] | None = None
    notice: str | None = None  # said to staff after the change, e.g. how a deadline was counted
    only_from: Status | None = None  # an evaluation follows a reply, whatever status it leads to


def apply(ws: Workspace, suggestion_id: str, step: Step) -> Change:
    """The change that applies `step`; Refused when the lifecycle does not allow it."""
    record: Suggestion = ws.record("suggestion", suggestion_id)
    if step.status not in NEXT[record.status] or step.only_from not in (None, record.status):
        raise Refused(
            f"意见建议 {suggestion_id} 当前状态为“{record.status.value}”，不能{step.command}。"
            f"当前允许的操作：{allowed_commands(record)}"
        )
    if step.entry["date"] < record.updated:
        raise Refused(f"日期 {step.entry['date']} 早于上一步的日期 {record.updated}；办理记录须按时间先后排列")
    tree, change = ws.tree("suggestion", suggestion_id)
    tree["status"] = step.status.value
    for key, value in step.fields.items():
        set_field(tree, Suggestion, key, value)
    if step.reply is not None:
        append_item(tree, Suggestion, "replies", step.reply)
    append_item(tree, Suggestion, "history", {k: v for k, v in step.entry.items() if v not in (None, [], "")})
    change.new_text = dump(tree)
    change.notice = step.notice
    return change


def _deadline(ws: Workspace, date: dt.date, due: dt.date | None) -> Deadline:
    return Deadline(due) if due is not None else add_working_days(date, ws.registry.site.deadline_working_days)


def assign(ws: Workspace, units: list[str], due: dt.date | None, key: bool, date: dt.date, note: str | None) -> Step:
    deadline = _deadline(ws, date, due)
    fields = {"key_supervision": True} if key else {}
    entry = {"date": date, "status": Status.ASSIGNED.value, "note": note, "units": units, "deadline": deadline.date}
    return Step("交办", Status.ASSIGNED, entry, fields, notice=deadline.note)


def progress(note: str, date: dt.date, due: dt.date | None, units: list[str]) -> Step:
    entry = {"date": date, "status": Status.IN_PROGRESS.value, "note": note, "units": units, "deadline": due}
    return Step("记录办理进展", Status.IN_PROGRESS, entry)


def reply(unit: str, text: str, date: dt.date) -> Step:
    entry = {"date": date, "status": Status.REPLIED.value}
    return Step("答复", Status.REPLIED, entry, reply={"date": date, "unit": unit, "text": text})


def evaluate(
    ws: Workspace, satisfaction: Satisfaction, note: str | None, rated_by: str | None, due: dt.date | None, date: dt.date
) -> Step:
    entry: dict[str, Any] = {"date": date, "note": note, "satisfaction": satisfaction.value, "rated_by": rated_by}
    if satisfaction is Satisfaction.DISSATISFIED:
        deadline = _deadline(ws, date, due)
        entry["status"] = Status.IN_PROGRESS.value
        entry["deadline"] = deadline.date
        return Step("评价", Status.IN_PROGRESS, entry, notice=deadline.note, only_from=Status.REPLIED)
    entry["status"] = Status.REPLIED.value
    return Step("评价", Status.REPLIED, entry, only_from=Status.REPLIED)


def close(note: str | None, date: dt.date) -> Step:
    return Step("办结", Status.CLOSED, {"date": date, "status": Status.CLOSED.value, "note": note})


def reject(reason: str, date: dt.date) -> Step:
    return Step("不予受理", Status.REJECTED, {"date": date, "status": Status.REJECTED.value, "note": reason})


def merge(into: str, note: str | None, date: dt.date) -> Step:
    entry = {"date": date, "status": Status.MERGED.value, "note": note or f"与 {into} 合并办理"}
    return Step("合并办理", Status.MERGED, entry, {"merged_into": into})


def check_close_allowed(ws: Workspace, suggestion_id: str) -> None:
    record: Suggestion = ws.record("suggestion", suggestion_id)
    last = record.history[-1]
    if record.status is Status.REPLIED and last.satisfaction not in (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED):
        raise Refused(
            f"意见建议 {suggestion_id} 还没有满意或基本满意的评价，不能办结。"
            f"请先用 evaluate 记录提出人或议政代表的评价；当前允许的操作：{allowed_commands(record)}"
        )


# --- new suggestions collected offline -----------------------------------------------------

_OFFLINE = re.compile(r"^(\d{4})-X(\d+)$")


def next_offline_id(ws: Workspace, year: int, taken: Collection[str] = ()) -> str:
    """The next free offline number of the year: 2026-X0008 after 2026-X0007.

    Offline numbers carry X and issue-form numbers W, so the two can never collide.
    `taken` adds numbers in use elsewhere (an offline registration's branch not merged yet).
    """
    used = [int(m[2]) for sid in [*ws.registry.suggestions, *taken] if (m := _OFFLINE.match(sid)) and int(m[1]) == year]
    used += [
        int(m[2])
        for path in (ws.content / SUGGESTION.folder / str(year)).glob("*.yml")
        if (m := _OFFLINE.match(path.stem))
    ]
    return f"{year}-X{max(used, default=0) + 1:04d}"


def new(
    ws: Workspace, values: dict[str, Any], note: str | None, date: dt.date,
    taken: Collection[str] = (), suggestion_id: str | None = None,
) -> Change:
    """A new offline suggestion, received on `date`, as a record file: the next number not in
    `taken`, or `suggestion_id` when the number is already held (a registration run again)."""
    suggestion_id = suggestion_id or next_offline_id(ws, values["submitted"].year, taken)
    data = {"id": suggestion_id, **values, "status": Status.RECEIVED.value}
    data["history"] = [{k: v for k, v in {"date": date, "status": Status.RECEIVED.value, "note": note}.items() if v}]
    change = ws.new_file("suggestion", suggestion_id, SUGGESTION.relpath(suggestion_id))
    change.new_text = dump({k: v for k, v in data.items() if v not in (None, [], "")})
    return change
