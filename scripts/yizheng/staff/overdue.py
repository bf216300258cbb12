"""`yizheng overdue`: what is late or nearly late, per handling unit.

The same computation (stats.overdue) feeds the site's statistics, so the
report and the public figures always agree.
"""

from __future__ import annotations

import datetime as dt

from .. import stats
from ..registry import Registry
from ..sealing import shown


def _state(late: stats.Late) -> str:
    if late.days_late > 0:
        return f"逾期 {late.days_late} 天"
    if late.days_late == 0:
        return "今天到期"
    return f"还剩 {-late.days_late} 天"


def _groups(registry: Registry, today: dt.date, soon: int) -> list[tuple[str, str, list[stats.Late]]]:
    by_unit = stats.late_by_unit(stats.overdue(registry, today, soon))
    units = registry.index.units
    order = [u.id for u in registry.site.handling_units if u.id in by_unit] + sorted(set(by_unit) - set(units))
    return [(uid, units[uid].name if uid in units else uid, by_unit[uid]) for uid in order]


def _counts(lates: list[stats.Late]) -> str:
    late = sum(1 for x in lates if x.overdue)
    return f"逾期 {late} 件，即将到期 {len(lates) - late} 件"


def table(registry: Registry, today: dt.date, soon: int, identities: list | None = None) -> str:
    """For the terminal: each unit, then its suggestions with title, status, deadline and how late.

    A sealed title reads 〔已加密〕, or its plain text with the staff member's `identities`."""
    groups = _groups(registry, today, soon)
    if not groups:
        return f"截至 {today}，没有逾期或 {soon} 天内到期的意见建议。\n"
    lines = [f"截至 {today}，逾期和 {soon} 天内到期的意见建议："]
    for uid, name, lates in groups:
        lines += ["", f"{name}（{uid}）：{_counts(lates)}"]
        for late in lates:
            s = registry.suggestions[late.suggestion]
            lines.append(f"  {s.id}  {s.status.value}  期限 {late.deadline}  {_state(late)}  {shown(s.title, identities)}")
    return "\n".join(lines) + "\n"


def markdown(registry: Registry, today: dt.date, soon: int, teams: bool = False) -> str:
    """For a pull request comment or a weekly report. Numbers only, no titles: a comment is
    public, and these suggestions are not published yet. With `teams`, each unit's heading
    names its GitHub team (site.yml `github_team`), for the weekly reminder issue."""
    groups = _groups(registry, today, soon)
    lines = [f"## 逾期和即将到期的意见建议（截至 {today}）", ""]
    if not groups:
        return "\n".join(lines + [f"没有逾期或 {soon} 天内到期的意见建议。"]) + "\n"
    lines += ["| 承办单位 | 逾期 | 即将到期 |", "| --- | --- | --- |"]
    for _, name, lates in groups:
        late = sum(1 for x in lates if x.overdue)
        lines.append(f"| {name} | {late} | {len(lates) - late} |")
    distinct = len({late.suggestion for _, _, lates in groups for late in lates})
    if sum(len(lates) for _, _, lates in groups) > distinct:
        lines += ["", f"共 {distinct} 件：一件意见建议交办给几个单位的，在每个单位下各算一次，所以上表各行相加多于 {distinct} 件。"]
    units = registry.index.units
    for uid, name, lates in groups:
        team = units[uid].github_team if teams and uid in units else None
        heading = f"{name}（@{team}）" if team else name
        lines += ["", f"### {heading}", "", "| 编号 | 状态 | 期限 | 情况 |", "| --- | --- | --- | --- |"]
        for late in lates:
            s = registry.suggestions[late.suggestion]
            lines.append(f"| {s.id} | {s.status.value} | {late.deadline} | {_state(late)} |")
    return "\n".join(lines) + "\n"


def team_counts(registry: Registry, today: dt.date, soon: int) -> list[tuple[str, str | None, str]]:
    """(unit name, its GitHub team or None, counts in words) for every unit with something late or due."""
    units = registry.index.units
    return [
        (name, units[uid].github_team if uid in units else None, _counts(lates))
        for uid, name, lates in _groups(registry, today, soon)
    ]
