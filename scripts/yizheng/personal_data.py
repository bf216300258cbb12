"""Personal data that must never reach the public site, found the way a reader sees it.

Mainland mobile and landline numbers, resident ID numbers (18 digits, and the
old 15), bank card numbers and e-mail addresses. The models use `find` to
refuse such text in any public field; intake redacts what `find` finds
(`yizheng.intake.redact`); the privacy scan of the built site
(`yizheng.privacy`) looks for the same numbers in every file written.

What counts is what a person reading the text would take for a number:

- Digits are any character Unicode gives a digit value (ASCII, full-width
  ０-９, Arabic-Indic ٠-٩, mathematical 𝟏, circled ①, superscript ², …) and
  the Chinese numerals 〇零一二三四五六七八九, 幺 (as in 幺三八) and the
  financial forms 壹贰叁肆伍陆柒捌玖. (两, 十, 百 and 洞 are not digits: they
  are not used to read out a number digit by digit, or are ordinary words.)
- Invisible characters between digits are ignored: format characters
  (Unicode category Cf: zero-width space and joiners, soft hyphen, bidi
  controls, BOM) and combining marks (variation selectors, the keycap ⃣).
- Up to three visible separators may stand between two digits: spaces (also
  no-break and ideographic), a tab, one line break, dots, dashes and
  hyphens, slashes, commas, underscores and brackets. Digits joined this way
  form a *run*; a run is cut into *groups* where separators stand.
- A number starts and ends at a group's edge, never inside a group, and not
  next to an ASCII letter or digit (so a hexadecimal hash is no phone
  number). A number is 11 digits 1[3-9]… (mobile; 86 or 0086 before it
  belong to it), 10 to 12 digits starting with 0 (landline), 18 digits or
  17 and X (ID number), 15 digits with a month and day in place and a first
  digit 1-8 (the old ID number), 16 to 19 digits (bank card).
- Its groups are either all single digits (1 3 8 1 …) or its middle groups
  are at least three long (138 1234 5678, +86 138…, 6201 0219 9003 0712 34,
  not the row of counts 138 14 10 40 67); and it is not a date, a list of
  years or an amount: a 4-digit year 19xx/20xx followed by a 1-2 digit month
  (2026-03-15 2026-04-30) is not a phone or card number (nor an ID number
  when the year comes first), groups that are all years are not a number,
  and 1,234,567,890 with commas every three digits is an amount.
- A number uses one separator throughout, except after its first group
  (+86 138-1234-5678, (0931) 861-2345): 36.342512,102.867145 and
  13.41 17.59 19 are lists of decimals. Spelled digit by digit it has spaces
  or dashes between the digits (not the commas of [0,1,2,3,…]), and any number
  has at least three different digits (0000000000 is filler).
- E-mail: after NFKC (so ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ and ﹫ count) and without
  invisible characters, a local part, an at sign and a domain of at least
  two labels, where labels may be in any script (用户@例子.中国) and the
  ideographic full stop 。 may stand for a dot before an ASCII label.

Not covered, on purpose: numbers read out in words with 十 or 百, numbers
split across paragraphs, "at" and "dot" spelled in words, numbers hidden in
images. Positions are always positions in the original text, so a caller can
replace exactly the stretch a reader sees.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    ID_NUMBER = "身份证号"
    BANK_CARD = "银行卡号"
    MOBILE = "手机号"
    LANDLINE = "固定电话"
    EMAIL = "电子邮箱"


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int
    end: int


CHINESE_DIGITS = {
    **dict.fromkeys("〇零", 0),
    **{char: value for value, char in enumerate("一二三四五六七八九", start=1)},
    "幺": 1,
    **{char: value for value, char in enumerate("壹贰叁肆伍陆柒捌玖", start=1)},
    "貳": 2,
    "參": 3,
    "陸": 6,
}


# Characters with a digit value that are not decimal digits (\\d covers those): superscripts, subscripts,
# circled, parenthesised, dingbat and Ethiopic digits (Unicode 14; tests/test_privacy.py checks it against
# unicodedata).
_OTHER_DIGITS = (
    r"\u00b2-\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c"
    r"\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792\U00010a40-\U00010a43"
    r"\U00010e60-\U00010e68\U00011052-\U0001105a\U0001f100-\U0001f10a" + "".join(CHINESE_DIGITS)
)
# What a reader does not see: every format character (Unicode category Cf: soft hyphen, zero-width space
# and joiners, bidi controls, word joiner, BOM, tags) and the combining marks that go on a digit
# (diacritics, the keycap ⃣, variation selectors).
_CF = (
    r"\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    r"\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    r"\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_INVISIBLE = _CF + (
    r"\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\U000e0100-\U000e01ef"
)


_DIGIT = rf"[\d{_OTHER_DIGITS}]"
# Visible separators (before NFKC: the full-width and small forms are listed too).
_SEPARATORS = (
    " \t\n\u00a0\u2000-\u200a\u202f\u205f\u3000"  # spaces, a tab, a line break
    r"\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d"  # hyphens and dashes
    r".\u00b7\u2027\u30fb\uff0e\uff65"  # dots
    r"/\uff0f,\uff0c_\uff3f()\uff08\uff09\[\]\uff3b\uff3d"  # slashes, commas, underscores, brackets
)
_SEP_CLASS = f"[{_SEPARATORS}]"
_GAP = rf"[{_INVISIBLE}]*(?:{_SEP_CLASS}[{_INVISIBLE}]*){{0,3}}"
# A run: digits with at most three separators between each two, and an X after the last (an ID number's check
# character). The lookahead skips, inside the regex engine, every stretch with fewer than ten digits (a date).
_RUN = re.compile(
    rf"{_DIGIT}(?=(?:[{_SEPARATORS}{_INVISIBLE}]*{_DIGIT}){{9}})(?:{_GAP}{_DIGIT})*(?:[{_INVISIBLE}]*[Xx\uff38\uff58])?"
)
_SEP_CHARS = re.compile(_SEP_CLASS)
_SPELLED_OUT = {" ", "  ", "\u3000", "-", " - ", "\u00a0"}
_FEWEST_DIGITS = 10  # a landline: 0, two digits of area code and seven
_MOST_DIGITS = 19  # a bank card


@dataclass
class _Group:
    digits: str
    start: int  # in the original text
    end: int
    separator: str = ""  # the visible separators after it, up to the next group


def find(text: str) -> list[Finding]:
    """Every stretch of `text` that a reader would take for personal data: earliest first, never overlapping.

    It runs on every field of every record, so ordinary text costs one regex
    search (for ten digits standing close together) and a test for an at sign.
    """
    if len(text) < 6:  # a@b.cn
        return []
    findings: list[Finding] = []
    if len(text) >= _FEWEST_DIGITS:
        for run in _RUN.finditer(text):
            findings += _numbers(text, run.start(), run.end())
    if "@" in text or "＠" in text or "﹫" in text:
        findings += _emails(text)
    return _without_overlaps(findings) if len(findings) > 1 else findings


def find_all_patterns(text: str) -> list[Finding]:
    """`find` without its shortcuts: every possible run and e-mail examined (for tests of the shortcuts)."""
    findings: list[Finding] = []
    run = re.compile(rf"{_DIGIT}(?:{_GAP}{_DIGIT})*(?:[{_INVISIBLE}]*[Xx\uff38\uff58])?")
    for match in run.finditer(text):
        findings += _numbers(text, match.start(), match.end())
    return _without_overlaps(findings + _emails(text))


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if kept and finding.start < kept[-1].end:
            if finding.end > kept[-1].end:  # partly overlapping: one stretch, named by the longer
                last = kept[-1]
                longer = finding if finding.end - finding.start > last.end - last.start else last
                kept[-1] = Finding(longer.kind, last.start, finding.end)
            continue
        kept.append(finding)
    return kept


def digits_of(text: str) -> str:
    """The digits a reader reads in `text`, as ASCII (X kept as the last character of an ID number)."""
    out = []
    for char in text:
        value = CHINESE_DIGITS.get(char)
        if value is None:
            value = unicodedata.digit(char, None)
        if value is not None:
            out.append(str(value))
        elif char in "Xx\uff38\uff58":
            out.append("X")
    return "".join(out)


def _groups(text: str, start: int, end: int) -> list[list[_Group]]:
    """The groups of the run text[start:end], split where a separator holds two line breaks."""
    pieces: list[list[_Group]] = [[]]
    current: _Group | None = None
    previous: _Group | None = None
    for position in range(start, end):
        char = text[position]
        value = CHINESE_DIGITS.get(char)
        if value is None:
            value = unicodedata.digit(char, None)
        if value is not None or char in "Xx\uff38\uff58":
            if current is None:
                current = _Group("", position, position)
                pieces[-1].append(current)
            current.digits += "X" if value is None else str(value)
            current.end = position + 1
        elif _SEP_CHARS.match(char):
            if current is not None:
                previous, current = current, None
            if previous is not None:
                previous.separator += char
                if char == "\n" and previous.separator.count("\n") > 1 and pieces[-1]:
                    pieces.append([])
        # an invisible character belongs to the group it stands in
    return [piece for piece in pieces if piece]


def _numbers(text: str, start: int, end: int) -> list[Finding]:
    found: list[Finding] = []
    for groups in _groups(text, start, end):
        lengths = [len(g.digits) for g in groups]
        if sum(lengths) < _FEWEST_DIGITS:
            continue
        first = 0
        while first < len(groups):
            # The longest stretch of groups from `first` that a number can fill (at most 19 digits), then shorter.
            last, total = first, lengths[first]
            while last + 1 < len(groups) and total + lengths[last + 1] <= _MOST_DIGITS:
                last += 1
                total += lengths[last]
            while last >= first and total >= _FEWEST_DIGITS:
                kind = _kind(text, groups, lengths, first, last)
                if kind is not None:
                    span = _extended_start(text, groups[first].start), _extended_end(text, groups[last].end)
                    found.append(Finding(kind, *span))
                    first = last
                    break
                total -= lengths[last]
                last -= 1
            first += 1
    return found


def _kind(text: str, groups: list[_Group], lengths: list[int], first: int, last: int) -> Kind | None:
    """The kind of number groups[first..last] make, or None. The cheap tests come first: most stretches
    looked at are rows of small numbers."""
    sizes = lengths[first : last + 1]
    spelled_out = len(sizes) > 1 and max(sizes) == 1
    if not spelled_out and len(sizes) > 2 and min(sizes[1:-1]) < 3:
        return None  # a row of counts (138 14 10 40 67); a number's middle groups have three digits or more
    chosen = groups[first : last + 1]
    if not _standalone(text, chosen[0].start, chosen[-1].end):
        return None
    digits = "".join(g.digits for g in chosen)
    if "X" in digits[:-1] or len(set(digits)) < 3:
        return None  # 0,0,0,0,0,0,0,0,0,0 or 1111111111: filler, not a number
    kind = _kind_of_digits(digits)
    if kind is None or len(chosen) == 1:
        return kind
    if all(size == 4 and g.digits[:2] in ("19", "20") for size, g in zip(sizes, chosen)):
        return None  # a list of years
    separators = [g.separator for g in chosen[:-1]]
    if all(s == "," for s in separators) and all(size == 3 for size in sizes[1:]):
        return None  # an amount: 1,234,567,890
    if len(set(separators[1:])) > 1 or "." in separators[0] and len(set(separators)) > 1:
        return None  # one number, one separator (but +86 138-…, (0931) 861-…): not 36.34,102.86 or 13.41 17.59 19
    if spelled_out and separators[0] not in _SPELLED_OUT:
        return None  # digit by digit only with spaces or dashes between: not [0,1,2,3,4,5,6,7,8,9]
    whole = [g for size, g in zip(sizes, chosen) if size >= _FEWEST_DIGITS and _kind_of_digits(g.digits)]
    if kind is not Kind.MOBILE and whole:
        return None  # a number and something next to it (only a mobile number has a prefix, 86): found by itself
    dated = _dated(chosen)
    if dated is not None and (kind is not Kind.ID_NUMBER or dated == 0):
        return None
    return kind


def _kind_of_digits(digits: str) -> Kind | None:
    if digits.endswith("X"):
        return Kind.ID_NUMBER if len(digits) in (15, 18) else None
    length = len(digits)
    if _MOBILE.fullmatch(digits):
        return Kind.MOBILE
    if length == 18:
        return Kind.ID_NUMBER
    if length == 15 and digits[0] in "12345678" and _OLD_ID_DATE.match(digits, 8):
        return Kind.ID_NUMBER
    if 10 <= length <= 12 and digits[0] == "0":
        return Kind.LANDLINE
    if 16 <= length <= 19:
        return Kind.BANK_CARD
    return None


_MOBILE = re.compile(r"(?:0086|86)?1[3-9]\d{9}")
_OLD_ID_DATE = re.compile(r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")


def _dated(groups: list[_Group]) -> int | None:
    """Index of the first group that is a year followed by a month (2026-03…), if any."""
    for index, (year, month) in enumerate(zip(groups, groups[1:])):
        if (
            len(year.digits) == 4
            and year.digits[:2] in ("19", "20")
            and len(month.digits) <= 2
            and 1 <= int(month.digits.rstrip("X") or 0) <= 12
        ):
            return index
    return None


def _standalone(text: str, start: int, end: int) -> bool:
    """Not glued to an ASCII letter or digit on either side (a hash, a code, a longer number)."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _extended_start(text: str, start: int) -> int:
    """A number's start moved back over a plus sign or an opening bracket in front of it (+86…, (0931)…)
    and over invisible characters."""
    while start and (text[start - 1] in "+＋(（" or _INVISIBLE_CHARS.match(text[start - 1])):
        start -= 1
    return start


