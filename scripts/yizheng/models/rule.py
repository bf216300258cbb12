"""A rule document: YAML front matter for its metadata, Markdown for its body."""

from __future__ import annotations

from enum import Enum

from pydantic import model_validator

from .common import Date, Id, Name, Record, Text, Title, field, rule_error


class RuleKind(str, Enum):
    OPINION = "实施意见"
    PLAN = "实施方案"
    PROCEDURE = "议事规则"
    SYSTEM = "工作制度"


class RuleStatus(str, Enum):
    TRIAL = "试行"
    IN_FORCE = "施行"
    REPEALED = "废止"


class RuleFrontMatter(Record):
    """The part of a rule document that is written as YAML front matter."""

    title: Title = field("标题", "文件标题，如《街道议政代表会议事规则》（不含书名号）")
    kind: RuleKind = field("类型", "实施意见、实施方案、议事规则或工作制度（“1+1+5”制度体系）")
    number: Name | None = field("文号", "发文字号，如“红人常发〔2022〕5号”", default=None)
    issuer: Name = field("发布机关", "如“红古区人大常委会”“华龙街道人大工委”")
    street: Id | None = field("街道", "只在一个街道施行时，该街道的编号", default=None)
    status: RuleStatus = field("状态", "试行、施行或废止")
    adopted: Date = field("通过日期", "审议通过或印发的日期")
    effective: Date | None = field("施行日期", "开始施行的日期", default=None)
    repealed: Date | None = field("废止日期", "废止的日期；状态为废止时必填", default=None)
    supersedes: list[Id] = field("取代", "本文件取代的旧文件编号", default_factory=list)
    summary: Text | None = field("摘要", "一两句话说明文件的作用", default=None)

    @model_validator(mode="after")
    def _dates_agree(self) -> RuleFrontMatter:
        if self.effective is not None and self.effective < self.adopted:
            raise rule_error(("effective",), f"施行日期 {self.effective} 早于通过日期 {self.adopted}")
        if self.status is RuleStatus.REPEALED and self.repealed is None:
            raise rule_error(("repealed",), "状态为废止时须填写废止日期")
        if self.status is not RuleStatus.REPEALED and self.repealed is not None:
            raise rule_error(("status",), "填写了废止日期，状态应为“废止”")
        if self.repealed is not None and self.repealed < self.adopted:
            raise rule_error(("repealed",), f"废止日期 {self.repealed} 早于通过日期 {self.adopted}")
        if self.id in self.supersedes:
            raise rule_error(("supersedes",), "文件不能取代它自己")
        return self


class Rule(RuleFrontMatter):
    body: Text = field("正文", "front matter 之后的 Markdown 正文")
