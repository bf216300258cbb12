"""What a suggestion's history means: its rounds of handling, the deadline in force, whether
each reply came on time, when it was handled, and who may read it (its visibility).

This is the one place these are worked out. The model (Suggestion.published, .deadline,
.satisfaction), the figures (stats), every page, the tracking shards, the feeds, open data,
`notify` and `overdue` read them from here; none of them reads the history for these again.

Definitions (the statistics page says the same in Chinese):

- A round of handling starts at assignment (已交办) or at reopening after 不满意
  (已答复 → 办理中), and ends at the next reply (a step into 已答复 from another status).
- The deadline in force for a round is the one set when it started, or the latest approved
  extension while it was open (办理中 with a deadline). The deadline in force now is the
  last round's.
- A reply is on time when it came on or before the deadline in force (a round without
  a deadline cannot be late). A suggestion is on time when it was replied at least once
  and every reply was on time: that is what 按期答复率 counts.
- Evaluated: the evaluation given since the latest reply (None while the reply awaits one); a
  replied suggestion with one is waiting to be closed (已评价，等待办结), not for an evaluation.
- Handled (已办理): 已答复 or 已办结. It was handled on the day it was closed, or else on
  the day of its last reply.
- Lead and assisting units (主办 / 协办): the first unit named at assignment leads, the
  others assist, and so do units added while it is 办理中. The deadline is the lead unit's:
  overdue lists and per-unit figures count each suggestion once, under its lead unit.
- Visibility: published in full when handled and the submitter agreed; pending while it is
  still being handled (已受理, 已交办, 办理中); withheld when it ended without a reply
  (不予受理, 合并办理), or was handled but the submitter did not agree to publication.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from .models.lifecycle import HANDLED, Satisfaction, Status

if TYPE_CHECKING:
    from .models.suggestion import Suggestion


class Visibility(str, Enum):
    """Who may read a suggestion's text on the site (everyone may read its number and status)."""

    PUBLISHED = "published"  # handled, and the submitter agreed: its own page, listed, in feeds and open data
    PENDING = "pending"  # still being handled: counted, and found by number in the tracking lookup
    ENDED = "ended"  # 不予受理 or 合并办理: withheld (counted, found by number)
    PRIVATE = "private"  # handled, but the submitter did not agree: withheld (counted, found by number)

    @property
    def withheld(self) -> bool:
        """Counted and found by number, but its text is never shown (it will not be published as it is)."""
        return self in (Visibility.ENDED, Visibility.PRIVATE)


_ENDED = frozenset({Status.REJECTED, Status.MERGED})
_REPLIED = Status.REPLIED  # enum attribute lookups are slow; these run 10,000 times per build
_IN_PROGRESS = Status.IN_PROGRESS
_ASSIGNED = Status.ASSIGNED
_CLOSED = Status.CLOSED


READS = frozenset({"history", "status", "public"})
"""The fields of a suggestion its handling is worked out from (`of`, `visibility`)."""


def visibility(suggestion: Suggestion) -> Visibility:
    status = suggestion.status
    if status in HANDLED:
        return Visibility.PUBLISHED if suggestion.public else Visibility.PRIVATE
    return Visibility.ENDED if status in _ENDED else Visibility.PENDING


@dataclass(frozen=True, slots=True)
class Round:
    """One round of handling: assignment (or reopening after 不满意) up to its reply."""

    number: int  # 1 for the first round
    started: dt.date
    first_deadline: dt.date | None  # set when the round started
    deadline: dt.date | None  # in force: after approved extensions
    replied: dt.date | None  # None while the round is open

    @property
    def days_late(self) -> int | None:
        """Days the reply came after the deadline (0 or less: on time); None when not replied or no deadline."""
        if self.replied is None or self.deadline is None:
            return None
        return (self.replied - self.deadline).days

    @property
    def on_time(self) -> bool:
        """Replied, and not after the deadline in force."""
        return self.replied is not None and (self.deadline is None or self.replied <= self.deadline)

    @property
    def extended(self) -> bool:
        return self.first_deadline is not None and self.deadline is not None and self.first_deadline != self.deadline


@dataclass(frozen=True, slots=True)
class Handling:
    """Everything derived from one suggestion's history."""

    status: Status
    visibility: Visibility
    rounds: tuple[Round, ...]
    satisfaction: Satisfaction | None  # the latest evaluation
    handled_on: dt.date | None  # closed on, else last replied on; None unless handled (已答复 or 已办结)
    deadline: dt.date | None  # in force now: the last round's
    replied: bool  # replied at least once
    on_time: bool  # replied at least once, and every reply on time (what 按期答复率 counts)
    lead_unit: str | None = None  # 主办单位: the first unit named at assignment; None before assignment
    assisting_units: tuple[str, ...] = ()  # 协办单位: the other units, in the order they were named
    evaluated: Satisfaction | None = None  # the evaluation of the latest reply; None while it awaits one
    first_satisfaction: Satisfaction | None = None  # the first evaluation (首次评价满意率)
    units: tuple[str, ...] = ()  # every unit named: the lead first, then the assisting ones

    @property
    def handled_again(self) -> bool:
        """Handled a second time: a round began after a reply was rated 不满意."""
        return len(self.rounds) > 1

    @property
    def published(self) -> bool:
        return self.visibility is Visibility.PUBLISHED


def of(suggestion: Suggestion) -> Handling:
    """One pass over the history."""
    found: list[list] = []  # [started, first_deadline, deadline, replied] per round
    satisfaction: Satisfaction | None = None
    evaluated: Satisfaction | None = None
    first_satisfaction: Satisfaction | None = None
    closed: dt.date | None = None
    previous: Status | None = None
    units: list[str] = []  # the lead first, then the assisting units
    for entry in suggestion.history:
        status = entry.status
        if entry.units:
            units.extend(u for u in entry.units if u not in units)
        deadline = entry.deadline
        if status is _ASSIGNED or (status is _IN_PROGRESS and previous is _REPLIED):
            found.append([entry.date, deadline, deadline, None])
        elif deadline is not None and found and found[-1][3] is None:
            found[-1][2] = deadline  # an approved extension
        if status is _REPLIED and previous is not _REPLIED and found and found[-1][3] is None:
            found[-1][3] = entry.date
        if status is _REPLIED and previous is not _REPLIED:
            evaluated = None  # a new reply awaits its own evaluation
        if entry.satisfaction is not None:
            satisfaction = evaluated = entry.satisfaction
            first_satisfaction = first_satisfaction or entry.satisfaction
        if status is _CLOSED:
            closed = entry.date
        previous = status
    rounds = tuple(Round(number, *values) for number, values in enumerate(found, start=1))
    replies = [r for r in rounds if r.replied is not None]
    handled_on = None
    if suggestion.status in HANDLED:
        handled_on = closed or (replies[-1].replied if replies else suggestion.history[-1].date)
    return Handling(
        status=suggestion.status,
        visibility=visibility(suggestion),
        rounds=rounds,
        satisfaction=satisfaction,
        handled_on=handled_on,
        deadline=rounds[-1].deadline if rounds else None,
        replied=bool(replies),
        on_time=bool(replies) and all(r.on_time for r in replies),
        lead_unit=units[0] if units else None,
        assisting_units=tuple(units[1:]),
        evaluated=evaluated,
        first_satisfaction=first_satisfaction,
        units=tuple(units),
    )


def of_all(suggestions: dict[str, Suggestion]) -> dict[str, Handling]:
    """The handling of every suggestion by id (the registry keeps this, see Registry.handling)."""
    return {sid: of(s) for sid, s in suggestions.items()}
