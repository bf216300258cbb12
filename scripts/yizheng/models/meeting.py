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
    Strict,
    SuggestionId,
    Text,
    Title,
    ensure_unique,
    field,
    rule_error,
)
from .lifecycle import Satisfaction


class MeetingKind(str, Enum):
    STUDY = "学习"
    RESEARCH = "调研"
    CONFERENCE = "代表大会"
    FORUM = "座谈会"
    INSPECTION = "视察"
    RECEPTION = "接待"
    OUTREACH = "宣讲"


EVALUATED_BY_DEFAULT = "出席会议的议政代表"


class Evaluation(Strict):
    """评议 at a meeting: a report is given and the meeting evaluates it. Who or what reported is a
    second base of each kind of evaluation, so that it comes first in the record (`yizheng fmt` writes
    keys in field order, and pydantic takes the bases' fields from the last base to the first)."""

    report: Text = field("报告内容", "所作报告的公开摘要")
    evaluated_by: Name | None = field("评议人", f"谁评议，如“选民代表和居民代表”；不填即为“{EVALUATED_BY_DEFAULT}”", default=None)
    result: Satisfaction = field("评议结果", "满意、基本满意或不满意")
    note: Text | None = field("评议意见", "评议中提出的意见、希望和整改要求", default=None)


class _ByRepresentative(Strict):
    representative: Id = field("述职代表", "述职的议政代表编号，须是本街道的议政代表")


class _ByUnit(Strict):
    unit: Id = field("承办单位", "被评议的承办单位编号，见 site.yml")


class DutyReport(Evaluation, _ByRepresentative):
    """述职评议: a representative reports on their duties and the meeting evaluates the report."""

    report: Text = field("述职内容", "述职报告的公开摘要：做了哪些事、收集和推动了哪些意见建议")


class UnitEvaluation(Evaluation, _ByUnit):
    """评议承办单位: a handling unit reports how it handled the suggestions it was given, and is evaluated."""

    report: Text = field("报告内容", "承办单位所作办理情况报告的公开摘要")


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
    duty_reports: list[DutyReport] = field("述职评议", "议政代表在本次会议上述职、接受评议的记录", default_factory=list)
    unit_evaluations: list[UnitEvaluation] = field(
        "评议承办单位", "承办单位在本次会议上报告意见建议办理情况、接受评议的记录", default_factory=list
    )
    privacy_checked: PrivacyDigest | None = field(PRIVACY_CHECKED_TITLE, PRIVACY_CHECKED_DESCRIPTION, default=None)

    @model_validator(mode="after")
    def _lists_unique(self) -> Meeting:
        ensure_unique(self.attendees, "attendees", "出席代表")
        ensure_unique(self.suggestions, "suggestions", "意见建议")
        ensure_unique(self.cases, "cases", "案例")
        for index, report in enumerate(self.duty_reports):
            if index and report.representative in [r.representative for r in self.duty_reports[:index]]:
                raise rule_error(("duty_reports", index, "representative"), f"述职代表“{report.representative}”重复出现")
            if report.representative not in self.attendees:
                raise rule_error(
                    ("duty_reports", index, "representative"), f"述职代表“{report.representative}”不在出席代表（attendees）中"
                )
        for index, evaluation in enumerate(self.unit_evaluations):
            if evaluation.unit in [e.unit for e in self.unit_evaluations[:index]]:
                raise rule_error(("unit_evaluations", index, "unit"), f"承办单位“{evaluation.unit}”重复出现")
        if self.station is None and self.location is None:
            raise rule_error(("station",), "须填写举行地点：联络站编号（station）或地点（location）")
        return self
