"""Scaffolding new records with the next free id, and ending a representative's term."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..kinds import KIND_BY_NAME
from ..models.representative import Representative
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


def leave(ws: Workspace, rep_id: str, date: dt.date, reason: str) -> list[Change]:
    """End a term: status 离任 with date and reason; the record and its history stay.

    A representative who has left cannot be on a duty roster, so they are taken
    off every station's schedule in the same change (a slot left empty is removed).
    """
    rep: Representative = ws.record("representative", rep_id)
    if rep.status.value == "离任":
        raise Refused(f"{rep_id} 已于 {rep.departure.date if rep.departure else '?'} 离任")
    tree, change = ws.tree("representative", rep_id)
    tree["status"] = "离任"
    set_field(tree, Representative, "departure", {"date": date, "reason": reason})
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
