"""Small pieces of wording the bot uses with residents on GitHub, in one place.

Residents read "本页" for their GitHub issue (议题 is the conference's agenda on the
site), "联络站点" for the homes, stations and points together, and dates as
"2026年11月30日".
"""

from __future__ import annotations

import datetime as dt

BEIJING = dt.timezone(dt.timedelta(hours=8))

REGISTER_WORKING_DAYS = 3
"""Roughly how long staff take to check and register a suggestion submitted online (said in the receipt)."""


def reader_date(date: dt.date) -> str:
    """A date as residents read it: 2026年11月30日."""
    return f"{date.year}年{date.month}月{date.day}日"


def beijing_today() -> dt.date:
    return dt.datetime.now(BEIJING).date()


def stations_line(base_url: str) -> str:
    """Where to ask in person or by phone."""
    return f"联络站点的地址、公开电话和值班时间：{base_url}stations/"


def evaluate_lines() -> list[str]:
    """How a resident rates a reply, and what 不满意 means."""
    return [
        "请您评价办理结果：满意、基本满意或不满意。",
        "评价方法：在本页下方留言，只写一行 `/评价 满意`（或 `/评价 基本满意`、`/评价 不满意`）；"
        "也可以告诉联络站点的工作人员或议政代表，由他们代您登记。",
        "评价为“不满意”的，承办单位会重新办理，并规定新的办理期限。",
    ]
