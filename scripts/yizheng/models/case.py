"""A resolved case (典型案例): what residents asked for and what came of it."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .common import (
    PRIVACY_CHECKED_DESCRIPTION,
    PRIVACY_CHECKED_TITLE,
    Date,
    Id,
    Name,
    PrivacyDigest,
    Record,
    Strict,
    SuggestionId,
    Text,
    Title,
    ensure_sorted,
    ensure_unique,
    field,
)


class Event(Strict):
    date: Date = field("日期", "事件发生的日期")
    event: Text = field("事件", "这一天发生了什么")


class Figure(Strict):
    label: Name = field("指标", "如“加装电梯”")
    value: Annotated[float, Field(ge=0)] = field("数值", "如 8")
    unit: Annotated[str, Field(max_length=10)] = field("单位", "如“部”“座”“个”", default="")


class Quote(Strict):
    text: Text = field("原话", "群众或代表的原话")
    speaker: Name = field("说话人", "不含联系方式的身份说明，如“第一家属院 77 岁居民”")
    source: Name | None = field(
        "出处", "原话引自已公开的材料时写明出处，如“红古区人大常委会案例材料”；网站在原话下注明“引自……”", default=None
    )


class Origin(Strict):
    suggestions: list[SuggestionId] = field("来源意见建议", "案例所源自的意见建议编号", default_factory=list)
    representatives: list[Id] = field("提出的议政代表", "反映、推动此事的议政代表编号", default_factory=list)


class Case(Record):
    title: Title = field("标题", "案例标题，如“北区农贸市场人行天桥建成”")
    street: Id = field("街道", "案例所在街道的编号")
    community: Id | None = field("社区", "案例所在社区的编号", default=None)
    category: Id = field("类别", "意见建议类别编号，见 site.yml")
    summary: Text = field("概述", "一段话讲清楚问题和结果")
    origin: Origin = field("来源", "案例来自哪些意见建议和议政代表", default_factory=Origin)
    timeline: list[Event] = field("时间线", "按日期排列的办理经过", min_length=1)
    departments: list[Id] = field("参与单位", "参与办理的承办单位编号", default_factory=list)
    outcome: Text = field("结果", "最终解决了什么")
    figures: list[Figure] = field("数字", "可量化的成果，如 8 部电梯", default_factory=list)
    quotes: list[Quote] = field("群众说", "群众或代表的评价原话", default_factory=list)
    privacy_checked: PrivacyDigest | None = field(PRIVACY_CHECKED_TITLE, PRIVACY_CHECKED_DESCRIPTION, default=None)

    @model_validator(mode="after")
    def _ordered(self) -> Case:
        ensure_sorted([e.date for e in self.timeline], "timeline", "时间线")
        ensure_unique(self.departments, "departments", "参与单位")
        return self
