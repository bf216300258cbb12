"""Checks across records: every reference resolves, and places agree.

Checks of a single record live in its model; this pass is for rules that
need more than one record: a representative's station is in their street, a
merged suggestion points at one that exists and is not itself merged, and so on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .messages import field_path
from .models.lifecycle import Status
from .models.representative import RepresentativeCategory, ServiceStatus
from .problems import Problem, display_path
from .registry import Registry
from .sealing import Sealed, needs_sealing, recipient_count, text_fields
from .yamlio import Loc

MAX_CHOICES = 12


class _Checker:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.index = registry.index
        self.problems: list[Problem] = []
        self.kind = ""
        self.record_id = ""

    def at(self, kind: str, record_id: str) -> _Checker:
        self.kind, self.record_id = kind, record_id
        return self

    def report(self, loc: Loc, message: str) -> None:
        source = self.registry.source(self.kind, self.record_id)
        self.problems.append(Problem(display_path(source.path), source.line_of(loc), field_path(loc), message))

    def exists(self, loc: Loc, value: str | None, what: str, choices: Iterable[str], kind: str = "") -> bool:
        """True when value is one of choices; a problem naming the choices when not.

        A reference to a record of `kind` whose file could not be read is neither:
        its own problem is reported already, so this returns False quietly.
        """
        if value is None:
            return True
        pool = choices if isinstance(choices, (Mapping, set, frozenset)) else set(choices)
        if value in pool:
            return True
        if value not in self.registry.unreadable.get(kind, ()):
            self.report(loc, f'未知{what}“{value}”，可选值：{_choices(choices)}')
        return False

    def place(self, loc_prefix: Loc, street: str, community: str | None, grid: str | None = None) -> bool:
        """street, community and grid exist and nest inside each other.

        False when the street itself is unknown: checks that compare other
        records' streets with it would only repeat that one mistake.
        """
        index = self.index
        if not self.exists(loc_prefix + ("street",), street, "街道", index.streets):
            return False
        if community is not None:
            in_street = [c.id for c in index.streets[street].communities]
            if community not in index.communities:
                self.report(loc_prefix + ("community",), f'未知社区“{community}”，{street} 的社区有：{_choices(in_street)}')
                return True
            if index.street_of_community[community] != street:
                self.report(
                    loc_prefix + ("community",),
                    f'社区“{community}”属于街道 {index.street_of_community[community]}，不属于 {street}；{street} 的社区有：{_choices(in_street)}',
                )
                return True
        if grid is not None:
            if community is None:
                self.report(loc_prefix + ("grid",), "填写网格时须同时填写社区")
                return True
            in_community = [g.id for g in index.communities[community].grids]
            if grid not in index.grids or index.community_of_grid[grid] != community:
                self.report(loc_prefix + ("grid",), f'网格“{grid}”不属于社区 {community}；可选值：{_choices(in_community)}')
        return True


def unit_choices(registry: Registry) -> str:
    """Every handling unit as “编号（全称）”, in site.yml's order: all of them, so a clerk can copy one."""
    return "、".join(f"{unit.id}（{unit.name}）" for unit in registry.site.handling_units)


def _unit(c: _Checker, loc: Loc, unit: str) -> None:
    if unit not in c.registry.index.units:
        c.report(loc, f"没有“{unit}”这个承办单位（承办单位见 site.yml 的 handling_units）。可用：{unit_choices(c.registry)}")


def _choices(values: Iterable[str]) -> str:
    values = list(values)
    if not values:
        return "（目前没有）"
    shown = ", ".join(values[:MAX_CHOICES])
    return shown + (", …" if len(values) > MAX_CHOICES else "")


RecordCheck = Callable[[Registry, Any], list[Problem]]
"""The cross-record problems of one record."""

Each = Callable[[RecordCheck, Any], list[Problem]]
"""How a record's check is made: called, or (incremental generation) kept until what it read changes."""


def _called(registry: Registry) -> Each:
    return lambda work, record: work(registry, record)


