"""Building blocks shared by every record model."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from .. import personal_data
from ..privacy import review

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_HINT = "小写字母、数字和连字符组成的编号，如 hl-007"

SUGGESTION_ID_PATTERN = r"^(20\d{2})-([WX])(\d{4,6})$"
SUGGESTION_ID_HINT = "意见建议编号：年份-W（网上表单，后接议题编号）或 X（线下收集）加 4 到 6 位数字，如 2026-W0042、2026-X0007"

PHONE_PATTERN = r"^(?:0\d{2,3}-\d{7,8}(?:-\d{1,6})?|1\d{4,5}|400-?\d{3}-?\d{4})$"
PHONE_HINT = "带区号的固定电话（如 0931-6123456）或服务热线（如 12345）"

PRIVACY_DIGEST_PATTERN = r"^[0-9a-f]{12}$"
PRIVACY_DIGEST_HINT = "12 位十六进制数字（0-9、a-f），照抄 yizheng validate 的提醒中给出的那一串"

TIME_RANGE_PATTERN = r"^(?:[01]\d|2[0-3]):[0-5]\d-(?:[01]\d|2[0-3]):[0-5]\d$"
TIME_RANGE_HINT = "24 小时制的时间段，如 09:00-11:30"

# Descriptions of patterns for error messages, keyed by the pattern itself.
PATTERN_HINTS: dict[str, str] = {
    ID_PATTERN: ID_HINT,
    SUGGESTION_ID_PATTERN: SUGGESTION_ID_HINT,
    PHONE_PATTERN: PHONE_HINT,
    TIME_RANGE_PATTERN: TIME_RANGE_HINT,
    PRIVACY_DIGEST_PATTERN: PRIVACY_DIGEST_HINT,
}


def _no_personal_data(text: str) -> str:
    findings = personal_data.find(text)
    if findings:
        kinds = "、".join(dict.fromkeys(f.kind.value for f in findings))
        raise ValueError(f"含有疑似{kinds}；个人联系方式和证件号码不得公开，请删除（公开电话只写在联络站的 phone 字段）")
    review.notice(text)  # a possible address or name: a warning from the loader (yizheng.privacy.warnings)
    return text


Text = Annotated[str, Field(min_length=1), AfterValidator(_no_personal_data)]
"""Public text: non-empty, with no phone, ID or card number in it."""

Name = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_no_personal_data)]
Title = Annotated[str, Field(min_length=2, max_length=80), AfterValidator(_no_personal_data)]

Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=64)]
SuggestionId = Annotated[str, Field(pattern=SUGGESTION_ID_PATTERN)]
Phone = Annotated[str, Field(pattern=PHONE_PATTERN)]
TimeRange = Annotated[str, Field(pattern=TIME_RANGE_PATTERN)]
PrivacyDigest = Annotated[str, Field(pattern=PRIVACY_DIGEST_PATTERN)]
"""`privacy_checked`: a person looked at what may be an address or a name (see yizheng.privacy.review)."""

PRIVACY_CHECKED_TITLE = "隐私已核对"
PRIVACY_CHECKED_DESCRIPTION = (
    "工作人员核对过可能是住址或姓名的文字、确认可以公开后，照抄 yizheng validate 提醒中给出的 12 位核对码；"
    "这些文字再被修改时核对码不再相符，会重新提醒"
)
Date = dt.date


def field(title: str, description: str, **kwargs):  # noqa: ANN201 - returns pydantic's FieldInfo
    """A model field with the Chinese title and description every field carries."""
    return Field(title=title, description=description, **kwargs)


class Strict(BaseModel):
    """Base of every model: unknown fields are errors, text is trimmed."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        allow_inf_nan=False,
        validate_default=False,
        use_attribute_docstrings=False,
    )


class Record(Strict):
    """A top-level record: one file, named by its id."""

    id: Id = field("编号", "记录的唯一编号，与文件名相同（不含扩展名）")
    example: bool = field("示例数据", "为 true 时，网站在此记录上标明“示例数据”，表示内容为虚构示例", default=False)


def ensure_sorted(dates: list[dt.date], name: str, what: str, key: str = "date") -> None:
    """Dates of list `name` must not go back in time."""
    for index, (before, after) in enumerate(zip(dates, dates[1:]), start=1):
        if after < before:
            raise rule_error((name, index, key), f"{what}应按时间先后排列：{after} 排在了 {before} 之后")


def ensure_unique(values: list[str], name: str, what: str) -> None:
    """Items of list `name` must not repeat."""
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise rule_error((name, index), f"{what}中“{value}”重复出现")
        seen.add(value)


def rule_error(loc: tuple[str | int, ...], message: str) -> PydanticCustomError:
    """An error of a rule spanning fields, pointed at the field that breaks it.

    Raise it from a model validator; `loc` is relative to the model.
    """
    return PydanticCustomError("record_rule", "{message}", {"message": message, "loc": tuple(loc)})
