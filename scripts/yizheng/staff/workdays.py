"""Deadlines counted in working days on China's official calendar.

The State Council's holiday arrangements move working days (调休): some
weekends are working days, some weekdays are holidays. The chinesecalendar
package carries that calendar for the years already announced. For a later
year the deadline is counted Monday to Friday and the command says so, so
staff can check it once the year's arrangement is published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    note: str | None = None  # set when part of the count had to assume Monday–Friday


def add_working_days(start: dt.date, days: int) -> Deadline:
    """The date `days` working days after `start` (start itself not counted)."""
    day = start
    counted = 0
    unknown: set[int] = set()
    while counted < days:
        day += dt.timedelta(days=1)
        try:
            working = chinese_calendar.is_workday(day)
        except NotImplementedError:
            unknown.add(day.year)
            working = day.weekday() < 5
        if working:
            counted += 1
    if not unknown:
        return Deadline(day)
    years = "、".join(str(year) for year in sorted(unknown))
    return Deadline(
        day,
        f"注意：{years} 年的节假日安排尚未收录（chinesecalendar），期限 {day} 按周一至周五推算；"
        "请核对，必要时用 --due 指定，或升级 chinesecalendar",
    )