def _extended_end(text: str, end: int) -> int:
    """A number's end moved on over invisible characters after it (the keycap of 8️⃣)."""
    while end < len(text) and _INVISIBLE_CHARS.match(text[end]):
        end += 1
    return end


# E-mail: matched on an NFKC copy of the text without invisible characters, mapped back to the original.
# The local part: letters and digits of any script but Chinese, Japanese and Korean, or up to four of those
# (the regex takes the leftmost start, so a Latin local part never swallows the Chinese text before it).
_LOCAL = r"(?:[^\W\u2e80-\u9fff\uac00-\ud7af]|[.%+\-]){1,64}|[\u2e80-\u9fff\uac00-\ud7af]{1,4}"
# A label: ASCII letters and digits (ending where other text begins: a@b.com谢谢), or word characters of any script.
_LABEL = r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?![A-Za-z0-9\-])|[^\W_](?:[\w\-]{0,61}[^\W_])?)"
# Labels are separated by dots; the ideographic full stop 。 counts only before an ASCII label (UTS 46 maps it).
_EMAIL = re.compile(rf"(?:{_LOCAL})@{_LABEL}(?:(?:\.|。(?=[A-Za-z0-9])){_LABEL})+")
_LETTER = re.compile(r"[^\W\d_]")
_INVISIBLE_CHARS = re.compile(f"[{_INVISIBLE}]")


