"""A deliberation representative (议政代表)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import Field, model_validator

from .common import Date, Id, Name, Record, Strict, Text, field, rule_error


class RepresentativeCategory(str, Enum):
    NPC_DEPUTY = "人大代表"
    CPPCC_MEMBER = "政协委员"
    ENTERPRISE_STAFF = "企事业单位人员"
    RESIDENT = "居民代表"
    OTHER = "其他"


class ServiceStatus(str, Enum):
    SERVING = "在任"
    LEFT = "离任"


class Selection(Strict):
    """民主推荐 → 审查协商 → 审议决定 → 公示 → 聘任, each with its date."""

    nominated: Date | None = field("民主推荐", "经民主推荐的日期", default=None)
    reviewed: Date | None = field("审查协商", "审查协商的日期", default=None)
    decided: Date | None = field("审议决定", "议政代表会议或人大工委审议决定的日期", default=None)
    announced: Date | None = field("公示", "公示开始的日期", default=None)
    appointed: Date | None = field("聘任", "颁发聘书、正式聘任的日期", default=None)

    @model_validator(mode="after")
    def _in_order(self) -> Selection:
        previous: tuple[str, Date] | None = None
        missing: str | None = None
        for name in STEP_ORDER:
            value = getattr(self, name)
            if value is None:
                missing = missing or name
                continue
            if missing is not None:
                raise rule_error(
                    (name,), f"已填写“{STEP_TITLES[name]}”，但之前的步骤“{STEP_TITLES[missing]}”没有日期；产生程序须依次进行"
                )
            if previous is not None and value < previous[1]:
                raise rule_error(
                    (name,), f"“{STEP_TITLES[name]}”的日期 {value} 早于“{STEP_TITLES[previous[0]]}”的 {previous[1]}；产生程序须依次进行"
                )
            previous = (name, value)
        return self


STEP_ORDER = ("nominated", "reviewed", "decided", "announced", "appointed")
STEP_TITLES = {"nominated": "民主推荐", "reviewed": "审查协商", "decided": "审议决定", "announced": "公示", "appointed": "聘任"}


class Departure(Strict):
    date: Date = field("离任日期", "任期结束的日期")
    reason: Text = field("离任原因", "如“任期届满”“工作调动”")


class Representative(Record):
    name: Name = field("姓名", "议政代表的姓名")
    category: RepresentativeCategory = field("代表类别", "人大代表、政协委员、企事业单位人员、居民代表或其他")
    street: Id = field("街道", "所在街道的编号，见 site.yml")
    community: Id = field("社区", "所联系社区的编号，须属于所在街道")
    grid: Id | None = field("网格", "所联系网格的编号，须属于所联系社区", default=None)
    station: Id = field("联络站", "所在议政代表之家、联络站或联络点的编号，须在同一街道")
    term: Annotated[int, Field(ge=1, le=99)] = field("届次", "第几届议政代表，如 1 表示第一届")
    status: ServiceStatus = field("状态", "在任或离任")
    departure: Departure | None = field("离任信息", "离任的日期和原因；状态为离任时必填", default=None)
    selection: Selection = field("产生程序", "民主推荐、审查协商、审议决定、公示、聘任各步骤的日期")
    linked_deputy: Id | None = field("联系的人大代表", "联系本议政代表的人大代表（须是类别为人大代表的议政代表）的编号", default=None)
    affiliation: Name | None = field("工作单位或身份", "公开的工作单位或社会身份，如“社区退休党员”", default=None)
    duties: list[Text] = field("公开职责", "在议政代表会中承担的职责，如“社区治理宣传员”", default_factory=list)
    bio: Annotated[Text, Field(max_length=300)] | None = field("简介", "300 字以内的公开简介", default=None)

    @model_validator(mode="after")
    def _departure_matches_status(self) -> Representative:
        if self.status is ServiceStatus.LEFT and self.departure is None:
            raise rule_error(("status",), "状态为离任时须填写离任信息（departure: date 和 reason）")
        if self.status is ServiceStatus.SERVING and self.departure is not None:
            raise rule_error(("status",), "填写了离任信息，状态应为“离任”")
        if self.departure is not None and self.selection.appointed and self.departure.date < self.selection.appointed:
            raise rule_error(("departure", "date"), f"离任日期 {self.departure.date} 早于聘任日期 {self.selection.appointed}")
        if self.linked_deputy == self.id:
            raise rule_error(("linked_deputy",), "不能填写本人的编号")
        return self
