"""Removing personal data from what a resident typed, before it becomes a record.

`redact(text)` replaces every phone number, ID number, bank card number and
e-mail address with a marker naming what was there ("［已删除手机号］") and
counts the removals per kind. The removed values are never logged, returned
or kept anywhere: only the kinds and the counts go into the record.

What is removed is exactly what `yizheng.personal_data.find` finds (the
models' own check and the privacy scan of the built site use the same
function), so whatever spelling the check refuses, redaction removes:
full-width, Arabic-Indic, mathematical or circled digits, Chinese numerals
(一三八…, 幺), zero-width characters and soft hyphens between digits, any
of spaces, tabs, dots, dashes, slashes or commas between them, old 15-digit
ID numbers, and e-mail addresses in any script. The stretch removed is the
stretch a reader sees, invisible characters inside it included; a plus sign
or an opening bracket in front of a number (+86, (0931)) goes with it.

The replacement is repeated until nothing more is found (taking a number out
can never join two others, as a marker holds no digits, but the loop makes
the promise hold by construction), so the result is a fixed point:
`personal_data.find` finds nothing in it.

Not covered (see `personal_data`): numbers read out with 十 or 百, numbers
split across paragraphs, "at" and "dot" written as words.
"""

from __future__ import annotations

from ..personal_data import Kind, find

MARKER = "［已删除{kind}］"


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
        findings = find(text)
        if not findings:
            break
        pieces: list[str] = []
        position = 0
        for finding in findings:
            pieces += [text[position : finding.start], marker(finding.kind)]
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
            position = finding.end
        pieces.append(text[position:])
        text = "".join(pieces)
    return text, {kind: counts[kind] for kind in Kind if kind in counts}
