"""The static guarantee: the built site asks no host but its own for anything.

The example content is built once into a temporary folder, then every .html,
.js, .css, .json and .xml file is scanned for URLs with a host
(http://, https://, //host). Each one must be

- the public repository (registry.site.repository), and in HTML only as the
  target (or text) of an <a href> link, never in src=, <link>, @import, url()
  or a script;
- an XML/SVG namespace or a schema identifier (NAMESPACES below), which are
  names, not addresses that anything fetches;
- inside a comment or an inline data: image (a licence notice in a vendored
  script or icon), which never runs; or
- the site's own public address (in feeds and data files, which need
  absolute links), under the same rules as the repository;
- an example address (a host named example, as in https://yizheng.example.gov.cn/)
  in the text of a data file, such as a field description in a JSON Schema; or
- one of the few URLs that are there but never fetched (NEVER_FETCHED below):
  dormant code paths of Material's bundle, each with the check that keeps it
  dormant on this site, and text such as an error message.

tests/test_browser.py is the dynamic guarantee: real pages in a real browser,
every request recorded.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from yizheng.loader import load

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SCANNED = {".html", ".js", ".css", ".json", ".xml"}

NAMESPACES = frozenset(
    {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
        "http://www.w3.org/1999/xhtml",
        "http://www.w3.org/2000/xmlns/",
        "http://www.w3.org/XML/1998/namespace",
        "http://www.w3.org/1998/Math/MathML",
        "http://www.sitemaps.org/schemas/sitemap/0.9",
        "http://www.w3.org/2005/Atom",
        "http://purl.org/rss/1.0/modules/content/",
        "http://purl.org/dc/elements/1.1/",
        "https://json-schema.org/draft/2020-12/schema",
    }
)
"""Names that look like addresses but are only identifiers: nothing fetches them."""


@dataclass(frozen=True)
class NeverFetched:
    file: str  # regular expression for the site-relative path
    url: str
    why: str


NEVER_FETCHED = [
    NeverFetched(
        r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js",
        "https://unpkg.com/resize-observer-polyfill",
        "loaded only when the browser has no ResizeObserver; every page loads a local stand-in first "
        "(assets/javascripts/head.js in site_overrides/main.html, block libs), "
        "checked by test_resize_observer_stand_in_comes_before_the_bundle",
    ),
    NeverFetched(
        r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js",
        "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
        "loaded only for a .mermaid diagram; checked by test_no_page_has_a_dormant_trigger",
    ),
    NeverFetched(
        r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js",
        "https://api.github.com/repos/${e}/${t}",
        "repository facts, fetched only when repo_url is set; checked by test_no_page_has_a_dormant_trigger",
    ),
    NeverFetched(
        r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js",
        "https://api.github.com/users/${e}",
        "the same repository facts, for a user instead of a repository",
    ),
    NeverFetched(
        r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js",
        "https://bit.ly/2s3ChXG",
        "text of a console warning about an invalid search query; never fetched",
    ),
    NeverFetched(
        r"assets/javascripts/lunr/wordcut\.js",
        "https://github.com/isaacs/node-glob/issues/205",
        "a comment at the end of a line of the Thai word splitter (not even loaded for Chinese)",
    ),
    NeverFetched(
        r"assets/javascripts/lunr/wordcut\.js",
        "https://github.com/isaacs/node-glob/issues/167",
        "text of an error message of the Thai word splitter",
    ),
    NeverFetched(
        r"data/schema/site\.schema\.json",
        "https://github.com/owner/repo",
        "an example address in the description of the field repository",
    ),
]

ZENSICAL_BUNDLE = r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js"

_SHARED_WITH_ZENSICAL = {
    "https://unpkg.com/resize-observer-polyfill",
    "https://api.github.com/repos/${e}/${t}",
    "https://api.github.com/users/${e}",
    "https://github.com/owner/repo",
}
"""Entries above that hold for the site Zensical builds too: the same code paths of its bundle (kept dormant the
same way), and the same data file."""

ZENSICAL_NEVER_FETCHED = [d for d in NEVER_FETCHED if d.url in _SHARED_WITH_ZENSICAL] + [
    NeverFetched(
        ZENSICAL_BUNDLE,
        "https://unpkg.com/pyodide@314.0.2/pyodide.js",
        "runs Python code blocks in the page, loaded only for a .pyodide element; checked by test_no_page_has_a_dormant_trigger",
    ),
    NeverFetched(
        ZENSICAL_BUNDLE,
        "https://cdn.jsdelivr.net/pyodide/v314.0.2/full/",
        "where pyodide.js (above) would load its files from; the same .pyodide element",
    ),
    NeverFetched(
        ZENSICAL_BUNDLE,
        "https://unpkg.com/ace-builds@1.44.0/src-noconflict/ace.js",
        "the code editor of the same .pyodide blocks",
    ),
    NeverFetched(
        ZENSICAL_BUNDLE,
        "https://unpkg.com/glightbox@3/dist/js/glightbox.min.js",
        "image zoom, loaded only for a .glightbox element; checked by test_no_page_has_a_dormant_trigger",
    ),
    NeverFetched(ZENSICAL_BUNDLE, "https://unpkg.com/glightbox@3/dist/css/glightbox.min.css", "its stylesheet, the same"),
    NeverFetched(
        ZENSICAL_BUNDLE,
        "https://unpkg.com/mermaid@12/dist/mermaid.min.js",
        "loaded only for a pre.mermaid diagram; checked by test_no_page_has_a_dormant_trigger",
    ),
]
"""The same for the bundle of the second engine, Zensical 0.0.73 (its search worker names no address)."""

DORMANT = {"mkdocs": NEVER_FETCHED, "zensical": ZENSICAL_NEVER_FETCHED}


def as_read(html: str) -> str:
    """A page's text with what Zensical's template engine writes differently from MkDocs' put back: '/' written
    as &#x2f; and addresses below the page written as ./x (the same characters and the same files in a browser)."""
    return html.replace("&#x2f;", "/").replace('="./', '="')


