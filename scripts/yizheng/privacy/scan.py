"""The privacy scan of the built site: every file written to site/ read for personal numbers.

The models refuse personal numbers in every public field, but the site is
made of more than fields: templates, generated pages, the search index,
feeds, open data, tracking shards, the sitemap. This scan is the wall behind
the wall: after the build it reads every file under the site folder the way
a reader or a program would and fails the build when it finds a phone, ID or
card number or an e-mail address (`personal_data.find`) that is not one of
the public phones the stations publish on purpose.

How each file is read:
- every file is decoded as UTF-8, or else GB 18030 (a .gz file after
  decompressing; a file that is neither, an image or a font, is passed over)
  and scanned as it is;
- HTML, XML and SVG are scanned with character references decoded
  (`&#49;38…` is 138…, in text and attributes alike) and, where an inline tag
  stands between digits, once more as a browser shows them: inline tags
  (`1<b>3</b>8…`) join what they separate, block tags (cells, paragraphs,
  list items) keep it apart;
- CSV is scanned field by field, as a spreadsheet shows it (a comma between
  two columns of counts does not join them into a number);
- JSON is scanned as a program reads it: every key, string and number
  decoded (`\\u0031…` is 1), and each string once more as HTML (the search
  index holds page text with markup; there, where the cells of a table are
  joined by spaces, a plain space ends a number: its pages are scanned with
  spaces as spaces); a .json file that is not JSON is scanned as written;
- the JSON that the offline copy also writes as a script (site/offline.py: the
  search index as search/search_index.js, `var __index = {…}`, and the
  tracking data as tracking/<year>.js) is read as that JSON file is (as
  written, the index's table cells joined by spaces would read as one number).

Not scanned: the drawing instructions of SVG shapes in pages (the `d`,
`points` and `viewBox` attributes of their tags: an icon's outline is
thousands of numbers a reader never sees), and the theme's own files, byte
for byte those that Material for MkDocs ships at the same place (its scripts
name their authors' e-mail addresses); any page, and any file changed or
added by the build, is scanned.

Findings name the file, the line and the kind, never the number itself.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import personal_data, processes
from ..personal_data import Kind
from ..problems import Problem

_MARKUP = (".html", ".htm", ".xml", ".svg", ".xhtml")
_INLINE = frozenset(
    "a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span strong sub sup time u var wbr"
    .split()
)
# The drawing instructions of an SVG shape (an icon's outline): numbers no one reads, thousands on every page.
# Only inside the tags of SVG shapes: the same words in a page's text are text like any other.
_SHAPE_TAG = re.compile(r"<(?:svg|path|polygon|polyline|symbol)\s[^<>]*>", re.IGNORECASE)
_PATH_DATA = re.compile(r"""(?<=\s)(?:d|points|viewBox)=(?:"[^"<>]*"|'[^'<>]*')""")
# The common cases without a callback: inline tags on one line go, other tags on one line leave a \x00.
_INLINE_TAG = re.compile(rf"</?(?:{'|'.join(sorted(_INLINE))})(?![A-Za-z0-9:-])[^>\n]*>", re.IGNORECASE)
_ONE_LINE_TAG = re.compile(r"<(?!!--)[^>\n]*>")
# An inline tag after a digit (and up to three separators), before a digit or another tag (after up to three
# separators): where a browser may show a number that the text as written does not hold (1<b>3</b>8…).
# Starting at "<", it is a quick search.
_D = f"[\\d{personal_data._OTHER_DIGITS}]"
_S = f"[{personal_data._SEPARATORS}{personal_data._INVISIBLE}]"
_INLINE_JOIN = re.compile(
    rf"<(?:(?<={_D}<)|(?<={_D}{_S}<)|(?<={_D}{_S}{_S}<)|(?<={_D}{_S}{_S}{_S}<))"
    rf"/?(?:{'|'.join(sorted(_INLINE))})(?![A-Za-z0-9:-])[^>]*>(?={_S}{{0,3}}(?:{_D}|<))",
    re.IGNORECASE,
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)?[^>]*>|<!--.*?-->", re.DOTALL)


