"""content/staff-keys.yml: the staff's age public keys, to which private text is sealed."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from ..sealing import RECIPIENT_PATTERN, SealError, parse_recipient
from .common import Name, Strict, field, rule_error


def _recipient(text: str) -> str:
    try:
        parse_recipient(text)
    except SealError as err:
        raise ValueError(str(err)) from None
    return text


Recipient = Annotated[str, Field(pattern=RECIPIENT_PATTERN), AfterValidator(_recipient)]


class StaffKey(Strict):
    name: Name = field("姓名", "持有这把密钥的工作人员（或岗位），如“下窑街道议政办 张示例”")
    recipient: Recipient = field(
        "公钥", "这位工作人员的 age 公钥：yizheng keys new 生成的、以 age1 开头的一行（私钥留在本人电脑上，不放进仓库）"
    )


class StaffKeys(Strict):
    """Who can read sealed text: every sealed value is encrypted to each key listed here."""

    example: bool = field("示例数据", "为 true 时表示这些是示例密钥：正式使用前须换成本区工作人员自己的公钥", default=False)
    keys: list[StaffKey] = field("工作人员公钥", "每位能查看不公开内容的工作人员一项", min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> StaffKeys:
        for index, key in enumerate(self.keys):
            before = self.keys[:index]
            if key.name in [k.name for k in before]:
                raise rule_error(("keys", index, "name"), f"工作人员“{key.name}”已经列过；一人一项")
            if key.recipient in [k.recipient for k in before]:
                raise rule_error(("keys", index, "recipient"), "这把公钥已经列过；每位工作人员用自己的密钥")
        return self

    def recipients(self) -> list:
        """The keys as pyrage recipients, to seal to."""
        return [parse_recipient(key.recipient) for key in self.keys]
