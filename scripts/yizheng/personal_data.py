"""Patterns for personal data that must never reach the public site.

Mainland mobile and landline numbers in their common spellings, 18-digit
resident ID numbers, e-mail addresses and bank card numbers. The models use
`find` to refuse such text in any public field; intake uses the same patterns
to redact what residents typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    ID_NUMBER = "身份证号"
    BANK_CARD = "银行卡号"
    MOBILE = "手机号"
    LANDLINE = "固定电话"
    EMAIL = "电子邮箱"


_SEP = r"[ \-\u2010-\u2015\u00a0]?"
# Full-width forms (０-９, ＋, －, （）, ＠, letters) and the ideographic space, one character for one,
# so that positions found in the translated text are positions in the original.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    (
        Kind.ID_NUMBER,
        re.compile(
            r"(?<![0-9])[1-9]\d{5}" + _SEP + r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
            + _SEP + r"\d{3}[0-9Xx](?![0-9A-Za-z])"
        ),
    ),
    # ID-shaped whatever the date or check digit says (id_checksum_ok is a confidence signal, not a gate).
    (Kind.ID_NUMBER, re.compile(r"(?<![0-9])\d{6}" + _SEP + r"\d{8}" + _SEP + r"\d{3}[0-9Xx](?![0-9A-Za-z])")),
    (
        Kind.BANK_CARD,
        re.compile(r"(?<![0-9])(?:(?:\d{4}[ \-]?){3}\d{4}(?:[ \-]?\d{1,3})?|\d{6}[ \-]\d{13})(?![0-9])"),
    ),
    (
        Kind.MOBILE,
        re.compile(r"(?<![0-9])(?:(?:\+|00)?86" + _SEP + r")?1[3-9]\d" + _SEP + r"\d{4}" + _SEP + r"\d{4}(?![0-9])"),
    ),
    (
        Kind.LANDLINE,
        re.compile(r"(?<![0-9])(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}" + _SEP + r")\s?\d{7,8}(?![0-9])"),
    ),
    (Kind.EMAIL, re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")),
]


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int
    end: int


# Every number pattern above needs at least ten digits (a landline: 0 + two digits + seven),
# and an e-mail address an at sign; text with fewer digits and no at sign cannot hold any.
_FEWEST_DIGITS = 10
_NOT_DIGITS = re.compile(r"\D+")


def find(text: str) -> list[Finding]:
    """Every stretch of text that looks like personal data, earliest first, never overlapping."""
    if "@" not in text and "＠" not in text and len(_NOT_DIGITS.sub("", text)) < _FEWEST_DIGITS:
        return []  # most public text: a check on every record field, so it must be cheap
    return find_all_patterns(text)


def find_all_patterns(text: str) -> list[Finding]:
    """`find` without its shortcut: every pattern run over the text."""
    text = text.translate(_HALF_WIDTH)
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            findings.append(Finding(kind, start, end))
    return sorted(findings, key=lambda f: f.start)


def id_checksum_ok(number: str) -> bool:
    """The GB 11643 check digit: a confidence signal, not a gate."""
    digits = re.sub(r"[^0-9Xx]", "", number)
    if len(digits) != 18:
        return False
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(digits[:17], weights))
    return "10X98765432"[total % 11] == digits[17].upper()
