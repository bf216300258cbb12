"""The body of a rule document: staff-written Markdown, published only if an allowlist keeps all of it.

Rule bodies are written by staff and reviewed in pull requests: trusted to be
honest, not to be safe. So a body is rendered alone to HTML with the site's
own Markdown extensions (`EXTENSIONS`, the same as `markdown_extensions` in
mkdocs.yml; a test keeps them equal), and that HTML is sanitized with nh3
(the Ammonia binding: a real HTML5 parser) under the allowlist below.

The decision: the rule page keeps the body as Markdown, and `yizheng validate`
proves that sanitizing its rendering removes nothing. The page is then the
same as if the sanitized HTML had been embedded, but MkDocs still sees the
headings (the table of contents, anchors and search sections work), and
relative links to other rule pages (`hl-rules-2022.md`) are still resolved by
MkDocs. Anything the sanitizer would remove is an error that names the file,
the body's line and what was found, so staff fix the source; the renderer only
asserts. "Removes nothing" is checked twice: our own reading of the HTML
(`problems`, which gives the messages) against the allowlist, and nh3's output
compared with its input, event by event (so a tag our reading missed but a
browser's parser sees is still caught, and so is an unclosed tag or comment
that would swallow the rest of the page).

What a body may contain (HANDBOOK.md says it in Chinese):
- headings, paragraphs, line breaks, horizontal rules, lists, block quotes,
  tables (column alignment becomes an `align` attribute, not a style),
  emphasis, code, sub/superscript, admonitions (`!!! note "标题"`), and
  `<div markdown>` blocks without attributes;
- links to https addresses, or to another rule page (`编号.md`) or the rule
  listing (`index.md`), without `#section` (the build checks every link and
  every anchor, and a rule page's heading anchors are not known before it is
  built); `title` on links.
No images: the generated docs folder holds no image files, so a relative image
could never be found (the build would fail) and any other one loads from
another host. Nothing else either: no event handler, no `style`, no `id`
except the heading anchors the toc writes (never one of the theme's `__…`,
`md-…` or the site's `yz-…`, which scripts look up), no class except the
admonition ones (a theme class such as md-dialog could pin a fake notice over
the page), no form control, no media, frame, script, style or link element,
no HTML comment, no element that loads from another host.

Links get no `rel`: nothing lets a body open a window (`target` is not allowed),
so `noopener` would change nothing, and adding it would make the sanitized HTML
differ from the page's.
"""

from __future__ import annotations

import html as html_module
import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import unquote

import markdown
import nh3

# --- the body as published: headings under the page's h1 ---------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)(.*)$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_LIST_OR_QUOTE = re.compile(r"^ {0,3}(?:[-*+>]|\d+[.)])(?:[ \t]|$)")


def _normal(title: str) -> str:
    return re.sub(r"[\s《》「」“”\"']+", "", title)


def demote(title: str, body: str) -> str:
    """The body under a page's h1 and "## 正文": a leading heading that repeats the title dropped,
    the top heading level made h3; headings inside fenced code stay as they are.
    """
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    # Pass 1: every heading as (line number, level, text); setext headings become ATX ones.
    headings: dict[int, tuple[int, str]] = {}
    drop: set[int] = set()
    fence: str | None = None
    for n, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence) and not line.strip(" `~"):
                fence = None
            continue
        if opening:
            fence = opening[1]
            continue
        atx = _ATX.match(line)
        if atx:
            text = re.sub(r"[ \t]+#+[ \t]*$", "", atx[3]).strip()
            headings[n] = (len(atx[2]), text)
            continue
        setext = _SETEXT.match(line)
        if setext and n > 0 and n - 1 not in headings and n - 1 not in drop:
            previous = lines[n - 1]
            if previous.strip() and not _FENCE.match(previous) and not _LIST_OR_QUOTE.match(previous):
                headings[n - 1] = (1 if setext[1][0] == "=" else 2, previous.strip())
                drop.add(n)

    # A leading heading that repeats the title is the page's h1 already.
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is not None and first in headings and _normal(headings[first][1]) == _normal(title):
        del headings[first]
        drop.add(first)

    shift = max(0, 3 - min((level for level, _ in headings.values()), default=3))
    out = []
    for n, line in enumerate(lines):
        if n in drop:
            continue
        if n in headings:
            level, text = headings[n]
            out.append("#" * min(6, level + shift) + (" " + text if text else ""))
        else:
            out.append(line)
    return "\n".join(out).strip("\n")


