"""The figures: pure computations over the Registry.

Used by the site (home page, statistics page) and by staff commands (`yizheng
overdue`), so this module knows nothing about pages: it returns dataclasses and
never prints. Every figure is computed from the records as they are at `today`
(the build date); no figure depends on the clock otherwise.

Definitions (the statistics page writes the same in Chinese):

- 受理 (received): every suggestion record, whatever its status.
- 已受理的有效件 (accepted): all suggestions except 不予受理 (rejected) and
  合并办理 (merged into another suggestion, which is counted there).
- 已办理 (handled): status 已答复 or 已办结.
- 办结 (closed): status 已办结, reached only after an evaluation of 满意 or
  基本满意.
- 办结率 = closed ÷ accepted.
- 满意率 = suggestions whose latest evaluation is 满意 or 基本满意 ÷ suggestions
  evaluated at least once. Each suggestion counts once, by its latest
  evaluation: a suggestion rated 不满意 and later 满意 counts as satisfied.
  首次评价满意率 (first_satisfaction_rate) is the same by the first evaluation;
  重新办理 (handled_again) counts the suggestions handled again after a 不满意.
- 按期答复率 (on-time rate) = suggestions replied at least once with every
  reply round on time ÷ suggestions replied at least once. Rounds, the deadline
  in force and "on time" are defined in yizheng.handling, which works them out.
- 逾期 (overdue): status 已交办 or 办理中 and the current deadline is before
  `today`. 即将到期 (due soon): same statuses, deadline from `today` to
  `today + soon_days` inclusive.

Breakdowns: by street, category and submitted month every suggestion is in
exactly one group, so the groups add up to the totals. By handling unit a
suggestion counts under every unit it was assigned to (so the groups may add
up to more than the total), and suggestions not yet assigned are in no group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import handling
from .handling import Handling
from .models.lifecycle import ORDER, Satisfaction, Status
from .models.meeting import MeetingKind
from .models.representative import RepresentativeCategory, ServiceStatus
from .models.station import StationKind
from .models.suggestion import Suggestion
from .registry import Registry

OPEN = (Status.ASSIGNED, Status.IN_PROGRESS)
SOON_DAYS = 3
"""A deadline this many days away or fewer is "due soon" (即将到期)."""
"""Statuses in which a suggestion is with its handling units and has a deadline running."""

NOT_ACCEPTED = (Status.REJECTED, Status.MERGED)
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)


@dataclass(frozen=True)
class Ratio:
    """A rate kept as its two counts; `value` is None when nothing was counted."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    def percent(self, digits: int = 1) -> str:
        """'87.5%', '100%' (no '.0'), or '—' when there is nothing to divide by."""
        value = self.value
        if value is None:
            return "—"
        text = f"{value * 100:.{digits}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return f"{text}%"


@dataclass(frozen=True)
class Figures:
    """The figures of one set of suggestions."""

    received: int
    by_status: dict[Status, int]  # every status, in lifecycle order, zeros included
    accepted: int
    handled: int
    closed: int
    evaluated: int
    satisfied: int
    replied: int
    on_time: int
    overdue: int
    due_soon: int
    first_satisfied: int = 0  # first evaluation 满意 or 基本满意
    handled_again: int = 0  # handled again after a reply was rated 不满意

    @property
    def closed_rate(self) -> Ratio:
        """办结率: closed ÷ accepted."""
        return Ratio(self.closed, self.accepted)

    @property
    def satisfaction_rate(self) -> Ratio:
        """满意率: latest evaluation 满意 or 基本满意 ÷ evaluated."""
        return Ratio(self.satisfied, self.evaluated)

    @property
    def first_satisfaction_rate(self) -> Ratio:
        """首次评价满意率: first evaluation 满意 or 基本满意 ÷ evaluated."""
        return Ratio(self.first_satisfied, self.evaluated)

    @property
    def on_time_rate(self) -> Ratio:
        """按期答复率: every reply round on time ÷ replied at least once."""
        return Ratio(self.on_time, self.replied)


def _figures_of(items: Iterable[Handling], today: dt.date, soon_days: int) -> Figures:
    by_status = dict.fromkeys(ORDER, 0)
    received = evaluated = satisfied = first_satisfied = handled_again = replied = on_time = overdue = due_soon = 0
    soon = today + dt.timedelta(days=soon_days)
    for item in items:
        received += 1
        by_status[item.status] += 1
        if item.satisfaction is not None:
            evaluated += 1
            satisfied += item.satisfaction in SATISFIED
            first_satisfied += item.first_satisfaction in SATISFIED
        handled_again += item.handled_again
        replied += item.replied
        on_time += item.on_time
        if item.status in OPEN and item.deadline is not None:
            if item.deadline < today:
                overdue += 1
            elif item.deadline <= soon:
                due_soon += 1
    return Figures(
        received=received,
        by_status=by_status,
        accepted=received - sum(by_status[s] for s in NOT_ACCEPTED),
        handled=by_status[Status.REPLIED] + by_status[Status.CLOSED],
        closed=by_status[Status.CLOSED],
        evaluated=evaluated,
        satisfied=satisfied,
        replied=replied,
        on_time=on_time,
        overdue=overdue,
        due_soon=due_soon,
        first_satisfied=first_satisfied,
        handled_again=handled_again,
    )


def figures(suggestions: Iterable[Suggestion], today: dt.date, soon_days: int = SOON_DAYS) -> Figures:
    """The figures of any set of suggestions."""
    return _figures_of(map(handling.of, suggestions), today, soon_days)


# --- breakdowns --------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    key: str  # the id (street, category, unit) or "YYYY-MM"
    label: str  # the Chinese name; the id itself when the vocabulary does not know it
    figures: Figures


