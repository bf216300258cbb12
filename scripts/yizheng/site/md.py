"""Safe pieces of Markdown for the page renderers.

Anything a person typed (above all a resident's suggestion) goes through
`inline`, `block` or `cell`: every character that Markdown or HTML could give a
meaning (`<`, `&`, `*`, `[`, `#`, `|`, `:`...) becomes a numeric character
reference. Text can therefore never become HTML, a script, a link, an image,
a heading or a list, and never break the table it sits in, yet it reads and
is found by search exactly as typed.

Escaping is the default: what these functions build is `Safe` (Markdown known to be
safe), and `table`, `definition_list`, `link` and `heading` escape whatever they are
given that is not `Safe`. Numbers are written as they are; dates the way readers write them,
"2026年9月24日", kept on one line (`date`). Marking text
`Safe` by hand is a promise that it holds no untrusted character: keep it to our own
words and to pieces built from Safe parts.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence


class Safe(str):
    """Markdown that is safe to put on a page as it is (escaped text, or our own markup)."""

    __slots__ = ()


Cell = str | int | float | dt.date
"""What a table cell may be given: Safe Markdown; any other text (escaped); a number or a date."""

_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>&\"'~^:$@=%/")
_ESCAPES = str.maketrans({ch: f"&#{ord(ch)};" for ch in _SPECIAL})
_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")
# Line breaks and runs of spaces become one space (a break next to spaces too).
_WHITESPACE = re.compile(r"[\r\n\u2028\u2029\x85 \t\u00a0\u3000]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def inline(text: str) -> Safe:
    """Untrusted text on one line, safe anywhere inline (also in a table cell); Safe text as it is."""
    if type(text) is Safe:
        return text
    return _inline(str(text))


@functools.lru_cache(maxsize=1 << 16)
def _inline(text: str) -> Safe:
    # Remembered: names, units and titles come back on many pages (600,000 calls at 10,000 suggestions).
    # Only ever given plain str (never Safe, which compares equal to the same str).
    text = _CONTROL.sub("", _WHITESPACE.sub(" ", text).strip())
    return Safe(text.translate(_ESCAPES))


def cell(value: Cell) -> Safe:
    """A table cell: Safe as it is, a date as `date` writes it, a number as digits, other text escaped."""
    kind = type(value)  # exact types first: some 200,000 cells at 1,000 suggestions
    if kind is Safe:
        return value  # type: ignore[return-value]
    if kind is str:
        return _inline(value)  # type: ignore[arg-type]
    if kind is dt.date:
        return _date(value)  # type: ignore[arg-type]
    if isinstance(value, bool):
        raise TypeError("a table cell is text, a number or a date, not a truth value")
    if isinstance(value, int):
        return Safe(str(value))
    if isinstance(value, float):
        return Safe(f"{value:g}")
    if isinstance(value, dt.date):
        return _date(value)
    return _inline(str(value))  # a str subclass (an Enum's value is a plain str already)


def date(day: dt.date) -> Safe:
    """A date for readers, "2026年9月24日", in a span that never breaks across lines (class yz-date)."""
    return _date(day)


@functools.lru_cache(maxsize=1 << 12)
def _date(day: dt.date) -> Safe:
    return Safe(f'<span class="yz-date">{day.year}年{day.month}月{day.day}日</span>')


def plain_date(day: dt.date) -> str:
    """The same words without markup, for places that are not HTML (titles, feeds, messages)."""
    return f"{day.year}年{day.month}月{day.day}日"


def block(text: str) -> Safe:
    """Untrusted text of several paragraphs, as Markdown paragraphs of escaped text."""
    paragraphs = re.split(r"\n\s*\n", _BREAKS.sub("\n", text).strip())
    rendered = []
    for paragraph in paragraphs:
        lines = [_inline(line) for line in paragraph.split("\n") if line.strip()]
        if lines:
            rendered.append("<br>\n".join(lines))
    return Safe("\n\n".join(rendered))


_SAFE_HREF = re.compile(r"^(?:https://[^\s\"'<>]+|(?:\.\.?/|[A-Za-z0-9_\-])[^\s\"'<>:]*|#[A-Za-z0-9_\-]*)$")


@functools.lru_cache(maxsize=1 << 16)
def href(url: str) -> str:
    """A link target: https or relative only; anything else (javascript:, data:) is refused.

    Refusing is a last guard, not a content rule: the pages build every target from
    record ids (models.common.ID_PATTERN) and site.repository (a pattern in models/site.py),
    which validation has checked, so a ValueError here is a bug in a renderer
    (tests/test_one_gate.py checks that every repository the model accepts links).
    """
    quoted = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    if url != url.strip() or not _SAFE_HREF.match(quoted):
        raise ValueError(f"unsafe link target: {url!r}")
    return quoted


@functools.lru_cache(maxsize=1 << 16, typed=True)  # typed: a Safe label and the same plain text differ
def link(label: str, url: str) -> Safe:
    """A Markdown link whose label is escaped text (unless Safe).

    Remembered: the same record is linked from every page of a folder (one relative URL).
    """
    return Safe(f"[{label if type(label) is Safe else _inline(label)}]({href(url)})")


def geo_link(label: str, latitude: float, longitude: float) -> Safe:
    """A link that opens the reader's own map app at a WGS-84 point (an RFC 5870 geo: URI).

    The target is made of two numbers formatted here, so nothing in it needs escaping; the label is escaped.
    """
    return Safe(f"[{inline(label)}](geo:{float(latitude):.6f},{float(longitude):.6f})")


def heading(level: int, text: str) -> Safe:
    return Safe(f"{'#' * level} {inline(text)}")


def table(headers: Sequence[Cell], rows: Iterable[Sequence[Cell]]) -> Safe:
    """A Markdown table; every header and cell goes through `cell` (escaped unless Safe)."""
    lines = ["| " + " | ".join(map(cell, headers)) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    fast = _FAST_CELL.get  # Safe, str and date straight to their (remembered) forms, the rest through cell
    lines += ["| " + " | ".join([c if type(c) is Safe else fast(type(c), cell)(c) for c in row]) + " |" for row in rows]
    return Safe("\n".join(lines))


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def badge(text: str, slug: str) -> Safe:
    """A status badge: always words, colour only repeats them. The slug is ours (a CSS class), never text."""
    if not _SLUG.fullmatch(slug):
        raise ValueError(f"not a badge slug: {slug!r}")
    return Safe(f'<span class="yz-badge yz-badge--{slug}">{inline(text)}</span>')


def definition_list(items: Iterable[tuple[Cell, Cell]]) -> Safe:
    """Label/value pairs as a two-column table; each escaped unless Safe."""
    return table(["项目", "内容"], items)


def join(*pieces: Cell, sep: str = "") -> Safe:
    """Pieces put together, each escaped unless Safe, spaces kept (sep is our own markup)."""
    fast = _FAST_PIECE.get
    return Safe(sep.join([p if type(p) is Safe else fast(type(p), cell)(p) for p in pieces]))


@functools.lru_cache(maxsize=1 << 12)
def _spaced(text: str) -> Safe:
    """Escaped like `inline`, but spaces at either end kept (pieces of a sentence)."""
    return Safe(_CONTROL.sub("", _WHITESPACE.sub(" ", text)).translate(_ESCAPES))


_FAST_CELL = {str: _inline, dt.date: _date}
_FAST_PIECE = {str: _spaced, dt.date: _date}
