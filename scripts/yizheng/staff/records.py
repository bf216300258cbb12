"""Scaffolding new records with the next free id, and ending or adding a representative's term."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..kinds import KIND_BY_NAME
from ..canonical import to_yaml
from ..models.representative import Membership, Representative
from .edit import Change, Refused, Workspace, dump, set_field

_NUMBERED = re.compile(r"^(?P<prefix>[a-z0-9]+(?:-[a-z0-9]+)*?)-(?P<number>\d+)$")


def next_id(existing: list[str], prefix: str, width: int = 3) -> str:
    """`prefix-NNN` one past the highest number already used with that prefix."""
    numbers = [int(m["number"]) for rid in existing if (m := _NUMBERED.match(rid)) and m["prefix"] == prefix]
    return f"{prefix}-{max(numbers, default=0) + 1:0{width}d}"


def street_prefix(ws: Workspace, street: str) -> str:
    """The id prefix representatives of a street already use (hl for hualong), else the street id."""
    prefixes = [
        m["prefix"] for rep in ws.registry.representatives.values() if rep.street == street and (m := _NUMBERED.match(rep.id))
    ]
    return max(set(prefixes), key=prefixes.count) if prefixes else street


def new_record(ws: Workspace, kind: str, record_id: str, data: dict[str, Any]) -> Change:
    if record_id in ws.registry.records(kind):
        raise Refused(f"编号“{record_id}”已被使用")
    change = ws.new_file(kind, record_id, KIND_BY_NAME[kind].relpath(record_id))
    change.new_text = dump({"id": record_id, **{k: v for k, v in data.items() if v not in (None, [], "", {})}})
    return change


def _terms_tree(ws: Workspace, rep_id: str) -> tuple[Any, Change]:
    tree, change = ws.tree("representative", rep_id)
    if "terms" not in tree:
        raise Refused(f"{rep_id} 的记录还是旧写法（term、status、selection）；先运行 yizheng fmt 改写为任期列表 terms")
    return tree, change


def reappoint(ws: Workspace, rep_id: str, term: int, selection: dict[str, dt.date], start: dt.date | None) -> Change:
    """Add a term (连任, or selected again after leaving, 补选, in the same term): the last term must have ended."""
    rep: Representative = ws.record("representative", rep_id)
    if rep.departure is None:
        raise Refused(
            f"{rep_id} 的第 {rep.term} 届任期还没有结束；先用 yizheng representative leave {rep_id} "
            f"--date 日期 --reason 任期届满 结束这一届"
        )
    start = start or selection.get("appointed")
    if start is None:
        raise Refused("请给出聘任日期 --appointed，或任期开始日期 --start")
    if term < rep.term:
        raise Refused(f"届次 {term} 小于上一届的 {rep.term}")
    if start < rep.departure.date:
        raise Refused(f"任期开始日期 {start} 早于上一届结束的 {rep.departure.date}")
    tree, change = _terms_tree(ws, rep_id)
    tree["terms"].append(to_yaml({"term": term, "selection": selection, "start": start}))
    change.new_text = dump(tree)
    return change


def leave(ws: Workspace, rep_id: str, date: dt.date, reason: str) -> list[Change]:
    """End the current term with date and reason (离任); the record and its history stay.

    A representative who has left cannot be on a duty roster, so they are taken
    off every station's schedule in the same change (a slot left empty is removed).
    """
    rep: Representative = ws.record("representative", rep_id)
    if rep.departure is not None:
        raise Refused(f"{rep_id} 已于 {rep.departure.date} 离任")
    if date < rep.current.start:
        raise Refused(f"离任日期 {date} 早于第 {rep.term} 届任期开始的 {rep.current.start}")
    tree, change = _terms_tree(ws, rep_id)
    current = tree["terms"][-1]
    set_field(current, Membership, "end", date)
    set_field(current, Membership, "end_reason", reason)
    change.new_text = dump(tree)
    changes = [change]
    for station in ws.registry.stations.values():
        if not any(rep_id in shift.representatives for shift in station.schedule):
            continue
        station_tree, station_change = ws.tree("station", station.id)
        schedule = station_tree["schedule"]
        for index in reversed(range(len(schedule))):
            people = schedule[index]["representatives"]
            if rep_id in people:
                people.remove(rep_id)
            if not people:
                del schedule[index]
        if not schedule:
            del station_tree["schedule"]
        station_change.new_text = dump(station_tree)
        changes.append(station_change)
    return changes