BREAKDOWNS = ("street", "category", "unit", "month")


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{int(year)}年{int(month)}月"


def _keys(kind: str) -> Callable[[Suggestion], list[str]]:
    if kind == "street":
        return lambda s: [s.street]
    if kind == "category":
        return lambda s: [s.category]
    if kind == "unit":  # the lead unit's (主办): each suggestion counted once; see assisting() for 协办
        return lambda s: s.handling_units[:1]
    if kind == "month":
        return lambda s: [_month(s.submitted)]
    raise ValueError(f"unknown breakdown {kind!r}; one of {BREAKDOWNS}")


def breakdown(registry: Registry, today: dt.date, by: str, soon_days: int = SOON_DAYS) -> list[Group]:
    """The figures per street, category or handling unit (in site.yml's order, then unknown ids
    in id order; only groups with at least one suggestion), or per submitted month (oldest first)."""
    keys_of = _keys(by)
    groups: dict[str, list[Handling]] = {}
    known = registry.handling
    for suggestion in registry.suggestions.values():
        item = known[suggestion.id]
        for key in keys_of(suggestion):
            groups.setdefault(key, []).append(item)
    index = registry.index
    names: dict[str, str] = {
        "street": {k: v.name for k, v in index.streets.items()},
        "category": {k: v.name for k, v in index.categories.items()},
        "unit": {k: v.name for k, v in index.units.items()},
        "month": {},
    }[by]
    if by == "month":
        order = sorted(groups)
    else:
        order = [k for k in names if k in groups] + sorted(k for k in groups if k not in names)
    return [
        Group(key, month_label(key) if by == "month" else names.get(key, key), _figures_of(groups[key], today, soon_days))
        for key in order
    ]


def assisting(registry: Registry) -> dict[str, int]:
    """How many suggestions each unit assists with (协办), by unit id (breakdown "unit" counts the lead's)."""
    counts: dict[str, int] = {}
    for item in registry.handling.values():
        for unit in item.assisting_units:
            counts[unit] = counts.get(unit, 0) + 1
    return counts


def last_months(groups: list[Group], today: dt.date, count: int = 24) -> list[Group]:
    """The month groups of the `count` months up to and including today's month, empty months as zeros."""
    by_key = {g.key: g for g in groups}
    keys = []
    year, month = today.year, today.month
    for _ in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    empty = _figures_of((), today, 0)
    return [by_key.get(k) or Group(k, month_label(k), empty) for k in reversed(keys)]


# --- late and nearly late ----------------------------------------------------


@dataclass(frozen=True)
class Late:
    """A suggestion with its units whose deadline has passed (days_late > 0) or is near (days_late <= 0)."""

    suggestion: str
    units: tuple[str, ...]  # the lead unit (主办) first, then the assisting units (协办)
    deadline: dt.date
    days_late: int  # today - deadline in days: 1 = one day late, 0 = due today, -3 = due in three days

    @property
    def lead(self) -> str:
        """The lead unit (主办): the deadline is its deadline."""
        return self.units[0]

    @property
    def assisting(self) -> tuple[str, ...]:
        return self.units[1:]

    @property
    def overdue(self) -> bool:
        return self.days_late > 0


def overdue(registry: Registry, today: dt.date, soon_days: int = SOON_DAYS) -> list[Late]:
    """Suggestions 已交办 or 办理中 whose deadline is before today (overdue) or within
    `soon_days` days from today (due soon); most late first, then by id."""
    result = []
    known = registry.handling
    for suggestion in registry.suggestions.values():
        deadline = known[suggestion.id].deadline
        if suggestion.status not in OPEN or deadline is None:
            continue
        days_late = (today - deadline).days
        if days_late > 0 or -days_late <= soon_days:
            result.append(Late(suggestion.id, tuple(suggestion.handling_units), deadline, days_late))
    result.sort(key=lambda late: (-late.days_late, late.suggestion))
    return result


def late_by_unit(lates: Iterable[Late]) -> dict[str, list[Late]]:
    """Each lead unit's late and nearly late suggestions: every suggestion under its lead unit (主办) once,
    so the groups add up to the whole list."""
    result: dict[str, list[Late]] = {}
    for late in lates:
        result.setdefault(late.lead, []).append(late)
    return result


# --- the whole picture -------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    figures: Figures
    representatives_serving: int
    representatives_total: int
    representatives_by_category: dict[str, int]  # category name → serving representatives
    stations: int
    stations_by_kind: dict[str, int]  # kind name → stations
    meetings_this_year: int  # held from 1 January to today
    meetings_by_kind: dict[str, int]  # kind name → meetings this year


def summary(registry: Registry, today: dt.date, soon_days: int = SOON_DAYS) -> Summary:
    """The overall figures, and the representatives, stations and this year's meetings."""
    serving = [r for r in registry.representatives.values() if r.status is ServiceStatus.SERVING]
    by_category = {category.value: 0 for category in RepresentativeCategory}
    for rep in serving:
        by_category[rep.category.value] += 1
    stations_by_kind = {kind.value: 0 for kind in StationKind}
    for station in registry.stations.values():
        stations_by_kind[station.kind.value] += 1
    meetings_by_kind = {kind.value: 0 for kind in MeetingKind}
    this_year = [m for m in registry.meetings.values() if m.date.year == today.year and m.date <= today]
    for meeting in this_year:
        meetings_by_kind[meeting.kind.value] += 1
    return Summary(
        figures=_figures_of(registry.handling.values(), today, soon_days),
        representatives_serving=len(serving),
        representatives_total=len(registry.representatives),
        representatives_by_category=by_category,
        stations=len(registry.stations),
        stations_by_kind=stations_by_kind,
        meetings_this_year=len(this_year),
        meetings_by_kind=meetings_by_kind,
    )
