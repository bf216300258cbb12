"""Deadlines counted in working days on China's official calendar.

The State Council's holiday arrangements move working days (调休): some
weekends are working days, some weekdays are holidays. The chinesecalendar
package carries that calendar; it only knows the years already announced, so
a deadline that reaches past them is refused rather than guessed.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar


class CalendarUnknown(Exception):
    """The official calendar of a year is not known yet."""


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself not counted)."""
    day = start
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_workday(day):
            counted += 1
    return day


def is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarUnknown(
            f"节假日安排只知道到 {_last_known_year()} 年，无法推算 {day.year} 年的工作日；"
            "请用 --due 直接指定期限，或升级 chinesecalendar"
        ) from None


def _last_known_year() -> int:
    year = dt.date.today().year + 1
    while year > 2004:
        try:
            chinese_calendar.is_workday(dt.date(year, 6, 1))
            return year
        except NotImplementedError:
            year -= 1
    return year