def check(registry: Registry, each: Each | None = None) -> list[Problem]:
    """Every cross-record problem in the registry."""
    each = each or _called(registry)
    problems: list[Problem] = []
    for records, work in (
        (registry.representatives, _representative),
        (registry.stations, _station),
        (registry.rules, _rule),
        (registry.meetings, _meeting),
        (registry.cases, _case),
        (registry.suggestions, _suggestion),
    ):
        for record in records.values():
            problems += each(work, record)
    problems += _issues_unique(registry)
    return problems


def _representative(registry: Registry, rep: Any) -> list[Problem]:
    c = _Checker(registry).at("representative", rep.id)
    reps = registry.representatives
    street_known = c.place((), rep.street, rep.community, rep.grid)
    if c.exists(("station",), rep.station, "联络站", registry.stations, "station") and street_known:
        station = registry.stations[rep.station]
        if station.street != rep.street:
            c.report(("station",), f'联络站“{rep.station}”在街道 {station.street}，而代表属于街道 {rep.street}；应选同一街道的联络站')
    if rep.linked_deputy is not None and c.exists(("linked_deputy",), rep.linked_deputy, "议政代表", reps, "representative"):
        deputy = reps[rep.linked_deputy]
        if deputy.category is not RepresentativeCategory.NPC_DEPUTY:
            c.report(("linked_deputy",), f'“{rep.linked_deputy}”的类别是{deputy.category.value}；联系议政代表的应是人大代表')
        elif deputy.status is ServiceStatus.LEFT and rep.status is ServiceStatus.SERVING:
            c.report(("linked_deputy",), f'人大代表“{rep.linked_deputy}”已离任；请改为联系一位在任的人大代表')
    return c.problems


def _station(registry: Registry, station: Any) -> list[Problem]:
    c = _Checker(registry).at("station", station.id)
    c.place((), station.street, station.community)
    for i, shift in enumerate(station.schedule):
        for j, rep_id in enumerate(shift.representatives):
            loc = ("schedule", i, "representatives", j)
            if c.exists(loc, rep_id, "议政代表", registry.representatives, "representative"):
                rep = registry.representatives[rep_id]
                if rep.status is ServiceStatus.LEFT:
                    c.report(loc, f'“{rep_id}”已离任，不能安排值班')
                elif rep.street != station.street:
                    c.report(loc, f'“{rep_id}”属于街道 {rep.street}，不能在 {station.street} 的联络站值班')
    return c.problems


def _rule(registry: Registry, rule: Any) -> list[Problem]:
    c = _Checker(registry).at("rule", rule.id)
    c.exists(("street",), rule.street, "街道", registry.index.streets)
    for i, old in enumerate(rule.supersedes):
        c.exists(("supersedes", i), old, "制度文件", registry.rules, "rule")
    return c.problems


def _meeting(registry: Registry, meeting: Any) -> list[Problem]:
    c = _Checker(registry).at("meeting", meeting.id)
    street_known = c.place((), meeting.street, None)
    if c.exists(("station",), meeting.station, "联络站", registry.stations, "station") and street_known and meeting.station:
        if registry.stations[meeting.station].street != meeting.street:
            c.report(("station",), f'联络站“{meeting.station}”不在街道 {meeting.street}')
    for i, rep_id in enumerate(meeting.attendees):
        c.exists(("attendees", i), rep_id, "议政代表", registry.representatives, "representative")
    for i, suggestion_id in enumerate(meeting.suggestions):
        c.exists(("suggestions", i), suggestion_id, "意见建议", registry.suggestions, "suggestion")
    for i, case_id in enumerate(meeting.cases):
        c.exists(("cases", i), case_id, "典型案例", registry.cases, "case")
    for i, report in enumerate(meeting.duty_reports):
        loc = ("duty_reports", i, "representative")
        if c.exists(loc, report.representative, "议政代表", registry.representatives, "representative"):
            rep = registry.representatives[report.representative]
            if rep.street != meeting.street:
                c.report(loc, f'“{report.representative}”属于街道 {rep.street}，不能在 {meeting.street} 的会议上述职')
    for i, evaluation in enumerate(meeting.unit_evaluations):
        c.exists(("unit_evaluations", i, "unit"), evaluation.unit, "承办单位", registry.index.units)
    return c.problems