# --- the site's Markdown, as mkdocs.yml configures it -----------------------------------

EXTENSIONS = ["admonition", "tables", "attr_list", "md_in_html", "toc"]
EXTENSION_CONFIGS: dict[str, dict] = {"tables": {"use_align_attribute": True}, "toc": {"permalink": False}}

# --- the allowlist -----------------------------------------------------------------------

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
TAGS = HEADINGS | frozenset(
    {
        "p", "br", "hr", "blockquote", "ul", "ol", "li",
        "em", "strong", "b", "i", "code", "pre", "sub", "sup",
        "table", "thead", "tbody", "tr", "th", "td",
        "a", "div",
    }
)  # fmt: skip
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
"""HTML's void elements (never closed), for reading HTML; of these only br and hr are allowed."""
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "ol": {"start"},
    **{h: {"id"} for h in HEADINGS},
}
ALIGN = {"left", "center", "right"}
TAG_ATTRIBUTE_VALUES = {"th": {"align": ALIGN}, "td": {"align": ALIGN}}
ADMONITION_TYPES = frozenset(
    "note abstract summary tldr info todo tip hint important success check done question help faq "
    "warning caution attention failure fail missing danger error bug example quote cite".split()
)
CLASSES = {"div": {"admonition", *ADMONITION_TYPES}, "p": {"admonition-title"}}

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_URL_NOISE = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL
_SAFE_ID = re.compile(r"^(?!__|md-|yz-)[A-Za-z0-9_][A-Za-z0-9_\-]*$")
_START = re.compile(r"^\d{1,6}$")


_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_DROPPED_WITH_CONTENT = {
    "script", "style", "textarea", "title", "xmp", "noscript", "template", "iframe", "noembed", "noframes", "plaintext",
}  # fmt: skip
RULES = "rules"
"""The folder of the rule pages, where a body's relative links start from."""


def link_problem(value: str, pages: Collection[str] | None = None) -> str | None:
    """Why this link target may not be published, or None.

    `pages`: the relative targets that exist (e.g. {"hl-rules-2022.md", "index.md"});
    None checks only that the link stays on the site or goes to https.
    """
    url = _URL_NOISE.sub("", value.strip(_C0_AND_SPACE))  # as a browser reads it
    scheme = _SCHEME.match(url)
    if url.startswith(("//", "\\", "/\\")):
        return f"以 // 开头、指向其他网站的链接“{value}”（外部链接请写完整的 https:// 地址）"
    if scheme:
        return None if scheme[1].lower() == "https" else f"使用 {scheme[1]}: 的链接“{value}”（只能链接到其他制度文件或 https:// 网址）"
    if pages is None:
        return None
    if "#" in url:
        return f"指向页面中某一节的链接“{value}”（链接只能指向整个页面，请去掉 # 及其后面的部分）"
    folder, name = posixpath.split(posixpath.normpath(posixpath.join(RULES, unquote(url.split("?")[0]))))
    if folder != RULES or name not in pages:
        return f"链接“{value}”指向的页面不存在（正文里只能链接到其他制度文件，写作“编号.md”，或 https:// 网址）"
    return None