# An address with a host: scheme://host or //host. A bare //host counts only
# where it could be an address (after a quote, '(' or '='), not after a
# JavaScript line comment's //.
_URL = re.compile(
    r"""(?:(?i:https?):|(?<=["'`(=]))//[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9\-]+)+(?::\d+)?"""
    r"""[^\s"'`<>()\\\x80-\U0010ffff]*""",  # ASCII only: not case-insensitive, ſ would fold to s
)
_DATA_URI = re.compile(r"""url\(\s*(["'])data:.*?\1\s*\)""", re.DOTALL)


def urls(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group().rstrip(".,;:")) for m in _URL.finditer(text)]


def in_comment(text: str, pos: int) -> bool:
    """Whether pos lies in a comment that starts its line (licence headers, notes)."""
    start = text.rfind("\n", 0, pos) + 1
    line = text[start : text.find("\n", pos) if "\n" in text[pos:] else len(text)]
    stripped = line.lstrip()
    offset = pos - start - (len(line) - len(stripped))
    if stripped.startswith("//"):
        return True
    if stripped.startswith(("/*", "*")):
        end = stripped.find("*/", 2)
        return end == -1 or offset < end
    return False


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


@dataclass(frozen=True)
class Found:
    file: str
    url: str
    where: str  # "a href", "text", "attribute src", "script", "style", "js", "css", "data"
    context: str

    def __str__(self) -> str:
        return f"{self.file}: {self.url}  ({self.where}: …{self.context}…)"


