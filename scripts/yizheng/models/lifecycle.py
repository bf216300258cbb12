"""The suggestion lifecycle (全闭环): which status may follow which.

已受理 → 已交办 → (办理中) → 已答复 → (评价) → 已办结
An evaluation of 不满意 reopens a replied suggestion: it goes back to 办理中
for a second round with its own deadline. 不予受理 and 合并办理 end it early.
The model checks a record's history against this table; the staff commands
use the same table to refuse a step before they write anything.
"""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    RECEIVED = "已受理"
    ASSIGNED = "已交办"
    IN_PROGRESS = "办理中"
    REPLIED = "已答复"
    CLOSED = "已办结"
    REJECTED = "不予受理"
    MERGED = "合并办理"


class Rater(str, Enum):
    SUBMITTER = "提出人"
    REPRESENTATIVE = "议政代表"
    OTHER = "其他"


class Satisfaction(str, Enum):
    SATISFIED = "满意"
    BASICALLY_SATISFIED = "基本满意"
    DISSATISFIED = "不满意"


NEXT: dict[Status | None, tuple[Status, ...]] = {
    None: (Status.RECEIVED,),
    Status.RECEIVED: (Status.ASSIGNED, Status.REJECTED, Status.MERGED),
    # A unit may reply straight away; 办理中 records progress, extensions and added units.
    Status.ASSIGNED: (Status.IN_PROGRESS, Status.REPLIED, Status.MERGED),
    Status.IN_PROGRESS: (Status.IN_PROGRESS, Status.REPLIED),
    # 已答复 → 已答复 is an evaluation of 满意 or 基本满意; → 办理中 is a reopen after 不满意.
    Status.REPLIED: (Status.REPLIED, Status.IN_PROGRESS, Status.CLOSED),
    Status.CLOSED: (),
    Status.REJECTED: (),
    Status.MERGED: (),
}

TERMINAL = frozenset(status for status, nexts in NEXT.items() if status is not None and not nexts)
HANDLED = frozenset({Status.REPLIED, Status.CLOSED})
"""Statuses in which a suggestion is published in full (if its submitter agreed)."""

ORDER = (
    Status.RECEIVED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.REPLIED,
    Status.CLOSED,
    Status.REJECTED,
    Status.MERGED,
)


def allowed_after(status: Status | None) -> str:
    """The statuses allowed after `status`, as Chinese text for messages."""
    nexts = NEXT[status]
    return "、".join(s.value for s in dict.fromkeys(nexts)) if nexts else "无（这是终结状态）"
