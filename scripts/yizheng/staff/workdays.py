"""Deadlines counted in working days on China's official calendar.

The State Council's holiday arrangements move working days (调休): some
weekends are working days, some weekdays are holidays. The chinesecalendar
package carries that calendar for the years already announced.

For a later year the statutory holidays themselves are still known: the
national holiday rules (《全国年节及纪念日放假办法》, as amended for 2025) fix
them by the Gregorian and the lunar calendar, and the borax package places the
lunar dates and the solar term 清明. Such a year is counted Monday to Friday
without those holidays, guessing no adjusted days (no weekend made a working
day, no weekday given off in lieu), and the command says so, so staff can
check it once the year's arrangement is published.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import chinese_calendar
from borax.calendars.lunardate import LunarDate, TermUtils

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    note: str | None = None  # set when part of the count could not use a published arrangement


@functools.cache
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The statutory days off of `year` under the rules as amended for 2025, by their festival's name:
    元旦 1 day, 春节 4 from 除夕, 清明 1 on the solar term, 劳动节 2, 端午 1, 中秋 1, 国庆 3 (13 days).
    No adjusted working days and no days given in lieu: those only the yearly arrangement fixes.
    ValueError outside the lunar calendar's range (1901–2100)."""
    if not 1901 <= year <= 2100:
        raise ValueError(year)
    new_year = LunarDate(year, 1, 1).to_solar_date()
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    days.update({new_year + (offset - 1) * ONE_DAY: "春节" for offset in range(4)})
    days[TermUtils.nth_term_day(year, TermUtils.get_index_for_name("清明"))] = "清明节"
    days.update({dt.date(year, 5, day): "劳动节" for day in (1, 2)})
    days[LunarDate(year, 5, 5).to_solar_date()] = "端午节"
    days[LunarDate(year, 8, 15).to_solar_date()] = "中秋节"
    days.update({dt.date(year, 10, day): "国庆节" for day in (1, 2, 3)})
    return days


def add_working_days(start: dt.date, days: int) -> Deadline:
    """The date `days` working days after `start` (start itself not counted)."""
    day = start
    counted = 0
    computed: set[int] = set()  # years counted from the statutory rules, with no adjusted days
    unknown: set[int] = set()  # years counted Monday to Friday alone
    while counted < days:
        day += ONE_DAY
        try:
            working = chinese_calendar.is_workday(day)
        except NotImplementedError:
            try:
                holidays = statutory_holidays(day.year)
            except ValueError:
                unknown.add(day.year)
                holidays = {}
            else:
                computed.add(day.year)
            working = day.weekday() < 5 and day not in holidays
        if working:
            counted += 1
    notes: list[str] = []
    if computed:
        years = "、".join(str(year) for year in sorted(computed))
        notes.append(
            f"注意：{years} 年的放假调休安排尚未公布，期限 {day} 按周一至周五、扣除法定节假日推算，没有计入调休；"
            "安排公布后请核对，必要时用 --due 指定，或升级 chinesecalendar"
        )
    if unknown:
        years = "、".join(str(year) for year in sorted(unknown))
        notes.append(
            f"注意：{years} 年的节假日无法推算，期限 {day} 按周一至周五推算；请核对，必要时用 --due 指定"
        )
    return Deadline(day, "\n".join(notes) or None)
