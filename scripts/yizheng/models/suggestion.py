"""A resident's suggestion (意见建议) and its dated history."""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated

from pydantic import Field, model_validator

from ..personal_data import Kind as RedactionKind
from .common import (
    SUGGESTION_ID_PATTERN,
    Date,
    Id,
    Record,
    Strict,
    SuggestionId,
    ensure_sorted,
    ensure_unique,
    field,
    rule_error,
    PRIVACY_CHECKED_DESCRIPTION,
    PRIVACY_CHECKED_TITLE,
    PrivacyDigest,
)
from .sealed import SealableName, SealableText, SealableTitle
from ..sealing import Sealed, text_fields
from .lifecycle import NEXT, Rater, Satisfaction, Status, allowed_after


class Channel(str, Enum):
    ONLINE = "网上表单"
    STATION = "联络站"
    CARD = "连心卡"
    FORUM = "座谈会"
    RECEPTION = "接访"
    VISIT = "走访"
    OTHER = "其他"


class HistoryEntry(Strict):
    date: Date = field("日期", "这一步发生的日期")
    status: Status = field("状态", "这一步之后意见建议所处的状态")
    note: SealableText | None = field("说明", "这一步的公开说明，如交办意见、办理进展、延期理由、不予受理的理由", default=None)
    units: list[Id] = field(
        "承办单位",
        "交办时的承办单位编号，第一个是主办单位，其余是协办单位；"
        "办理中增加的协办单位也写在这里（须在说明中写明原因）",
        default_factory=list,
    )
    deadline: Date | None = field(
        "办理期限", "交办或重新办理时规定的办结期限；办理中批准延期时写新的期限（须在说明中写明原因）", default=None
    )
    satisfaction: Satisfaction | None = field("满意度", "评价时填写：满意、基本满意或不满意（不满意即重新办理）", default=None)
    rated_by: Rater | None = field("评价人", "评价时填写：提出人、议政代表或其他", default=None)


class Reply(Strict):
    date: Date = field("答复日期", "承办单位答复的日期")
    unit: Id = field("答复单位", "作出答复的承办单位编号")
    text: SealableText = field("答复内容", "答复的公开内容")


class Redaction(Strict):
    kind: RedactionKind = field("类型", "删去的个人信息类型")
    count: Annotated[int, Field(ge=1)] = field("数量", "删去了几处")


