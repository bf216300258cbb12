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


def _keys(kind: str) -> Callable[[Suggestion, Handling], list[str]]:
    if kind == "street":
        return lambda s, h: [s.street]
    if kind == "category":
        return lambda s, h: [s.category]
    if kind == "unit":  # the lead unit's (主办): each suggestion counted once; see assisting() for 协办
        return lambda s, h: [h.lead_unit] if h.lead_unit is not None else []
    if kind == "month":
        return lambda s, h: [_month(s.submitted)]
    raise ValueError(f"unknown breakdown {kind!r}; one of {BREAKDOWNS}")


def breakdown(registry: Registry, today: dt.date, by: str, soon_days: int = SOON_DAYS) -> list[Group]:
    """The figures per street, category or handling unit (in site.yml's order, then unknown ids
    in id order; only groups with at least one suggestion), or per submitted month (oldest first)."""
    keys_of = _keys(by)
    groups: dict[str, list[Handling]] = {}
    known = registry.handling
    for suggestion in registry.suggestions.values():
        item = known[suggestion.id]
        for key in keys_of(suggestion, item):
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
            result.append(Late(suggestion.id, known[suggestion.id].units, deadline, days_late))
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


# --- 四个一: what each representative did in a year ------------------------------
#
# The case study's 四个一 activity: each representative gives a policy talk (宣讲), holds a forum
# with residents (座谈), collects suggestions (建议) and gets a concrete matter solved (实事).
# Counted per calendar year from the records:
#
# - 宣讲: meetings of kind 宣讲 the representative attended (meetings.attendees);
# - 座谈: meetings of kind 座谈会 the representative attended;
# - 建议: suggestions submitted that year naming the representative (suggestions.representatives:
#   collected or led), whatever their status;
# - 实事: cases naming the representative among those who pushed it (cases.origin.representatives),
#   in the year of the case's last timeline event (when it was done).
#
# The district's totals count each meeting, suggestion and case once (a forum with five
# representatives is one forum): meetings of the two kinds held that year, suggestions submitted
# that year naming at least one representative, cases done that year. The representatives
# counted for a year are those with a term (届) overlapping it, and anyone with an activity counted in it.

FOUR = ("publicity", "forums", "suggestions", "matters")
"""The four activities, in the order the site shows them (the field names of site.yml's four_ones)."""


@dataclass(frozen=True)
class FourCounts:
    publicity: int = 0
    forums: int = 0
    suggestions: int = 0
    matters: int = 0

    def get(self, item: str) -> int:
        return getattr(self, item)

    def short_of(self, expected: object) -> tuple[str, ...]:
        """The activities below what `expected` (site.yml's four_ones) asks, in FOUR order."""
        return tuple(item for item in FOUR if self.get(item) < getattr(expected, item))


@dataclass(frozen=True)
class StreetFourOnes:
    street: str
    label: str
    representatives: tuple[str, ...]  # the representatives counted, ids in id order
    met: int  # how many of them reached every expectation
    short: dict[str, int]  # activity → representatives below its expectation
    totals: FourCounts  # the street's meetings, suggestions and cases, each once

    @property
    def met_rate(self) -> Ratio:
        return Ratio(self.met, len(self.representatives))


@dataclass(frozen=True)
class YearFourOnes:
    year: int
    totals: FourCounts  # the district's, each meeting, suggestion and case once
    by_representative: dict[str, FourCounts]  # every representative counted that year
    by_street: list[StreetFourOnes]  # streets of site.yml in order (then unknown ids), all of site.yml's


