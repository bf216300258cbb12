"""A deliberation representative (议政代表)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

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


class Announcement(Strict):
    """公示: where and for how long the candidates were made public, and what came of objections."""

    start: Date = field("公示开始", "公示开始的日期，与产生程序中“公示”的日期相同")
    end: Date = field("公示结束", "公示期满的日期")
    place: Text = field("公示地点", "在哪里公示，如“华龙街道便民服务大厅公示栏、街道微信公众号”")
    objections: Annotated[int, Field(ge=0, le=9999)] = field("收到异议", "公示期间收到的异议件数，没有时写 0", default=0)
    handling: Text | None = field("异议处理", "收到异议时，怎样核实、处理，结果如何（不写反映人姓名）", default=None)

    @model_validator(mode="after")
    def _consistent(self) -> Announcement:
        if self.end < self.start:
            raise rule_error(("end",), f"公示结束日期 {self.end} 早于开始日期 {self.start}")
        if self.objections and self.handling is None:
            raise rule_error(("handling",), f"收到 {self.objections} 件异议，须写明处理情况（handling）")
        if not self.objections and self.handling is not None:
            raise rule_error(("handling",), "没有收到异议（objections: 0）时不写异议处理；收到异议时请写明件数")
        return self


class Selection(Strict):
    """民主推荐 → 审查协商 → 审议决定 → 公示 → 聘任, each with its date."""

    nominated: Date | None = field("民主推荐", "经民主推荐的日期", default=None)
    reviewed: Date | None = field("审查协商", "审查协商的日期", default=None)
    decided: Date | None = field("审议决定", "议政代表会议或人大工委审议决定的日期", default=None)
    announced: Date | None = field("公示", "公示开始的日期", default=None)
    appointed: Date | None = field("聘任", "颁发聘书、正式聘任的日期", default=None)
    notice: Announcement | None = field("公示情况", "公示的起止日期、地点、收到的异议和处理情况", default=None)

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
        notice = self.notice
        if notice is not None:
            if self.announced is None:
                raise rule_error(("notice",), "填写了公示情况，但产生程序中没有“公示”日期（announced）")
            if notice.start != self.announced:
                raise rule_error(("notice", "start"), f"公示开始日期 {notice.start} 应与产生程序中“公示”的日期 {self.announced} 相同")
            if self.appointed is not None and self.appointed < notice.end:
                raise rule_error(("appointed",), f"聘任日期 {self.appointed} 早于公示期满的 {notice.end}；公示期满后才能聘任")
        return self


STEP_ORDER = ("nominated", "reviewed", "decided", "announced", "appointed")
STEP_TITLES = {"nominated": "民主推荐", "reviewed": "审查协商", "decided": "审议决定", "announced": "公示", "appointed": "聘任"}


class Departure(Strict):
    """The end of a representative's last term (read from `terms`; kept for the pages and commands)."""

    date: Date = field("离任日期", "任期结束的日期")
    reason: Text = field("离任原因", "如“任期届满”“工作调动”")


class Membership(Strict):
    """One term (届) served: how the representative was selected for it, when it started and ended, and why."""

    term: Annotated[int, Field(ge=1, le=99)] = field("届次", "第几届议政代表，如 1 表示第一届")
    selection: Selection = field("产生程序", "这一届的民主推荐、审查协商、审议决定、公示、聘任各步骤的日期", default_factory=Selection)
    start: Date = field("任期开始", "这一届任期开始的日期，一般是聘任日期")
    end: Date | None = field("任期结束", "这一届任期结束或提前离任的日期；仍在任时不填", default=None)
    end_reason: Text | None = field("结束原因", "任期结束的原因，如“任期届满”“工作调动”；填写任期结束日期时必填", default=None)

    @model_validator(mode="after")
    def _consistent(self) -> Membership:
        if self.selection.appointed is not None and self.start < self.selection.appointed:
            raise rule_error(("start",), f"任期开始日期 {self.start} 早于聘任日期 {self.selection.appointed}")
        if self.end is not None and self.end < self.start:
            raise rule_error(("end",), f"任期结束日期 {self.end} 早于开始日期 {self.start}")
        if self.end is not None and self.end_reason is None:
            raise rule_error(("end_reason",), "填写了任期结束日期，须写明结束原因（end_reason），如“任期届满”")
        if self.end is None and self.end_reason is not None:
            raise rule_error(("end",), "写了结束原因，但没有任期结束日期（end）")
        return self


