"""Charts as SVG, drawn at build time: no JavaScript, no third-party script.

A chart is an accessible image: role="img" with a <title> and a <desc> that
writes every number out, a text label above each bar and the number at its
end (so neither colour nor length is the only carrier), a fixed viewBox that
scales to the width of a phone (and, through max-width: 22.5em on the class
yz-chart in yizheng.css, is drawn no larger than the page's text on a wide
screen; there is no style= attribute, which the Content-Security-Policy
would block). Colours come from CSS classes (yz-chart; groups yz-chart__labels and yz-chart__values; the bars are one path,
yz-bars, to keep pages small); the presentation attributes
(`currentColor`, the page's own text colour) are only the fallback, so the
chart stays legible in light and dark schemes even without the stylesheet.

Every label is XML-escaped: a label "<script>" is drawn as text.

The result is wrapped in a <div> so that Python-Markdown takes it as one raw
HTML block (<svg> alone is not a block-level tag there; a <figure> would be,
but Material shrinks figures to their content's width); it contains no blank
line, and must be surrounded by blank lines in the page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

WIDTH = 360  # with LABEL_SIZE 16 the text is about 15 px on a phone 340 px wide
ROW = 46  # one row: a label line, then the bar with its number
BAR_TOP = 22
BAR_HEIGHT = 16
LABEL_SIZE = 16
MAX_WIDTH = f"{WIDTH / LABEL_SIZE:g}em"  # .yz-chart's max-width in yizheng.css: the chart's text no larger than the page's
VALUE_GAP = 6  # between the end of a bar and its number
MIN_VALUE_SPACE = 96  # room at the right for the number after the longest bar, at least
PAD = 4

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")


def text(value: str) -> str:
    """Text content for SVG: characters XML cannot hold dropped, markup escaped."""
    return escape(_NOT_XML.sub("", " ".join(value.split())))


def attr(value: str) -> str:
    """A quoted attribute value."""
    return quoteattr(_NOT_XML.sub("", " ".join(value.split())))


def text_width(value: str, size: int) -> float:
    """A rough width of `value` drawn at `size`: wide (CJK) characters are one em, others about half."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6 for ch in value)


def _short(value: float) -> str:
    """A coordinate with at most one decimal: 128.0 → '128', 298.66 → '298.7'."""
    return f"{value:.1f}".removesuffix(".0")


def number(value: float) -> str:
    """12 → '12', 12.5 → '12.5'."""
    return f"{value:g}" if isinstance(value, float) and not value.is_integer() else f"{int(value)}"


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    unit: str = "",
    chart_id: str,
    fmt: Callable[[float], str] | None = None,
    texts: Sequence[str] | None = None,
    maximum: float | None = None,
) -> str:
    """A horizontal bar chart; `values` may hold None for "no figure" (drawn as "—", no bar).

    `fmt` writes a value (default: the number followed by `unit`), or `texts` gives the words
    at the end of each bar outright (e.g. "42.9%（3/7）"); `maximum` fixes the full
    length of a bar (e.g. 1 for rates), otherwise the largest value fills it. `chart_id` must
    be unique on the page (it names the title and description for assistive technology).
    """
    # The callers' contract (counts and rates computed from the registry), not content rules.
    assert len(labels) == len(values), "labels and values differ in length"
    assert _ID.match(chart_id), f"bad chart id {chart_id!r}"
    assert all(value is None or value >= 0 for value in values), f"a bar cannot show {values!r}"
    write = fmt or (lambda v: f"{number(v)}{(' ' + unit) if unit else ''}")
    if texts is not None:
        assert len(texts) == len(values), "texts and values differ in length"
        written = list(texts)
    else:
        written = ["—" if v is None else write(v) for v in values]
    top = maximum if maximum is not None else max((v for v in values if v is not None), default=0)
    value_space = max((text_width(w, LABEL_SIZE) for w in written), default=0) + VALUE_GAP * 2
    span = WIDTH - max(value_space, MIN_VALUE_SPACE)
    height = max(len(labels), 1) * ROW + PAD
    description = "；".join(f"{label}：{value}" for label, value in zip(labels, written)) or "没有数据"
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    labels_svg, bars_svg, values_svg = [], [], []
    for row, (label, value, shown) in enumerate(zip(labels, values, written)):
        y = PAD + row * ROW
        length = 0.0 if value is None or top <= 0 else span * min(value, top) / top
        if value:
            length = max(length, 2.0)  # a non-zero value always shows a sliver
        fit = ""
        if text_width(label, LABEL_SIZE) > WIDTH:
            fit = f' textLength="{WIDTH}" lengthAdjust="spacingAndGlyphs"'
        labels_svg.append(f'<text y="{y + LABEL_SIZE}"{fit}>{text(label)}</text>')
        if length:
            bars_svg.append(f"M0 {y + BAR_TOP}h{_short(length)}v{BAR_HEIGHT}H0z")
        values_svg.append(f'<text x="{_short(length + VALUE_GAP)}" y="{y + BAR_TOP + BAR_HEIGHT - 3}">{text(shown)}</text>')
    if not labels:
        labels_svg.append(f'<text y="{PAD + LABEL_SIZE}">没有数据</text>')
    out = [
        '<div class="yz-chart-figure">',
        f'<svg xmlns="http://www.w3.org/2000/svg" class="yz-chart" role="img" id={attr(chart_id)} '
        f"aria-labelledby={attr(title_id + ' ' + desc_id)} viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" "
        f'preserveAspectRatio="xMinYMin meet" font-size="{LABEL_SIZE}" fill="currentColor">',
        f"<title id={attr(title_id)}>{text(title)}</title>",
        f"<desc id={attr(desc_id)}>{text(description)}。</desc>",
        '<g class="yz-chart__labels">' + "".join(labels_svg) + "</g>",
        f'<path class="yz-bars" fill-opacity="0.6" d="{"".join(bars_svg) or "M0 0"}"/>',
        '<g class="yz-chart__values" font-weight="bold">' + "".join(values_svg) + "</g>",
        "</svg>",
        "</div>",
    ]
    return "\n".join(out)