@dataclass(frozen=True, order=True)
class Leak:
    path: str  # relative to the site folder, POSIX style
    line: int
    kind: Kind
    how: str  # "" when seen as written, otherwise how the text had to be read to see it

    def problem(self, site_name: str) -> Problem:
        how = f"（{self.how}）" if self.how else ""
        return Problem(
            f"{site_name}/{self.path}",
            self.line,
            "",
            f"生成的网站文件中有疑似{self.kind.value}{how}；个人联系方式和证件号码不得公开。"
            "请找出写入它的记录，删去后重新构建",
        )


def public_numbers(phones: Iterable[str]) -> frozenset[str]:
    """The digits of the phones published on purpose (a station's public phone), as `digits_of` reads them."""
    return frozenset(personal_data.digits_of(phone) for phone in phones if phone)


PARALLEL_FROM = 2000
"""From this many files on, the scan is shared among processes (one per core): at 10,000 suggestions
the site has about 14,000 files and 370 MB, 9 s of work for one process."""


def scan_site(site_dir: Path, public: frozenset[str] = frozenset(), jobs: int | None = None) -> list[Leak]:
    """Every personal number in every file under `site_dir`, except the numbers in `public`; sorted.

    `jobs` is how many processes share the files (default: one per core for large sites).
    """
    files = [
        path.relative_to(site_dir).as_posix()
        for path in sorted(site_dir.rglob("*"))
        if path.is_file() and not path.is_symlink()
    ]
    jobs = processes.jobs_for(len(files), PARALLEL_FROM) if jobs is None else jobs
    if jobs <= 1 or not processes.can_fork():
        return sorted(set(_scan_files(site_dir, files, public)))
    batches = [files[index :: jobs * 4] for index in range(jobs * 4)]  # every 16th file: sizes mix evenly
    with processes.pool(jobs) as workers:
        found = workers.map(_scan_files, [site_dir] * len(batches), batches, [public] * len(batches))
        return sorted({leak for leaks in found for leak in leaks})


def _scan_files(site_dir: Path, relpaths: list[str], public: frozenset[str]) -> list[Leak]:
    theme = _theme_folder()
    leaks: list[Leak] = []
    for relpath in relpaths:
        data = (site_dir / relpath).read_bytes()
        if not _from_theme(theme, relpath, data):
            leaks += scan_file(relpath, data, public)
    return leaks


def scan_file(relpath: str, data: bytes, public: frozenset[str] = frozenset()) -> list[Leak]:
    """The personal numbers in one file's bytes, read in every way its kind of file is read."""
    name = relpath.lower()
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
            name = name[:-3]
        except (OSError, EOFError):
            pass  # not compressed after all: read as it is
    text = _decoded(data)
    if text is None:
        return []  # an image, a font: nothing a reader reads as text
    leaks: list[Leak] = []
    seen: set[tuple[Kind, str]] = set()  # each number once per file, however many ways of reading show it
    for version, how in _versions(text, name):
        for finding in personal_data.find(version):
            found = version[finding.start : finding.end]
            value = personal_data.normalise(found)[0] if finding.kind is Kind.EMAIL else personal_data.digits_of(found)
            if finding.kind is Kind.MOBILE:
                value = value[-11:]  # with or without +86 the same number
            if finding.kind is not Kind.EMAIL and value in public or (finding.kind, value) in seen:
                continue
            seen.add((finding.kind, value))
            leaks.append(Leak(relpath, version.count("\n", 0, finding.start) + 1, finding.kind, how))
    return leaks


