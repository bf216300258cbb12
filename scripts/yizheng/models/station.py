"""A liaison platform: 议政代表之家, 联络站, 联络点 or 联络岗."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import Field, model_validator

from .common import Id, Name, Phone, Record, Strict, Text, TimeRange, field, rule_error


class StationKind(str, Enum):
    HOME = "议政代表之家"
    STATION = "联络站"
    POINT = "联络点"
    POST = "联络岗"


class Weekday(str, Enum):
    MON = "周一"
    TUE = "周二"
    WED = "周三"
    THU = "周四"
    FRI = "周五"
    SAT = "周六"
    SUN = "周日"


class Shift(Strict):
    """One slot of 轮值式候访: who receives residents, when."""

    weekday: Weekday = field("星期", "周一到周日")
    time: TimeRange = field("时段", "24 小时制的时间段，如 09:00-11:30")
    representatives: list[Id] = field("值班代表", "在此时段轮值候访的议政代表编号", min_length=1)


class Coordinates(Strict):
    latitude: Annotated[float, Field(ge=3.0, le=54.0)] = field("纬度", "GCJ-02 坐标系的纬度")
    longitude: Annotated[float, Field(ge=73.0, le=136.0)] = field("经度", "GCJ-02 坐标系的经度")


class Station(Record):
    name: Name = field("名称", "如“龙兴社区议政代表联络站”")
    kind: StationKind = field("类型", "议政代表之家、联络站、联络点或联络岗")
    street: Id = field("街道", "所在街道的编号")
    community: Id | None = field("社区", "所在社区的编号；设在街道一级的可不填", default=None)
    address: Text = field("地址", "公开的办公地址")
    opening_hours: Text = field("开放时间", "如“工作日 09:00-17:00”")
    phone: Phone | None = field("公开电话", "联络站的公开电话（不得填写个人手机）", default=None)
    schedule: list[Shift] = field("轮值候访安排", "每周哪些议政代表在何时值班接待群众", default_factory=list)
    coordinates: Coordinates | None = field("坐标", "地图上的位置", default=None)
    description: Text | None = field("说明", "站点的简要介绍", default=None)

    @model_validator(mode="after")
    def _schedule_unique(self) -> Station:
        seen: set[tuple[str, str]] = set()
        for index, shift in enumerate(self.schedule):
            slot = (shift.weekday.value, shift.time)
            if slot in seen:
                raise rule_error(("schedule", index), f"{shift.weekday.value} {shift.time} 的值班安排重复；同一时段请合并为一条")
            seen.add(slot)
            for position, rep in enumerate(shift.representatives):
                if rep in shift.representatives[:position]:
                    raise rule_error(("schedule", index, "representatives", position), f"值班代表“{rep}”重复出现")
            start, end = shift.time.split("-")
            if end <= start:
                raise rule_error(("schedule", index, "time"), f"时段 {shift.time} 的结束时间应晚于开始时间")
        return self