class Representative(Record):
    name: Name = field("姓名", "议政代表的姓名")
    category: RepresentativeCategory = field("代表类别", "人大代表、政协委员、企事业单位人员、居民代表或其他")
    street: Id = field("街道", "所在街道的编号，见 site.yml")
    community: Id = field("社区", "所联系社区的编号，须属于所在街道")
    grid: Id | None = field("网格", "所联系网格的编号，须属于所联系社区", default=None)
    station: Id = field("联络站", "所在议政代表之家、联络站或联络点的编号，须在同一街道")
    terms: list[Membership] = field(
        "任期", "担任议政代表的每一届，按时间先后排列；连任或离任后再次当选（补选）时增加一项。最后一项没有结束日期即为在任", min_length=1
    )
    linked_deputy: Id | None = field("联系的人大代表", "联系本议政代表的人大代表（须是类别为人大代表的议政代表）的编号", default=None)
    affiliation: Name | None = field("工作单位或身份", "公开的工作单位或社会身份，如“社区退休党员”", default=None)
    duties: list[Text] = field("公开职责", "在议政代表会中承担的职责，如“社区治理宣传员”", default_factory=list)
    bio: Annotated[Text, Field(max_length=300)] | None = field("简介", "300 字以内的公开简介", default=None)

    @model_validator(mode="before")
    @classmethod
    def _one_term_spelled_the_old_way(cls, data: Any) -> Any:
        """Records written before terms were a list (term, status, departure, selection at the top) are read
        as one term; `yizheng fmt` rewrites them as `terms`."""
        if not isinstance(data, dict) or not any(key in data for key in LEGACY_KEYS):
            return data
        if "terms" in data:
            key = next(key for key in LEGACY_KEYS if key in data)
            raise rule_error((key,), f"已有任期列表 terms 时不能再写“{key}”；届次、产生程序和离任信息都写在 terms 的每一届中")
        data = dict(data)
        term, status = data.pop("term", None), data.pop("status", None)
        departure, selection = data.pop("departure", None), data.pop("selection", None)
        if status is not None and status not in (ServiceStatus.SERVING.value, ServiceStatus.LEFT.value):
            raise rule_error(("status",), "状态应为“在任”或“离任”（旧写法；运行 yizheng fmt 可改写为任期列表 terms）")
        if status == ServiceStatus.LEFT.value and departure is None:
            raise rule_error(("status",), "状态为离任时须填写离任信息（departure: date 和 reason）")
        if status == ServiceStatus.SERVING.value and departure is not None:
            raise rule_error(("status",), "填写了离任信息，状态应为“离任”")
        membership: dict[str, Any] = {"term": term, "selection": selection if selection is not None else {}}
        start = selection.get("appointed") if isinstance(selection, dict) else None
        if start is None:
            raise rule_error(("selection",), "旧写法（term、status、selection）须有聘任日期；请改写为 terms 列表并填写任期开始日期 start")
        membership["start"] = start
        if isinstance(departure, dict):
            membership["end"], membership["end_reason"] = departure.get("date"), departure.get("reason")
        data["terms"] = [membership]
        return data

    @model_validator(mode="after")
    def _terms_in_order(self) -> Representative:
        for index, (before, after) in enumerate(zip(self.terms, self.terms[1:]), start=1):
            if after.term < before.term:  # the same term again: selected anew (补选) after leaving it
                raise rule_error(("terms", index, "term"), f"第 {after.term} 届排在第 {before.term} 届之后；任期应按时间先后排列")
            if before.end is None:
                raise rule_error(
                    ("terms", index - 1, "end"), f"第 {before.term} 届之后还有第 {after.term} 届，第 {before.term} 届须填写任期结束日期"
                )
            if after.start < before.end:
                raise rule_error(("terms", index, "start"), f"第 {after.term} 届的开始日期 {after.start} 早于上一届的结束日期 {before.end}")
        if self.linked_deputy == self.id:
            raise rule_error(("linked_deputy",), "不能填写本人的编号")
        return self

    @staticmethod
    def legacy_loc(loc: tuple, lines: Any) -> tuple:
        """Where a problem of the one term read from the old spelling is in the file (see messages.translate)."""
        if loc[:2] != ("terms", 0) or ("terms",) in lines:
            return loc
        rest = loc[2:]
        if not rest or rest[0] == "term":
            return ("term",)
        if rest[0] == "selection":
            return ("selection", *rest[1:])
        if rest[0] == "start":
            return ("selection", "appointed")
        return ("departure", {"end": "date", "end_reason": "reason"}.get(rest[0], rest[0]))

    # What the terms mean, for the pages, figures and commands: the last term decides.

    @property
    def current(self) -> Membership:
        """The last term: the one served now, or the one last served."""
        return self.terms[-1]

    @property
    def status(self) -> ServiceStatus:
        """在任 while the last term has no end, else 离任."""
        return ServiceStatus.SERVING if self.terms[-1].end is None else ServiceStatus.LEFT

    @property
    def term(self) -> int:
        return self.terms[-1].term

    @property
    def selection(self) -> Selection:
        return self.terms[-1].selection

    @property
    def departure(self) -> Departure | None:
        last = self.terms[-1]
        if last.end is None or last.end_reason is None:
            return None
        return Departure.model_construct(date=last.end, reason=last.end_reason)  # validated as the term's

    @property
    def first_start(self) -> Date:
        return self.terms[0].start


LEGACY_KEYS = ("term", "status", "departure", "selection")
