"""Text fields that may hold a sealed value (see yizheng.sealing) instead of plain text.

A sealed value skips the plain text's checks (length, personal data): it is
ciphertext, and its plain text was checked when it was sealed. It must be a
well-formed armored age message, and is kept as a `Sealed` string so that code
can tell it from plain text.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from ..sealing import ARMOR_BEGIN, ARMOR_END, Sealed, armor_problem, looks_sealed
from .common import Name, Text, Title

SEALED_JSON_SCHEMA = {
    "type": "string",
    "title": "加密内容",
    "description": "用工作人员公钥加密的内容（age 格式），由 yizheng seal 生成，不要手工修改",
    "pattern": f"^\\s*{ARMOR_BEGIN}\\n[A-Za-z0-9+/=\\n]+{ARMOR_END}\\s*$",
}


class SealedOr:
    """Annotation: the value is either plain text (checked as before) or a sealed value."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_wrap_validator_function(_plain_or_sealed, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict:
        plain = handler(schema["schema"])  # type: ignore[typeddict-item]
        return {"anyOf": [plain, SEALED_JSON_SCHEMA]}


def _plain_or_sealed(value: Any, plain: core_schema.ValidatorFunctionWrapHandler) -> Any:
    if not looks_sealed(value):
        return plain(value)
    problem = armor_problem(value)
    if problem is not None:
        # A rule error at the field itself: its message is shown as it is, never the value.
        raise PydanticCustomError("record_rule", "{message}", {"message": problem, "loc": ()})
    return Sealed(value.strip())


SealableText = Annotated[Text, SealedOr()]
SealableTitle = Annotated[Title, SealedOr()]
SealableName = Annotated[Name, SealedOr()]