_AT = re.compile("[@＠﹫]")
_BEFORE_AT, _AFTER_AT = 80, 300  # an address's local part is at most 64 characters, its domain at most 253


def _emails(text: str) -> list[Finding]:
    """E-mail addresses, looked for only near each at sign (a page or an index can be long)."""
    windows: list[list[int]] = []
    for at in _AT.finditer(text):
        start, end = max(0, at.start() - _BEFORE_AT), min(len(text), at.end() + _AFTER_AT)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    found = []
    for start, end in windows:
        plain, origin = normalise(text[start:end])
        for match in _EMAIL.finditer(plain):
            if not _LETTER.search(re.split(r"[.。]", match[0])[-1]):
                continue  # the last label is a top-level domain: it has letters (v1@2.0 is no address)
            found.append(Finding(Kind.EMAIL, start + origin[match.start()], start + origin[match.end() - 1] + 1))
    return found


def normalise(text: str) -> tuple[str, list[int]]:
    """NFKC of `text` character by character, without invisible characters, and where each character came from.

    `origin[i]` is the position in `text` of the character that gave character
    `i` of the result (a character whose NFKC form is longer gives several).
    """
    out: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        if char.isascii():
            out.append(char)
            origin.append(position)
            continue
        if _INVISIBLE_CHARS.match(char):
            continue
        form = unicodedata.normalize("NFKC", char)  # ｡ becomes 。, which may separate domain labels (UTS 46)
        out.append(form)
        origin.extend([position] * len(form))
    return "".join(out), origin


def id_checksum_ok(number: str) -> bool:
    """The GB 11643 check digit: a confidence signal, not a gate."""
    digits = digits_of(number)
    if len(digits) != 18:
        return False
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(digits[:17], weights))
    return "10X98765432"[total % 11] == digits[17].upper()