class _HtmlScan(HTMLParser):
    """Every URL of one HTML page, with where it stands."""

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.found: list[Found] = []
        self.raw: str | None = None  # inside <script> or <style>
        self.anchor: str | None = None  # href of the <a> we are in

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for attr, value in attrs:
            if not value:
                continue
            found = [(p, u) for p, u in urls(value)]
            if value.lstrip().startswith("//"):
                found.append((0, value.strip()))
            for _, url in found:
                where = "a href" if (tag, attr) == ("a", "href") else f"<{tag}> attribute {attr}"
                if tag == "link":
                    where = f"<link rel={dict(attrs).get('rel')}> attribute {attr}"
                if attr == "style":
                    where = "style"
                self.found.append(Found(self.name, url, where, f"<{tag} {attr}={value[:80]!r}"))
        if tag == "a":
            self.anchor = dict(attrs).get("href") or ""
        if tag in ("script", "style"):
            self.raw = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self.raw:
            self.raw = None
        if tag == "a":
            self.anchor = None

    def handle_data(self, data: str) -> None:
        if self.raw == "style":
            spans = [m.span() for m in _DATA_URI.finditer(data)]
            for pos, url in urls(data):
                if not in_spans(pos, spans):
                    self.found.append(Found(self.name, url, "style", data[max(0, pos - 40) : pos + 60]))
            return
        for pos, url in urls(data):
            if self.raw == "script":
                if not in_comment(data, pos):
                    self.found.append(Found(self.name, url, "script", data[max(0, pos - 40) : pos + 60]))
            else:
                where = "link text" if self.anchor is not None and self.anchor.startswith(url) else "text"
                self.found.append(Found(self.name, url, where, data[max(0, pos - 40) : pos + 60]))


def scan_file(path: Path, name: str) -> list[Found]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        scanner = _HtmlScan(name)
        scanner.feed(text)
        scanner.close()
        return scanner.found
    found = []
    spans = [m.span() for m in _DATA_URI.finditer(text)] if path.suffix == ".css" else []
    for pos, url in urls(text):
        if path.suffix in (".js", ".css") and (in_comment(text, pos) or in_spans(pos, spans)):
            continue
        where = {".js": "js", ".css": "css"}.get(path.suffix, "data")
        found.append(Found(name, url, where, text[max(0, pos - 40) : pos + 60].replace("\n", " ")))
    return found


def is_repository(url: str, repository: str) -> bool:
    return url == repository or url.startswith(repository + "/") or url.startswith(repository + "?")


LINKS = ("a href", "link text", "data")
"""Where the repository and the site's own address may stand: links and data, never a fetched resource."""

SELF_LINKS = LINKS + ("<link rel=alternate> attribute href", "<link rel=canonical> attribute href")


_EXAMPLE_HOST = re.compile(r"^(?:https?:)?//(?:[^/]*\.)?example(?:\.[a-z.]+)?(?::\d+)?(?:/|$)", re.IGNORECASE)
"""A documentation example such as https://yizheng.example.gov.cn/ (RFC 2606 style), as text in a data file."""


def forbidden(
    found: list[Found], repository: str, own: str | None = None, dormant: list[NeverFetched] = NEVER_FETCHED
) -> list[Found]:
    """The URLs that break the rule, out of all those found; `own` is the site's public address,
    `dormant` the engine's NeverFetched list."""
    bad = []
    for item in found:
        if item.url in NAMESPACES:
            continue
        if item.where == "data" and _EXAMPLE_HOST.match(item.url):
            continue
        if is_repository(item.url, repository) and item.where in LINKS:
            continue
        if own and item.url.startswith(own) and item.where in SELF_LINKS:
            continue
        if any(re.fullmatch(d.file, item.file) and item.url == d.url for d in dormant):
            continue
        bad.append(item)
    return bad


# --- the build ----------------------------------------------------------------


@pytest.fixture(scope="module", params=[pytest.param(engine, marks=pytest.mark.slow) for engine in ("mkdocs", "zensical")])
def site(request: pytest.FixtureRequest) -> Path:
    """The example content built as `yizheng build` does it, and by the second engine, Zensical,
    from what `yizheng generate` wrote (each once per session, see conftest)."""
    return request.getfixturevalue("built_site" if request.param == "mkdocs" else "zensical_site")


@pytest.fixture
def dormant(request: pytest.FixtureRequest) -> list[NeverFetched]:
    """The NeverFetched list of the engine that built `site`."""
    return DORMANT[request.node.callspec.params["site"]]


@pytest.fixture(scope="module")
def repository() -> str:
    return load(CONTENT).site.repository


@pytest.fixture(scope="module")
def own_address() -> str:
    """The site's public address, which the feeds need for their absolute links."""
    return load(CONTENT).site.address


def scanned_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in SCANNED)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- the scanner itself ---------------------------------------------------------