class Suggestion(Record):
    id: SuggestionId = field(
        "编号", "查询编号，与文件名相同：年份-W 加议题编号（通过网上表单提交，包括代表代为提交的）或年份-X 加序号（线下登记）"
    )
    title: SealableTitle = field("标题", "一句话概括意见建议")
    category: Id = field("类别", "意见建议类别编号，见 site.yml")
    street: Id = field("街道", "所涉街道的编号")
    community: Id | None = field("社区", "所涉社区的编号", default=None)
    grid: Id | None = field("网格", "所涉网格的编号", default=None)
    location: SealableName | None = field("具体位置", "问题所在的公共场所，如“海岗公路北区农贸市场路口”（不写个人住址）", default=None)
    channel: Channel = field("收集渠道", "网上表单、联络站、连心卡、座谈会、接访、走访或其他")
    submitted: Date = field("提出日期", "意见建议提出的日期")
    problem: SealableText = field("反映的问题", "存在什么问题（已删除个人信息）")
    proposal: SealableText | None = field("建议", "提出人建议怎么做", default=None)
    representatives: list[Id] = field("议政代表", "收集、领办这条意见建议的议政代表编号", default_factory=list)
    station: Id | None = field("联络站", "在哪个联络站收集", default=None)
    issue: Annotated[int, Field(ge=1)] | None = field("议题编号", "网上表单提交时对应的 GitHub 议题编号", default=None)
    public: bool = field("同意公开", "提出人同意办结后公开全文；为 false 时只公开编号和状态", default=True)
    status: Status = field("状态", "当前状态，须与办理记录的最后一条一致")
    key_supervision: bool = field("重点督办", "是否列为重点督办建议", default=False)
    merged_into: SuggestionId | None = field("并入", "合并办理时，并入的意见建议编号", default=None)
    replies: list[Reply] = field("答复", "承办单位的答复", default_factory=list)
    redactions: list[Redaction] = field("已删除的个人信息", "提交内容中被删除的个人信息类型和数量（不含内容本身）", default_factory=list)
    history: list[HistoryEntry] = field("办理记录", "从受理开始、按日期排列的每一次状态变化", min_length=1)
    privacy_checked: PrivacyDigest | None = field(PRIVACY_CHECKED_TITLE, PRIVACY_CHECKED_DESCRIPTION, default=None)

    @property
    def year(self) -> int:
        return self.submitted.year

    @property
    def handling_units(self) -> list[str]:
        units: list[str] = []
        for entry in self.history:
            units.extend(u for u in entry.units if u not in units)
        return units

    # What the history means is worked out in yizheng.handling; these are shorthands for it.

    @property
    def deadline(self) -> Date | None:
        """The deadline in force now (handling.Handling.deadline)."""
        from ..handling import of

        return of(self).deadline

    @property
    def satisfaction(self) -> Satisfaction | None:
        """The latest evaluation (handling.Handling.satisfaction)."""
        from ..handling import of

        return of(self).satisfaction

    @property
    def published(self) -> bool:
        """Published in full: handled, and the submitter agreed (handling.visibility)."""
        from ..handling import Visibility, visibility

        return visibility(self) is Visibility.PUBLISHED

    @property
    def updated(self) -> Date:
        return self.history[-1].date

    @model_validator(mode="after")
    def _lifecycle(self) -> Suggestion:
        check_history(self.history, self.submitted)
        last = self.history[-1].status
        if self.status is not last:
            raise rule_error(("status",), f"状态“{self.status.value}”与办理记录最后一条的“{last.value}”不一致")
        units = self.handling_units
        for index, reply in enumerate(self.replies):
            if reply.unit not in units:
                raise rule_error(
                    ("replies", index, "unit"), f"答复单位“{reply.unit}”不是交办的承办单位；应为：{'、'.join(units) or '（尚未交办）'}"
                )
        ensure_sorted([r.date for r in self.replies], "replies", "答复")
        from ..handling import of  # what a round is: handling.py

        rounds = sum(1 for r in of(self).rounds if r.replied is not None)
        if len(self.replies) < rounds:
            raise rule_error(("replies",), f"办理记录中有 {rounds} 次答复，但答复只有 {len(self.replies)} 条；每次答复都要写明单位和内容")
        if (self.status is Status.MERGED) != (self.merged_into is not None):
            raise rule_error(
                ("merged_into",), "状态为合并办理时须填写并入的意见建议编号（merged_into），其他状态不能填写"
            )
        if self.merged_into == self.id:
            raise rule_error(("merged_into",), "不能并入它自己")
        ensure_unique(self.representatives, "representatives", "议政代表")
        self._check_id()
        self._check_sealed()
        return self

    @property
    def sealed(self) -> bool:
        """Some of its text is sealed (encrypted to the staff's keys, see yizheng.sealing)."""
        return any(isinstance(value, Sealed) for _, value in text_fields(self))

    def _check_sealed(self) -> None:
        if self.public or "-X" not in self.id:
            for loc, value in text_fields(self):
                if isinstance(value, Sealed):
                    raise rule_error(
                        loc,
                        "加密内容只能出现在提出人不同意公开（public: false）的线下意见建议（编号含 X）中；"
                        "网上提交的议题本来就公开，同意公开的记录要发布全文。提出人同意公开时，请保持 public: false，"
                        "运行 yizheng suggestion publish 编号 --identity 密钥文件（解密并改为公开）",
                    )

    def _check_id(self) -> None:
        match = re.match(SUGGESTION_ID_PATTERN, self.id)
        assert match is not None  # the field's pattern has already matched
        year, kind, number = int(match[1]), match[2], int(match[3])
        if year != self.submitted.year:
            raise rule_error(("id",), f"编号中的年份 {year} 与提出日期 {self.submitted} 的年份不一致")
        if kind == "W":
            if self.issue is None:
                raise rule_error(("issue",), "编号以 W 开头（网上表单）时须填写议题编号 issue")
            if number != self.issue:
                raise rule_error(("id",), f"编号中的数字 {number} 应等于议题编号 {self.issue}")
        else:
            if self.issue is not None:
                raise rule_error(("issue",), "线下收集（编号含 X）的意见建议不能有议题编号；网上提交的编号应为 W 加议题编号")
            if self.channel is Channel.ONLINE:
                raise rule_error(("channel",), "收集渠道为“网上表单”时，编号应为 W 加议题编号")