def _case(registry: Registry, case: Any) -> list[Problem]:
    c = _Checker(registry).at("case", case.id)
    c.place((), case.street, case.community)
    c.exists(("category",), case.category, "类别", registry.index.categories)
    for i, suggestion_id in enumerate(case.origin.suggestions):
        loc = ("origin", "suggestions", i)
        if c.exists(loc, suggestion_id, "意见建议", registry.suggestions, "suggestion"):
            if not registry.suggestions[suggestion_id].published:  # uncached: intake checks records in place
                c.report(loc, f'“{suggestion_id}”尚未公开（须已答复或已办结，且提出人同意公开）；典型案例只能引用已公开的意见建议')
    for i, rep_id in enumerate(case.origin.representatives):
        c.exists(("origin", "representatives", i), rep_id, "议政代表", registry.representatives, "representative")
    for i, unit in enumerate(case.departments):
        _unit(c, ("departments", i), unit)
    return c.problems


def _issues_unique(registry: Registry) -> list[Problem]:
    """One record per GitHub issue: the second record naming an issue is the problem."""
    c = _Checker(registry)
    by_issue: dict[int, str] = {}
    for s in registry.suggestions.values():
        if s.issue is not None:
            if s.issue in by_issue:
                c.at("suggestion", s.id).report(("issue",), f"议题 #{s.issue} 已对应意见建议 {by_issue[s.issue]}；一个议题只能产生一条记录")
            by_issue.setdefault(s.issue, s.id)
    return c.problems


def _suggestion(registry: Registry, s: Any) -> list[Problem]:
    c = _Checker(registry).at("suggestion", s.id)
    c.place((), s.street, s.community, s.grid)
    c.exists(("category",), s.category, "类别", registry.index.categories)
    c.exists(("station",), s.station, "联络站", registry.stations, "station")
    for i, rep_id in enumerate(s.representatives):
        c.exists(("representatives", i), rep_id, "议政代表", registry.representatives, "representative")
    for i, entry in enumerate(s.history):
        for j, unit in enumerate(entry.units):
            _unit(c, ("history", i, "units", j), unit)
    if s.merged_into is not None and c.exists(("merged_into",), s.merged_into, "意见建议", registry.suggestions, "suggestion"):
        target = registry.suggestions[s.merged_into]
        if target.status is Status.MERGED:
            c.report(
                ("merged_into",),
                f'“{s.merged_into}”本身已并入 {target.merged_into}；请直接并入 {target.merged_into}',
            )
    return c.problems


def unsealed(registry: Registry, each: Each | None = None) -> list[Problem]:
    """Once staff-keys.yml exists, the text of a private offline suggestion must be stored sealed.

    Not part of `check`: staff commands seal what they write (staff/edit.py), and
    `yizheng seal` loads content that still has plain text, to seal it.
    """
    if registry.staff_keys is None:
        return []
    each = each or _called(registry)
    problems: list[Problem] = []
    for s in registry.suggestions.values():
        if needs_sealing(s):
            problems += each(_unsealed, s)
    return problems


def _unsealed(registry: Registry, s: Any) -> list[Problem]:
    assert registry.staff_keys is not None
    listed = len(registry.staff_keys.keys)
    c = _Checker(registry).at("suggestion", s.id)
    counts = {loc: recipient_count(value) for loc, value in text_fields(s) if isinstance(value, Sealed)}
    stale = next((loc for loc, count in counts.items() if count != listed), None)
    if stale is not None:
        source = registry.source("suggestion", s.id)
        c.problems.append(
            Problem(
                display_path(source.path),
                source.line_of(stale),
                field_path(stale),
                f"这段文字加密给了 {counts[stale]} 位工作人员，而 staff-keys.yml 列了 {listed} 位：名单变过后还没有重新加密；"
                "请一位工作人员运行 yizheng seal --rekey --identity 自己的私钥文件",
                severity="warning",
            )
        )
    for loc, value in text_fields(s):
        if value is not None and not isinstance(value, Sealed):
            c.report(
                loc,
                "提出人不同意公开（public: false），这段文字不能以明文留在仓库里（仓库的历史人人可查）；"
                "请运行 yizheng seal，用 staff-keys.yml 中的工作人员公钥加密",
            )
    return c.problems