def test_scanner_finds_every_kind_of_request(tmp_path: Path) -> None:
    repo = "https://github.com/o/r"
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head>"
        '<link rel="stylesheet" href="https://cdn.example/a.css">'
        '<script src="//cdn.example/b.js"></script>'
        f'<script>fetch("{repo}/raw/x.json");\n// see https://docs.example/why\n</script>'
        "<style>@import url(https://fonts.example/c.css); .x{background:url(\"data:image/svg+xml,<svg "
        "xmlns='http://www.w3.org/2000/svg'><!-- https://licence.example --></svg>\")}</style>"
        "</head><body>"
        f'<a href="{repo}/blob/main/content/a.yml">{repo}/blob/main/content/a.yml</a>'
        f'<img src="{repo}/raw/main/photo.jpg" alt="">'
        '<a href="https://elsewhere.example/">x</a>'
        '<svg xmlns="http://www.w3.org/2000/svg"></svg>'
        '<div style="background:url(//img.example/d.png)"></div>'
        "</body></html>",
        encoding="utf-8",
    )
    found = scan_file(page, "p.html")
    bad = {(f.url, f.where) for f in forbidden(found, repo)}
    assert bad == {
        ("https://cdn.example/a.css", "<link rel=stylesheet> attribute href"),
        ("//cdn.example/b.js", "<script> attribute src"),
        (f"{repo}/raw/x.json", "script"),
        ("https://fonts.example/c.css", "style"),
        (f"{repo}/raw/main/photo.jpg", "<img> attribute src"),
        ("https://elsewhere.example/", "a href"),
        ("//img.example/d.png", "style"),
    }
    allowed = {f.url for f in found} - {f.url for f in forbidden(found, repo)}
    assert allowed == {f"{repo}/blob/main/content/a.yml", "http://www.w3.org/2000/svg"}


def test_scanner_reads_scripts_and_styles(tmp_path: Path) -> None:
    repo = "https://github.com/o/r"
    script = tmp_path / "a.js"
    script.write_text(
        "/*! licence: https://licence.example/mit */\n"
        "// docs: https://docs.example/\n"
        'var a="//cdn.example/x.js";//console.log(y)\n'
        f'fetch("{repo}/x");\n'
        "var ns='http://www.w3.org/2000/svg';\n",
        encoding="utf-8",
    )
    style = tmp_path / "a.css"
    style.write_text(
        "/* https://comment.example */\n.a{background:url(https://img.example/a.png)}\n@import \"//css.example/b.css\";\n",
        encoding="utf-8",
    )
    bad = {(f.url, f.where) for f in forbidden(scan_file(script, "a.js") + scan_file(style, "a.css"), repo)}
    assert bad == {
        ("//cdn.example/x.js", "js"),
        (f"{repo}/x", "js"),
        ("https://img.example/a.png", "css"),
        ("//css.example/b.css", "css"),
    }


def test_example_addresses_only_as_text_in_data(tmp_path: Path) -> None:
    data = tmp_path / "a.json"
    data.write_text('{"description": "如 https://yizheng.example.gov.cn/；或 http://example.org/x，或 https://examples.com/"}', encoding="utf-8")
    script = tmp_path / "a.js"
    script.write_text('fetch("https://cdn.example.com/x.js");\n', encoding="utf-8")
    found = scan_file(data, "a.json") + scan_file(script, "a.js")
    assert [f.url for f in found] == [
        "https://yizheng.example.gov.cn/",
        "http://example.org/x",
        "https://examples.com/",
        "https://cdn.example.com/x.js",
    ]
    assert [f.url for f in forbidden(found, "https://github.com/o/r")] == [
        "https://examples.com/",
        "https://cdn.example.com/x.js",
    ]


def test_the_sites_own_address_only_in_links_and_data(tmp_path: Path) -> None:
    repo, own = "https://github.com/o/r", "https://o.github.io/r/"
    feed = tmp_path / "f.xml"
    feed.write_text(f'<feed><link rel="alternate" href="{own}cases/a/"/><id>{own}feeds/cases.xml</id></feed>', encoding="utf-8")
    page = tmp_path / "p.html"
    page.write_text(
        f'<link rel="alternate" type="application/atom+xml" href="{own}feeds/cases.xml">'
        f'<link rel="stylesheet" href="{own}assets/x.css"><a href="{own}cases/">案例</a>',
        encoding="utf-8",
    )
    found = scan_file(feed, "f.xml") + scan_file(page, "p.html")
    assert [(f.url, f.where) for f in forbidden(found, repo, own)] == [
        (f"{own}assets/x.css", "<link rel=stylesheet> attribute href")
    ]


