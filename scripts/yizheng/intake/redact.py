"""Removing personal data from what a resident typed, before it becomes a record.

`redact(text)` replaces every phone number, ID number, bank card number and
e-mail address with a marker naming what was there ("［已删除手机号］") and
counts the removals per kind. The removed values are never logged, returned
or kept anywhere: only the kinds and the counts go into the record.

Matching runs on the text and on a copy of it in which full-width ASCII
forms (digits ０-９, ＋, －, （）, ＠, letters) and the ideographic space are
mapped one character to one character onto their ASCII forms, so positions
found in the copy are positions in the original: full-width digits are
normalised, not spelled out in the patterns. The patterns are those of
`yizheng.personal_data`, plus a few wider shapes that a public-facing
redaction should catch even when they are not valid numbers (`_EXTRA`): an ID
number is redacted whatever its check digit or date says
(`personal_data.id_checksum_ok` is a confidence signal only), a landline's
local part may start with any digit, and card numbers may be grouped 4-4-4-4-3
or 6-13. When matches overlap, the stretches are joined and removed as one,
named by the longest match, so no digit of a number is left behind; and the
replacement is repeated until nothing more is found, so the result passes the
models' own check (`personal_data.find` finds nothing in it).

Not covered: numbers spelled in Chinese numerals (一三八…), digits separated by
anything other than one space, hyphen or dash (138.1234.5678, 1 3 8 …), and
numbers split across lines.
"""

from __future__ import annotations

import re

from ..personal_data import Kind, find

MARKER = "［已删除{kind}］"

# Full-width ASCII variants (U+FF01..U+FF5E) → ASCII, and U+3000 → space: one character for one.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_SEP = r"[ \-\u2010-\u2015\u00a0]?"
_EXTRA: list[tuple[Kind, re.Pattern[str]]] = [
    # 17 digits and a check character, in the 6-8-4 grouping people use, whether or not the date is valid.
    (Kind.ID_NUMBER, re.compile(r"(?<![0-9])[0-9]{6}" + _SEP + r"[0-9]{8}" + _SEP + r"[0-9]{3}[0-9Xx](?![0-9A-Za-z])")),
    # 16 to 19 digits: run together, as four groups of four and 1 to 3 more, or as 6 + 13.
    (Kind.BANK_CARD, re.compile(r"(?<![0-9])[0-9]{16,19}(?![0-9])")),
    (Kind.BANK_CARD, re.compile(r"(?<![0-9])(?:[0-9]{4}[ \-]){3}[0-9]{4}(?:[ \-][0-9]{1,3})?(?![0-9])")),
    (Kind.BANK_CARD, re.compile(r"(?<![0-9])[0-9]{6}[ \-][0-9]{13}(?![0-9])")),
    # A landline with its area code, whatever digit the local number starts with.
    (Kind.LANDLINE, re.compile(r"(?<![0-9])(?:\(0[0-9]{2,3}\)|0[0-9]{2,3}" + _SEP + r") ?[0-9]{7,8}(?![0-9])")),
]


def marker(kind: Kind) -> str:
    """What a removed stretch of `kind` is replaced with."""
    return MARKER.format(kind=kind.value)


def redact(text: str) -> tuple[str, dict[Kind, int]]:
    """`text` with every piece of personal data replaced by a marker, and how many of each kind.

    The counts hold only kinds that were found, in the order of `Kind`. The
    result is a fixed point: `personal_data.find` finds nothing in it, and
    redacting it again changes nothing.
    """
    counts: dict[Kind, int] = {}
    while True:
        spans = _spans(text)
        if not spans:
            break
        pieces: list[str] = []
        position = 0
        for start, end, kind in spans:
            pieces += [text[position:start], marker(kind)]
            counts[kind] = counts.get(kind, 0) + 1
            position = end
        pieces.append(text[position:])
        text = "".join(pieces)
    return text, {kind: counts[kind] for kind in Kind if kind in counts}


def _spans(text: str) -> list[tuple[int, int, Kind]]:
    """Stretches to remove, earliest first, never overlapping; each named by its longest match.

    Every pattern runs on the text as written and on its half-width copy (the
    two can differ at the edges of a number: "１13812345678").
    """
    candidates: list[tuple[int, int, Kind]] = []
    for version in dict.fromkeys((text, text.translate(_HALF_WIDTH))):
        candidates += [(f.start, f.end, f.kind) for f in find(version)]
        for kind, pattern in _EXTRA:
            candidates += [(m.start(), m.end(), kind) for m in pattern.finditer(version)]
    # By start; at equal starts the longest first, then personal_data's own kind before ours.
    ordered = sorted(enumerate(candidates), key=lambda item: (item[1][0], -(item[1][1] - item[1][0]), item[0]))
    merged: list[tuple[int, int, Kind, int]] = []  # start, end, kind, length of the match naming it
    for _, (start, end, kind) in ordered:
        if merged and start < merged[-1][1]:
            m_start, m_end, m_kind, m_length = merged[-1]
            if end - start > m_length:
                m_kind, m_length = kind, end - start
            merged[-1] = (m_start, max(m_end, end), m_kind, m_length)
        else:
            merged.append((start, end, kind, end - start))
    return [(start, end, kind) for start, end, kind, _ in merged]
