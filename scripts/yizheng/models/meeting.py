"""A meeting: study session, research trip, conference, forum, inspection..."""

from __future__ import annotations

from enum import Enum

from pydantic import model_validator

from .common import (
    PRIVACY_CHECKED_DESCRIPTION,
    PRIVACY_CHECKED_TITLE,
    Date,
    Id,
    Name,
    PrivacyDigest,
    Record,
    SuggestionId,
    Text,
    Title,
    ensure_unique,
    field,
    rule_error,
)


class MeetingKind(str, Enum):
    STUDY = "学习"
    RESEARCH = "调研"
    CONFERENCE = "代表大会"
    FORUM = "座谈会"
    INSPECTION = "视察"
    RECEPTION = "接待"
    OUTREACH = "宣讲"


class Meeting(Record):
    kind: MeetingKind = field("类型", "学习、调研、代表大会、座谈会、视察、接待或宣讲")
    title: Title = field("标题", "如“第一届议政代表大会第二次会议”")
    date: Date = field("日期", "举行的日期")
    street: Id = field("街道", "组织活动的街道编号")
    station: Id | None = field("联络站", "举行地点所在的联络站编号", default=None)
    location: Name | None = field("地点", "不在联络站举行时的地点", default=None)
    attendees: list[Id] = field("出席代表", "出席的议政代表编号", default_factory=list)
    topic: Text = field("主题", "学习、调研或议事的主题")
    summary: Text = field("纪要", "经过和结果的公开摘要")
    suggestions: list[SuggestionId] = field("形成的意见建议", "本次活动收集或形成的意见建议编号", default_factory=list)
    cases: list[Id] = field("相关案例", "本次活动推动的典型案例编号", default_factory=list)
    privacy_checked: PrivacyDigest | None = field(PRIVACY_CHECKED_TITLE, PRIVACY_CHECKED_DESCRIPTION, default=None)

    @model_validator(mode="after")
    def _lists_unique(self) -> Meeting:
        ensure_unique(self.attendees, "attendees", "出席代表")
        ensure_unique(self.suggestions, "suggestions", "意见建议")
        ensure_unique(self.cases, "cases", "案例")
        if self.station is None and self.location is None:
            raise rule_error(("station",), "须填写举行地点：联络站编号（station）或地点（location）")
        return self