# --- the built site ---------------------------------------------------------------


def test_no_url_leaves_the_site(site: Path, repository: str, own_address: str, dormant: list[NeverFetched]) -> None:
    found: list[Found] = []
    for path in scanned_files(site):
        found += scan_file(path, path.relative_to(site).as_posix())
    bad = forbidden(found, repository, own_address, dormant)
    assert not bad, "网站引用了本站以外的地址：\n" + "\n".join(str(item) for item in bad)
    # The scan did look at real pages: the open-data page links the repository.
    assert any(f.where == "a href" and is_repository(f.url, repository) for f in found)


def test_every_dormant_url_is_still_there(site: Path, dormant: list[NeverFetched]) -> None:
    """If Material (or Zensical) changes, its list must be reviewed, not silently outgrown."""
    for entry in dormant:
        files = [p for p in scanned_files(site) if re.fullmatch(entry.file, p.relative_to(site).as_posix())]
        assert files, f"no file matches {entry.file}"
        assert any(entry.url in p.read_text(encoding="utf-8") for p in files), (
            f"{entry.url} is no longer in {entry.file}: remove it from the list"
        )


def test_resize_observer_stand_in_comes_before_the_bundle(site: Path) -> None:
    """head.js (a file: the CSP allows no inline script of the site's own) defines it, and every page loads it first."""
    assert "window.ResizeObserver = function" in (site / "assets/javascripts/head.js").read_text(encoding="utf-8")
    for page in html_pages(site):
        html = as_read(page.read_text(encoding="utf-8"))
        head = html.index("</head>")
        stand_in = re.search(r'<script src="[^"]*assets/javascripts/head\.js"></script>', html)
        bundle = re.search(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"', html)
        assert stand_in and bundle and stand_in.start() < head < bundle.start(), page.relative_to(site)


def test_no_page_has_a_dormant_trigger(site: Path) -> None:
    """No repository facts (repo_url), no Mermaid diagram, no web font, no analytics."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    assert "repo_url" not in config and "repo_name" not in config
    assert config["theme"]["font"] is False
    assert "analytics" not in config.get("extra", {})
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        name = page.relative_to(site).as_posix()
        assert 'data-md-component="source"' not in html, name
        assert not re.search(r'class="[^"]*\b(mermaid|pyodide|glightbox)\b', html), name  # (Zensical's)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, name


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may hold !ENV or !!python/name tags; their values do not matter here."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


# --- what the theme overrides put on every page -------------------------------------


def test_header_and_footer(site: Path, repository: str) -> None:
    registry = load(CONTENT)
    html = as_read((site / "index.html").read_text(encoding="utf-8"))
    masthead = html[html.index('<div class="yz-masthead"') : html.index('<div class="md-container"')]
    assert registry.site.district.name in masthead
    assert "示例数据" in masthead
    assert '<button type="button" class="yz-textsize" id="yz-textsize" aria-pressed="false" hidden>' in masthead
    footer = html[html.index('<footer class="md-footer yz-footer">') : html.index("</footer>")]
    # The repository is named on the open-data page, not in every footer (issue #16).
    assert '<a class="yz-footer__data" href="data/">开放数据</a>' in footer and repository not in footer
    assert re.search(r"网站生成时间：<time>2026年11月27日 \d\d:\d\d</time>（北京时间）", footer)
    assert "<strong>示例数据：</strong>" in footer
    assert "Material for MkDocs" not in html


def test_styles_and_script_are_served_by_the_site(site: Path) -> None:
    html = as_read((site / "index.html").read_text(encoding="utf-8"))
    assert '<link rel="stylesheet" href="assets/stylesheets/yizheng.css">' in html
    assert '<script src="assets/javascripts/yizheng.js"></script>' in html
    assert (site / "assets/stylesheets/yizheng.css").is_file()
    assert (site / "assets/javascripts/yizheng.js").is_file()
