"""The page kit (site/kit.py) and md.py escape by default: hostile text through every public function.

The invariant: what a function builds from hostile text has exactly the HTML structure (tags and
attribute names, in order) it builds from harmless text of the same shape, so no character of the
hostile text became markup; and link targets are only what the renderers built.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from golden import fixed_context
from hostile import CORPUS, one_line
from yizheng.models.lifecycle import Status
from yizheng.site import kit, md
from yizheng.site.md import Safe

EXTENSIONS = ["admonition", "tables", "attr_list", "md_in_html", "toc"]


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape: list[tuple[str, tuple[str, ...]]] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.shape.append((tag, tuple(sorted(name for name, _ in attrs))))
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src")]


def _structure(text: str) -> tuple[list, list[str]]:
    if text.startswith("---\n"):  # kit.page_start's front matter: MkDocs reads it, it is not Markdown
        front, text = text[4:].split("\n---\n", 1)
        assert "<" not in front and "\n" not in front.split("title: ", 1)[1].split("\nsearch:")[0]
    parser = _Structure()
    parser.feed(markdown.markdown(text, extensions=EXTENSIONS))
    return parser.shape, parser.hrefs


def _harmless(text: str) -> str:
    """Text of the same shape (lines and blank lines) with nothing Markdown or HTML could use."""
    return re.sub(r"\S+", "字", text)


CTX = fixed_context()


def _street_table(text: str) -> str:
    site = CTX.registry.site
    streets = [s.model_copy(update={"name": text}) for s in site.streets]
    ctx = dataclasses.replace(CTX, registry=dataclasses.replace(CTX.registry, site=site.model_copy(update={"streets": streets})))
    first = streets[0].id
    return kit.street_table(ctx, "stations/index.md", [("个数", {first: 2})], "stations/streets", [first])


def _name_of(text: str) -> str:
    street = CTX.registry.site.streets[0]
    return kit.name_of({street.id: street.model_copy(update={"name": text})}, street.id)


def _station_contact(text: str) -> str:
    station = CTX.registry.stations["hl-home"].model_copy(update={"name": text, "address": text, "opening_hours": text})
    return kit.station_contact(CTX, "suggest.md", station)


def _community_chooser(text: str, folded: bool) -> str:
    site = CTX.registry.site
    streets = [
        s.model_copy(update={"name": text, "communities": [c.model_copy(update={"name": text}) for c in s.communities]})
        for s in site.streets
    ]
    ctx = dataclasses.replace(CTX, registry=dataclasses.replace(CTX.registry, site=site.model_copy(update={"streets": streets})))
    return kit.community_chooser(ctx, "index.md", folded=folded)


# Every public function of md and the kit that takes text, with the text in each of its text places.
FUNCTIONS: dict[str, Callable[[str], str]] = {
    "md.inline": md.inline,
    "md.cell": md.cell,
    "md.block": md.block,
    "md.link": lambda t: md.link(t, "../a/b.md"),
    "md.heading": lambda t: md.heading(2, t),
    "md.badge": lambda t: md.badge(t, "closed"),
    "md.table/header": lambda t: md.table([t, "二"], [["1", "2"]]),
    "md.table/cell": lambda t: md.table(["一", "二"], [[t, md.link(t, "x.md")], [dt.date(2026, 1, 2), 3]]),
    "md.definition_list": lambda t: md.definition_list([(t, t), ("日期", dt.date(2026, 1, 2))]),
    "md.join": lambda t: md.join(t, md.link(t, "x.md"), t, sep="、"),
    "kit.page_start": kit.page_start,
    "kit.page_start/unsearchable": lambda t: kit.page_start(t, searchable=False),
    "kit.link_to": lambda t: kit.link_to(CTX, "stations/index.md", "station", "hl-home", t),
    "kit.name_of": _name_of,
    "kit.name_of/fallback": lambda t: kit.name_of({}, None, t),
    "kit.street_table": _street_table,
    "kit.record_footer": lambda t: kit.record_footer(CTX, "station", "hl-home", t),
    "kit.listing.heading": lambda t: md.heading(1, kit.Listing("a/index.md", 2, 3, [], Safe("")).heading(t)),
    "kit.station_contact": _station_contact,
    "kit.community_chooser": lambda t: _community_chooser(t, folded=False),
    "kit.community_chooser/folded": lambda t: _community_chooser(t, folded=True),
    "ctx.suggestion_form_url": lambda t: md.link("在网上填写表单", CTX.suggestion_form_url(t)),
}


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("hostile", CORPUS)
def test_hostile_text_stays_text(name: str, hostile: str) -> None:
    build = FUNCTIONS[name]
    one_line_only = name not in ("md.block",)
    text = one_line(hostile) if one_line_only else hostile
    shape, hrefs = _structure(build(text))
    harmless_shape, harmless_hrefs = _structure(build(_harmless(text)))
    assert shape == harmless_shape
    assert len(hrefs) == len(harmless_hrefs)
    assert all(not href.lower().lstrip().startswith(("javascript", "data", "vbscript")) for href in hrefs)
    assert isinstance(build(text), Safe)


def test_what_the_kit_builds_is_safe_and_plain_text_is_escaped() -> None:
    assert md.table(["a/b"], [["x-y", Safe("<b>我们的</b>"), dt.date(2026, 1, 2), 7, 2.5]]) == (
        "| a&#47;b |\n| --- |\n| x&#45;y | <b>我们的</b> | 2026-01-02 | 7 | 2.5 |"
    )
    assert md.inline(Safe("**粗体**")) == "**粗体**" and md.inline("**粗体**") == "&#42;&#42;粗体&#42;&#42;"
    # Safe compares equal to str; the escaping cache must not hand back the unescaped text.
    assert md.inline(Safe("<i>")) == "<i>" and md.inline("<i>") == "&#60;i&#62;"
    assert md.link(Safe("<i>"), "a.md") == "[<i>](a.md)" and md.link("<i>", "a.md") == "[&#60;i&#62;](a.md)"
    assert md.join("2026-01-02", " 至 ", dt.date(2026, 2, 3)) == "2026&#45;01&#45;02 至 2026-02-03"
    assert kit.status_badge(Status.CLOSED) == '<span class="yz-badge yz-badge--closed">已办结</span>'


@pytest.mark.parametrize("slug", ["", "a b", 'x" onclick="y', "[x](javascript:y)", "A"])
def test_a_badge_slug_is_never_text(slug: str) -> None:
    with pytest.raises(ValueError):
        md.badge("已办结", slug)


def test_the_one_pager() -> None:
    assert kit.pager("cases", 1, 1) == ""
    assert kit.pager("cases", 2, 3) == (
        '<nav class="yz-pager" markdown>\n\n[上一页](index.md) · 第 2 / 3 页 · [下一页](3.md)\n\n</nav>'
    )
    pages = dict(kit.paginate("a/b", list(range(120)), lambda listing: f"{listing.number}:{len(listing.items)}"))
    assert pages == {"a/b/index.md": "1:50", "a/b/2.md": "2:50", "a/b/3.md": "3:20"}
    assert dict(kit.paginate("a/b", [], lambda listing: listing.heading("空"))) == {"a/b/index.md": "空"}


PAGES = ROOT / "scripts" / "yizheng" / "site" / "pages"


def test_no_page_module_imports_another() -> None:
    modules = {path.stem for path in PAGES.glob("*.py") if path.stem != "__init__"}
    offenders = []
    for path in sorted(PAGES.glob("*.py")):
        if path.stem == "__init__":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                names = [node.module] if node.module else [alias.name for alias in node.names]
                offenders += [f"{path.name}: {name}" for name in names if name and name.split(".")[0] in modules]
    assert offenders == []
    assert Path(kit.__file__).parent.name == "site"


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_the_front_matter_title_is_the_escaped_title(title: str) -> None:
    """kit.page_start writes the title as a YAML string by hand; YAML reads back the HTML-escaped title."""
    text = kit.page_start(title)
    front = text.split("\n---\n", 1)[0][len("---\n") :]
    normal = " ".join(re.sub("[\x00-\x1f\x7f-\x9f\ufffe\uffff]", "", title).split())
    assert yaml.safe_load(front) == {"title": html.escape(normal, quote=True)}
