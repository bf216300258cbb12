"""Safe pieces of Markdown for the page renderers.

Anything a person typed (above all a resident's suggestion) goes through
`inline`, `block` or `cell`: every character that Markdown or HTML could give a
meaning (`<`, `&`, `*`, `[`, `#`, `|`, `:`...) becomes a numeric character
reference. Text can therefore never become HTML, a script, a link, an image,
a heading or a list, and never break the table it sits in, yet it reads and
is found by search exactly as typed.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Sequence

_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>&\"'~^:$@=%/")
_ESCAPES = str.maketrans({ch: f"&#{ord(ch)};" for ch in _SPECIAL})
_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")
# Line breaks and runs of spaces become one space (a break next to spaces too).
_WHITESPACE = re.compile(r"[\r\n\u2028\u2029\x85 \t\u00a0\u3000]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@functools.lru_cache(maxsize=1 << 16)
def inline(text: str) -> str:
    """Untrusted text on one line, safe anywhere inline (also in a table cell).

    Remembered: names, units and titles come back on many pages (600,000 calls at 10,000 suggestions).
    """
    text = _CONTROL.sub("", _WHITESPACE.sub(" ", text).strip())
    return text.translate(_ESCAPES)


cell = inline


def block(text: str) -> str:
    """Untrusted text of several paragraphs, as Markdown paragraphs of escaped text."""
    paragraphs = re.split(r"\n\s*\n", _BREAKS.sub("\n", text).strip())
    rendered = []
    for paragraph in paragraphs:
        lines = [inline(line) for line in paragraph.split("\n") if line.strip()]
        if lines:
            rendered.append("<br>\n".join(lines))
    return "\n\n".join(rendered)


def attr(text: str) -> str:
    """Text for an HTML attribute value in double quotes."""
    return html.escape(text, quote=True)


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


def link(label: str, url: str) -> str:
    """A Markdown link whose label is escaped text."""
    return f"[{inline(label)}]({href(url)})"


def heading(level: int, text: str) -> str:
    return f"{'#' * level} {inline(text)}"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; headers are our own words, cells must already be safe."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def badge(text: str, slug: str) -> str:
    """A status badge: always words, colour only repeats them."""
    return f'<span class="yz-badge yz-badge--{attr(slug)}">{inline(text)}</span>'


def definition_list(items: Iterable[tuple[str, str]]) -> str:
    """Label/value pairs as a two-column table; values must already be safe."""
    return table(["项目", "内容"], ((label, value) for label, value in items))