def _decoded(data: bytes) -> str | None:
    """The text of a file: UTF-8, or else GB 18030 (older Chinese text); None for a file that is neither."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


_JSON_SCRIPTS = (
    (re.compile(r"\Avar __index = (.*)\Z", re.DOTALL), "search_index.json"),
    (
        re.compile(
            r'\Awindow\.__yzTracking = window\.__yzTracking \|\| \{\};\nwindow\.__yzTracking\["\d{4}"\] = (.*);\n\Z', re.DOTALL
        ),
        "tracking.json",
    ),
)
"""JSON written as a script for the offline copy (site/offline.py, Material's offline plugin), and the
JSON file's name it is read as."""


def _versions(text: str, name: str) -> Iterator[tuple[str, str]]:
    """The ways a file's text is read: as written, and as a browser or a program decodes it."""
    if name.endswith(".js"):
        for pattern, as_name in _JSON_SCRIPTS:
            match = pattern.match(text)
            if match and (as_name != "search_index.json" or name.endswith("search_index.js")):
                yield from _versions(match.group(1), as_name)
                return
    if name.endswith(".json"):
        try:
            values = list(_values(json.loads(text)))
        except (ValueError, RecursionError):
            yield text, ""  # not JSON after all: read as written
            return
        # As a program reads it: every key, string and number decoded (\u0031 is 1), one a line, so
        # a line number says which value it is; and each once more as the page text it may be.
        joined = "\n\n".join(value.replace("\n", " ") for value in values)
        if name.endswith("search_index.json"):
            # The search index joins the cells of a table with plain spaces (合计 150 2500 2480): there a
            # space ends a number. Its text comes from the pages, which are read with spaces as spaces.
            joined = joined.replace(" ", "\x00")
        yield joined, "JSON 解码后，行号按值计"
        if _INLINE_JOIN.search(joined):
            yield as_shown(joined), "JSON 解码后按网页显示的文字，行号按值计"
        return
    if name.endswith(".csv"):
        # As a spreadsheet reads it: field by field (a comma between two columns of counts is no separator),
        # one row a line.
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error:
            yield text, ""
            return
        yield "\n".join("\x00".join(field.replace("\n", " ") for field in row) for row in rows), "按表格逐格读"
        return
    if not name.endswith(_MARKUP):
        yield text, ""
        return
    # As written, with character references decoded (what attributes and text say: &#49;38… is 138…);
    # then, where an inline tag stands between digits, as a browser shows it (1<b>3</b>8… is 138…).
    text = html.unescape(_SHAPE_TAG.sub(_without_path_data, text))
    yield text, ""
    if _INLINE_JOIN.search(text):
        yield as_shown(text), "按网页显示的文字"


def _without_path_data(tag: re.Match[str]) -> str:
    return _PATH_DATA.sub(lambda attribute: 'd=""' + "\n" * attribute[0].count("\n"), tag[0])


def as_shown(markup: str) -> str:
    """The text of HTML as a browser shows it: tags out, character references decoded.

    An inline tag disappears, so `1<b>3</b>8` reads 138; any other tag leaves a
    character that no number can run across (cells and paragraphs stay apart).
    Line breaks inside tags are kept, so line numbers still point into the file.
    """

    text = _INLINE_TAG.sub("", markup)
    text = _ONE_LINE_TAG.sub("\x00", text)
    return html.unescape(_TAG.sub(_replace_tag, text))


def _replace_tag(match: re.Match[str]) -> str:
    breaks = "\n" * match[0].count("\n")
    return breaks if (match[2] or "").lower() in _INLINE else breaks + "\x00"


def _values(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield str(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _values(item)


@cache
def _theme_folder() -> Path | None:
    """Where Material for MkDocs keeps the files it copies into every site."""
    try:
        import material
    except ImportError:  # pragma: no cover - mkdocs-material is a dependency
        return None
    return Path(material.__file__).parent / "templates"


def _from_theme(theme: Path | None, relpath: str, data: bytes) -> bool:
    """The file is the theme's own, unchanged: the same bytes at the same place in the theme's folder."""
    if theme is None or relpath.endswith(".html"):
        return False
    original = theme / relpath
    try:
        return original.stat().st_size == len(data) and original.read_bytes() == data
    except OSError:
        return False