def _keep(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: the allowlist's rules that depend on the value."""
    if (tag, attribute) == ("a", "href"):
        return None if link_problem(value) else value
    if attribute == "id":
        return value if _SAFE_ID.match(value) else None
    if attribute == "start":
        return value if _START.match(value) else None
    return value


def sanitize(html: str) -> str:
    """The HTML with everything outside the allowlist removed."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_keep,
        strip_comments=True,
        link_rel=None,
        tag_attribute_values=TAG_ATTRIBUTE_VALUES,
        url_schemes={"https"},
        allowed_classes=CLASSES,
    )


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def to_html(text: str) -> str:
    """The Markdown rendered alone, as the site's Markdown would render it."""
    converter = _markdown()
    converter.reset()
    return converter.convert(text)


# --- reading the HTML: what is in it, as events --------------------------------------------

Event = tuple


class _Reader(HTMLParser):
    """Every tag, attribute, text, comment and declaration of an HTML fragment, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[Event] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, tuple((name, value or "") for name, value in attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.events.append(("end", tag))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.events.append(("declaration", decl))

    def handle_pi(self, data: str) -> None:
        self.events.append(("declaration", data))

    def unknown_decl(self, data: str) -> None:
        self.events.append(("declaration", data))


def events(html: str) -> list[Event]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.events


# --- the check -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """Something in a body that may not be published: its line in the body (1-based) and why."""

    line: int
    message: str


def problems(published: str, written: str | None = None, pages: Collection[str] | None = None) -> list[Finding]:
    """What sanitizing the rendering of `published` would remove, each once, with its line in
    `written` (the body as staff wrote it, of which `published` is the demoted form; default: itself);
    with `pages`, also each relative link whose target is not among them (see `link_problem`).
    """
    html = to_html(published)
    found: dict[str, tuple[str, ...]] = {}  # message → what to look for in the body, best first

    def add(message: str, *needles: str) -> None:
        found.setdefault(message, needles)

    open_tags: list[str] = []
    events_ = events(html)
    for event in events_:
        kind = event[0]
        if kind == "start":
            _, tag, attrs = event
            if tag == "img":
                add("图片（制度正文不能放图片，网站上没有存放图片的地方）", "![", "<img")
                continue
            if tag not in TAGS:
                add(f"不允许的 HTML 标签 <{tag}>", f"<{tag}")
                continue
            if tag not in VOID:
                open_tags.append(tag)
            for name, value in attrs:
                message = _attribute_problem(tag, name, value, pages)
                if message:
                    add(message, *([value, *value.split()] if name != "style" else []), name)
        elif kind == "end":
            tag = event[1]
            if tag in TAGS:
                if tag in open_tags:
                    while open_tags.pop() != tag:
                        pass
                else:
                    add(f"多余的结束标签 </{tag}>", f"</{tag}")
        elif kind == "comment":
            add("HTML 注释 <!-- -->（网页源代码里人人可见）", "<!--")
        elif kind == "declaration":
            add("<! 或 <? 开头的 HTML 声明", "<!")
        elif kind == "text" and event is events_[-1] and event[1].lstrip().startswith("<!--"):
            add("没有结束的 HTML 注释“<!--”（会遮住页面后面的内容）", "<!--")
    for tag in open_tags:
        add(f"没有结束标签的 <{tag}>（会把页面后面的内容一起包进去）", f"<{tag}")
    if not found and events(sanitize(html)) != events_:
        add("网站不能原样发布的 HTML（清理时会被删掉或改写）", "<")
    lines = [html_module.unescape(line).lower() for line in (published if written is None else written).split("\n")]
    return [Finding(_line_of(lines, needles), message) for message, needles in found.items()]


def _attribute_problem(tag: str, name: str, value: str, pages: Collection[str] | None) -> str | None:
    if name == "class" and tag in CLASSES:
        extra = [c for c in value.split() if c not in CLASSES[tag]]
        return f"<{tag}> 上不允许的 class“{' '.join(extra)}”（只能用提示框 !!! 自动生成的）" if extra else None
    if name.startswith("on"):
        return f"会执行脚本的事件属性 {name}"
    if name == "style":
        return "style 属性（样式由网站统一设定）"
    if name in TAG_ATTRIBUTE_VALUES.get(tag, {}):
        if value in TAG_ATTRIBUTE_VALUES[tag][name]:
            return None
        return f"<{tag}> 的 {name} 属性值“{value}”（只能是 left、center 或 right）"
    if name not in ATTRIBUTES.get(tag, ()):
        return f"<{tag}> 上不允许的属性 {name}"
    if (tag, name) == ("a", "href"):
        return link_problem(value, pages)
    if name == "id" and not _SAFE_ID.match(value):
        return f"不允许的标题锚点“{value}”（不能以 __、md- 或 yz- 开头，只能用字母、数字、_ 和 -）"
    if name == "start" and not _START.match(value):
        return f"列表起始编号“{value}”（应为数字）"
    return None


def _line_of(lines: list[str], needles: tuple[str, ...]) -> int:
    """The first of the (unescaped, lower-case) lines that holds the first needle found, else 1."""
    for needle in filter(None, needles):
        wanted = needle.lower()
        for number, line in enumerate(lines, start=1):
            if wanted in line:
                return number
    return 1