def _counted(registry: Registry, year: int, active: set[str]) -> list[str]:
    """Who is counted for `year`: every representative with a term (届) that overlaps it, and anyone active in it."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    chosen = []
    for rep in registry.representatives.values():
        served = any(term.start <= last and (term.end is None or term.end >= first) for term in rep.terms)
        if served or rep.id in active:
            chosen.append(rep.id)
    return sorted(chosen)


def four_ones(registry: Registry, years: Iterable[int]) -> list[YearFourOnes]:
    """四个一 per representative, per street and for the district, for each of `years` (in the order given)."""
    wanted = set(years)
    per_rep: dict[int, dict[str, dict[str, int]]] = {y: {} for y in wanted}
    totals: dict[int, dict[str, dict[str, int]]] = {y: {} for y in wanted}  # year → street → activity → count

    def add(year: int, street: str, item: str, reps: Iterable[str]) -> None:
        street_totals = totals[year].setdefault(street, dict.fromkeys(FOUR, 0))
        street_totals[item] += 1
        for rep in dict.fromkeys(reps):
            counts = per_rep[year].setdefault(rep, dict.fromkeys(FOUR, 0))
            counts[item] += 1

    kinds = {MeetingKind.OUTREACH: "publicity", MeetingKind.FORUM: "forums"}
    for meeting in registry.meetings.values():
        item = kinds.get(meeting.kind)
        if item is not None and meeting.date.year in wanted:
            add(meeting.date.year, meeting.street, item, meeting.attendees)
    for suggestion in registry.suggestions.values():
        if suggestion.representatives and suggestion.submitted.year in wanted:
            add(suggestion.submitted.year, suggestion.street, "suggestions", suggestion.representatives)
    for case in registry.cases.values():
        done = case.timeline[-1].date.year
        if done in wanted:
            add(done, case.street, "matters", case.origin.representatives)

    expected = registry.site.four_ones
    streets = {s.id: s.name for s in registry.site.streets}
    result = []
    for year in years:
        ids = _counted(registry, year, set(per_rep[year]))
        by_rep = {rid: FourCounts(**per_rep[year].get(rid, {})) for rid in ids}
        members: dict[str, list[str]] = {}
        for rid in ids:
            rep = registry.representatives.get(rid)
            members.setdefault(rep.street if rep is not None else "", []).append(rid)
        keys = list(streets) + sorted(k for k in set(members) | set(totals[year]) if k not in streets and k)
        by_street = []
        for key in keys:
            reps = tuple(members.get(key, ()))
            shorts = [by_rep[r].short_of(expected) for r in reps]
            by_street.append(
                StreetFourOnes(
                    street=key,
                    label=streets.get(key, key),
                    representatives=reps,
                    met=sum(1 for s in shorts if not s),
                    short={item: sum(1 for s in shorts if item in s) for item in FOUR},
                    totals=FourCounts(**totals[year].get(key, {})),
                )
            )
        district = {item: sum(t[item] for t in totals[year].values()) for item in FOUR}
        result.append(YearFourOnes(year, FourCounts(**district), by_rep, by_street))
    return result


def activity_years(registry: Registry, today: dt.date, count: int = 3) -> list[int]:
    """The years the 四个一 pages show, newest first: this year and up to `count` - 1 before it,
    none before the first year with a meeting, suggestion or case on record."""
    dates = [m.date for m in registry.meetings.values()]
    dates += [s.submitted for s in registry.suggestions.values()]
    dates += [c.timeline[-1].date for c in registry.cases.values()]
    first = min((d.year for d in dates), default=today.year)
    return list(range(today.year, max(first, today.year - count + 1) - 1, -1))


def four_ones_total(registry: Registry, today: dt.date) -> FourCounts:
    """The district's 四个一 since records began, up to today: each meeting, suggestion and case once."""
    kinds = {MeetingKind.OUTREACH: "publicity", MeetingKind.FORUM: "forums"}
    counts = dict.fromkeys(FOUR, 0)
    for meeting in registry.meetings.values():
        item = kinds.get(meeting.kind)
        if item is not None and meeting.date <= today:
            counts[item] += 1
    counts["suggestions"] = sum(1 for s in registry.suggestions.values() if s.representatives and s.submitted <= today)
    counts["matters"] = sum(1 for c in registry.cases.values() if c.timeline[-1].date <= today)
    return FourCounts(**counts)


def meetings_by_street(registry: Registry, today: dt.date) -> dict[str, dict[MeetingKind, int]]:
    """This year's meetings (1 January to today) per street id and kind, every kind present, zeros included."""
    result: dict[str, dict[MeetingKind, int]] = {s.id: dict.fromkeys(MeetingKind, 0) for s in registry.site.streets}
    for meeting in registry.meetings.values():
        if meeting.date.year == today.year and meeting.date <= today:
            result.setdefault(meeting.street, dict.fromkeys(MeetingKind, 0))[meeting.kind] += 1
    return result
