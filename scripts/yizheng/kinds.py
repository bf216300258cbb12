"""The kinds of record, and everything that is spelled per kind: this is its one home.

A kind knows its Chinese title, its folder under content/, the file of a record
(`relpath`), the registry attribute that holds its records, the folder of its pages
on the site, the page of a record (`page`) and that page's address (`url`), and the
names its listing pages take. Adding a kind of record or moving a folder is a change
here (plus the model, and the `Registry` field named by `attribute`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from .models import Case, Meeting, Record, Representative, Rule, RuleFrontMatter, Station, Suggestion


@dataclass(frozen=True)
class Kind:
    """A kind of record: where its files and pages live and which model reads them."""

    name: str  # English, used in code, schema file names and messages' record references
    title: str  # Chinese, for messages and pages
    folder: str  # under content/
    model: type[Record]
    attribute: str  # the Registry field holding these records by id
    pages: str  # the folder of its pages in the site (docs folder)
    suffix: str = ".yml"
    by_year: bool = False  # files and pages live in <folder>/<year>/, the year is the id's first four characters
    listings: frozenset[str] = frozenset()
    """The names the listing pages take in the pages folder (<pages>/<name>.md or <pages>/<name>/...),
    besides the pages of its records; a record id may not be one of them (see site/checks.py)."""

    @property
    def schema_model(self) -> type:
        return RuleFrontMatter if self.model is Rule else self.model

    def _under(self, record_id: str) -> str:
        return f"{record_id[:4]}/{record_id}" if self.by_year else record_id

    def relpath(self, record_id: str) -> str:
        """The record's file, relative to content/, POSIX style: suggestions/2026/2026-W0005.yml."""
        return f"{self.folder}/{self._under(record_id)}{self.suffix}"

    @property
    def pattern(self) -> str:
        """Every record file of this kind, as a glob relative to content/: suggestions/*/*.yml."""
        return f"{self.folder}/*/*{self.suffix}" if self.by_year else f"{self.folder}/*{self.suffix}"

    @property
    def place(self) -> str:
        """Where its files go, for messages: suggestions/<年份>/<编号>.yml."""
        return f"{self.folder}/<年份>/<编号>{self.suffix}" if self.by_year else f"{self.folder}/<编号>{self.suffix}"

    def page(self, record_id: str) -> str:
        """The record's generated page, relative to the docs folder: suggestions/2026/2026-W0005.md."""
        if self.by_year:  # spelled out, not through _under: some 100,000 links at 10,000 suggestions
            return f"{self.pages}/{record_id[:4]}/{record_id}.md"
        return f"{self.pages}/{record_id}.md"

    @property
    def index(self) -> str:
        """The first page of its listing, relative to the docs folder: suggestions/index.md."""
        return f"{self.pages}/index.md"

    def url(self, record_id: str) -> str:
        """The address of the record's page relative to the site root: suggestions/2026/2026-W0005/."""
        return page_url(self.page(record_id))


KINDS: tuple[Kind, ...] = (
    Kind(
        "representative", "议政代表", "representatives", Representative, "representatives", "representatives",
        listings=frozenset({"index", "streets", "former", "duty"}),
    ),
    Kind(
        "station", "联络站", "stations", Station, "stations", "stations", listings=frozenset({"index", "streets", "nearby", "cards"})
    ),
    Kind("rule", "制度文件", "rules", Rule, "rules", "rules", suffix=".md", listings=frozenset({"index", "repealed"})),
    Kind("meeting", "会议活动", "meetings", Meeting, "meetings", "meetings", listings=frozenset({"index"})),
    Kind("case", "典型案例", "cases", Case, "cases", "cases", listings=frozenset({"index"})),
    Kind("suggestion", "意见建议", "suggestions", Suggestion, "suggestions", "suggestions", by_year=True),
)
KIND_BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
SUGGESTION = KIND_BY_NAME["suggestion"]


COMMUNITY_PAGES = "communities"
"""The folder of the community pages (找代表): one page per 社区 of site.yml, named by its id, and the
chooser of street and community (index). Communities are no record kind (they live in site.yml), but
their pages are addressed here like the records' pages; a community's id may not be "index" or
digits only (site/checks.py)."""

COMMUNITY_LISTINGS = frozenset({"index"})


def community_page(community_id: str) -> str:
    """The page of one community, relative to the docs folder: communities/longxing.md."""
    return f"{COMMUNITY_PAGES}/{community_id}.md"


COMMUNITY_INDEX = f"{COMMUNITY_PAGES}/index.md"
"""The chooser: every street with its communities, each a link to its page."""


def page_url(page: str) -> str:
    """The URL of a generated Markdown page relative to the site root, as MkDocs builds it
    with use_directory_urls: true (a.md → a/, dir/index.md → dir/).
    Pages link to .md files (see site/context.relative); JSON, feeds and comments need the URL itself.
    """
    stem = page[: -len(".md")]
    if posixpath.basename(stem) == "index":
        stem = posixpath.dirname(stem)
    return f"{stem}/" if stem else ""