def check_history(history: list[HistoryEntry], submitted: Date) -> None:
    """Every step of the history must be one the lifecycle allows."""
    if history[0].date < submitted:
        raise rule_error(("history", 0, "date"), f"受理日期 {history[0].date} 早于提出日期 {submitted}")
    ensure_sorted([entry.date for entry in history], "history", "办理记录")
    previous: HistoryEntry | None = None
    handling: set[str] = set()  # units named so far: the lead unit and the assisting ones
    for index, entry in enumerate(history):
        check_step(previous, entry, index)
        for position, unit in enumerate(entry.units):
            if unit in handling:
                raise rule_error(
                    ("history", index, "units", position), f"承办单位“{unit}”已经在办理这条意见建议，不用再次填写"
                )
        handling.update(entry.units)
        previous = entry


def check_step(previous: HistoryEntry | None, entry: HistoryEntry, index: int) -> None:
    """One step from `previous` (None for the first) to `entry`; raises with the rule broken."""
    here = ("history", index)
    before = previous.status if previous else None
    after = entry.status
    if after not in NEXT[before]:
        if before is None:
            message = f"办理记录的第一条应为“已受理”，而不是“{after.value}”"
        elif before is Status.REPLIED and after is not Status.CLOSED:
            message = f"不能从“已答复”变为“{after.value}”；允许的下一步：{allowed_after(before)}"
        else:
            message = f"不能从“{before.value}”直接变为“{after.value}”；允许的下一步：{allowed_after(before)}"
        raise rule_error(here + ("status",), message)

    evaluation = before is Status.REPLIED and after in (Status.REPLIED, Status.IN_PROGRESS)
    if evaluation and entry.satisfaction is None:
        if after is Status.IN_PROGRESS:
            message = "从“已答复”退回“办理中”只能由不满意评价引起：请填写 satisfaction: 不满意（重新办理）"
        else:
            message = "已答复之后再记一条“已答复”表示评价：请填写 satisfaction（满意或基本满意）"
        raise rule_error(here + ("satisfaction",), message)
    if not evaluation and entry.satisfaction is not None:
        raise rule_error(here + ("satisfaction",), "满意度只能在答复之后的评价中填写")
    if after is Status.IN_PROGRESS and before is Status.REPLIED:
        if entry.satisfaction is not Satisfaction.DISSATISFIED:
            raise rule_error(here + ("satisfaction",), "评价为满意或基本满意时状态保持“已答复”；只有不满意才重新办理")
        if entry.deadline is None:
            raise rule_error(here + ("deadline",), "重新办理须规定新的办理期限（deadline）")
    if after is Status.REPLIED and before is Status.REPLIED and entry.satisfaction is Satisfaction.DISSATISFIED:
        raise rule_error(here + ("status",), "不满意的评价会重新办理：状态应为“办理中”，并规定新的办理期限")
    if after is Status.CLOSED and (previous is None or previous.satisfaction not in (
        Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED
    )):
        raise rule_error(here + ("status",), "办结前须先有一条满意或基本满意的评价")

    reopening = after is Status.IN_PROGRESS and before is Status.REPLIED
    progressing = after is Status.IN_PROGRESS and not reopening
    if after is Status.ASSIGNED:
        if not entry.units:
            raise rule_error(here + ("units",), "交办时须写明承办单位（units）")
        if entry.deadline is None:
            raise rule_error(here + ("deadline",), "交办时须规定办理期限（deadline）")
    elif entry.units and not progressing:
        raise rule_error(here + ("units",), "承办单位只在交办时，或办理中增加、转交承办单位时填写")
    if entry.deadline is not None and not (after is Status.ASSIGNED or reopening or progressing):
        raise rule_error(here + ("deadline",), "办理期限只在交办、办理中延期或重新办理时填写")
    if progressing and (entry.units or entry.deadline is not None) and entry.note is None:
        raise rule_error(here + ("note",), "办理中延期或增加承办单位时，须在说明（note）中写明原因")
    if entry.deadline is not None and entry.deadline < entry.date:
        raise rule_error(here + ("deadline",), f"办理期限 {entry.deadline} 早于这一步的日期 {entry.date}")
    if entry.rated_by is not None and entry.satisfaction is None:
        raise rule_error(here + ("rated_by",), "评价人只在评价（填写满意度）时填写")
    for position, unit in enumerate(entry.units):
        if unit in entry.units[:position]:
            raise rule_error(here + ("units", position), f"承办单位“{unit}”重复出现")
