"""What every page renderer reads: the registry, the build date, and the URL scheme.

All page paths are decided here, so renderers link to each other through
`page_of` and never spell a path themselves.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar
from urllib.parse import quote, quote_plus

from ..kinds import KIND_BY_NAME, KINDS, page_url  # page_url: for the pages that need a URL, not a link
from ..models.lifecycle import Status
from ..handling import Handling
from ..intake.forms import LOCATION_MAX, SUGGESTION_FILE, SuggestionField
from ..models.suggestion import Suggestion
from ..registry import Registry

STATUS_SLUG = {
    Status.RECEIVED: "received",
    Status.ASSIGNED: "assigned",
    Status.IN_PROGRESS: "in-progress",
    Status.REPLIED: "replied",
    Status.CLOSED: "closed",
    Status.REJECTED: "rejected",
    Status.MERGED: "merged",
}

T = TypeVar("T")


class Fragments(Protocol):
    """What incremental generation keeps between runs (site/incremental.py)."""

    def get(self, ctx: SiteContext, work: Callable[..., Any], record: object, args: tuple) -> Any: ...

    def derived(
        self, ctx: SiteContext, work: Callable[..., Any], args: tuple, fields: Mapping[str, frozenset[str]] | None
    ) -> Any: ...


PER_PAGE = 50
"""Items per listing page, so that no page grows with the number of records."""


@dataclass(frozen=True)
class SiteContext:
    registry: Registry
    today: dt.date  # the build date: "overdue" and "this year" are counted from it
    built_at: str  # shown in the footer, e.g. "2026-11-27 21:30"
    last_changed: dict[str, dt.date] = field(default_factory=dict)  # content-relative path → date
    branch: str = "main"
    cache: Fragments | None = field(default=None, compare=False)  # set by site/incremental.py only

    # --- pieces of a page worked out from one record (kept between incremental runs) ---

    def memo(self, work: Callable[..., T], record: object, *args: Hashable) -> T:
        """`work(ctx, record, *args)`, a piece of a page that depends on this record (or this tuple of
        records) and what it reads through ctx; `args` are hashable (ids, paths, numbers, Safe text).
        A full generation just calls it; incremental generation (site/incremental.py) keeps the
        result and calls it again only when the record or something it read changed."""
        if self.cache is None:
            return work(self, record, *args)
        return self.cache.get(self, work, record, args)

    def derived(self, work: Callable[..., T], *args: Hashable, fields: Mapping[str, frozenset[str]] | None = None) -> T:
        """`work(ctx, *args)`, a value worked out from many records (a grouping, figures) that pages and
        other values use; it must compare equal when it is the same. A full generation just calls it;
        incremental generation keeps it, works it out again only when something it read changed, and
        makes again what used it only when the value differs (a changed reply text leaves the counts as
        they were, so the pages made from the counts stay). `fields` (kind → field names) says which
        fields of the records of a kind it reads: a record read again with none of them changed does
        not make it worked out again (tests/test_derived.py checks each value reads no other field)."""
        if self.cache is None:
            return work(self, *args)
        return self.cache.derived(self, work, args, fields)

    # --- what the suggestions' histories mean (yizheng.handling) ---------------

    def handling(self, suggestion_id: str) -> Handling:
        return self.registry.handling[suggestion_id]

    @property
    def published_suggestions(self) -> list[Suggestion]:
        """The suggestions published in full, newest first (by submission date, then number)."""
        return self.registry.published_suggestions

    # --- where pages live (paths relative to the docs folder) -----------------

    def page_of(self, kind: str, record_id: str) -> str:
        """The page of one record (kinds.Kind.page)."""
        return _page_of(kind, record_id)

    # --- links out to the repository ----------------------------------------

    @property
    def repository(self) -> str:
        return self.registry.site.repository

    def source_url(self, kind: str, record_id: str) -> str:
        return f"{self.repository}/blob/{self.branch}/content/{quote(self.relpath(kind, record_id))}"

    def history_url(self, kind: str, record_id: str) -> str:
        return f"{self.repository}/commits/{self.branch}/content/{quote(self.relpath(kind, record_id))}"

    def report_url(self, kind: str, record_id: str, title: str) -> str:
        """A new issue from the correction form, with the record already filled in."""
        # As urlencode would write it, without its per-call overhead (one link on every record page).
        query = f"template=correction.yml&title={quote_plus(f'[纠错] {title}')}&record={quote_plus(f'{kind}/{record_id}')}"
        return f"{self.repository}/issues/new?{query}"

    def suggestion_form_url(self, location: str | None = None) -> str:
        """The suggestion form (a new issue from it), its 具体位置 already filled in with `location`.

        GitHub fills in an issue form's text fields (input, textarea) from URL parameters named by
        the field's id; it cannot choose a dropdown's option (such a link opens a blank issue), so
        the pages tell the reader which options to choose. A location longer than the form allows
        is left out.
        """
        query = f"template={SUGGESTION_FILE}"
        if location and len(location) <= LOCATION_MAX:
            query += f"&{SuggestionField.LOCATION}={quote_plus(location)}"
        return f"{self.repository}/issues/new?{query}"

    def relpath(self, kind: str, record_id: str) -> str:
        return self.registry.source(kind, record_id).relpath

    def changed_on(self, kind: str, record_id: str) -> dt.date | None:
        return self.last_changed.get(self.relpath(kind, record_id))


@functools.lru_cache(maxsize=1 << 16)
def _page_of(kind: str, record_id: str) -> str:
    # Remembered: a record is linked from many pages (some 100,000 links at 10,000 suggestions).
    return KIND_BY_NAME[kind].page(record_id)

LISTING_NAMES: dict[str, frozenset[str]] = {kind.name: kind.listings for kind in KINDS if kind.listings}
"""The names the listing pages take in each kind's pages folder (kinds.Kind.listings), by kind. The renderers
build their listing paths from these, and validation refuses a record id among them or made of digits
only (a listing's page 2, 3, ... is <folder>/2.md): such a record's page would take a listing's address
(see `reserved_id`)."""


def listing_folder(kind: str, name: str) -> str:
    """The folder (or, for "index", the page stem) of one of a kind's listings, e.g. representatives/former."""
    assert name in LISTING_NAMES[kind], f"{name} is not among the listing names of {kind}"
    return f"{KIND_BY_NAME[kind].pages}/{name}"


def reserved_id(kind: str, record_id: str) -> bool:
    """Whether a record of `kind` with this id would take the address of a listing page."""
    return record_id in LISTING_NAMES.get(kind, ()) or record_id.isdigit()


def assert_no_reserved(kind: str, ids: Iterable[str]) -> None:
    """For renderers: no record id takes a listing's path (the loader refuses them, site/checks.py)."""
    assert not any(reserved_id(kind, record_id) for record_id in ids), f"a {kind} id takes a listing's path"


def relative(from_page: str, to_page: str) -> str:
    """A link from one page to another, as MkDocs resolves Markdown links (to the .md file).

    Worked out folder to folder, and that remembered: there are a few hundred folders
    but some 100,000 links at 10,000 suggestions.
    """
    to_folder, name = posixpath.split(to_page)
    if not name:
        return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    folder = _relative_folder(posixpath.dirname(from_page) or ".", to_folder or ".")
    return name if folder == "." else f"{folder}/{name}"


@functools.lru_cache(maxsize=4096)
def _relative_folder(from_folder: str, to_folder: str) -> str:
    return posixpath.relpath(to_folder, from_folder)


def pages(items: list, per_page: int = PER_PAGE) -> list[list]:
    """Items cut into listing pages; always at least one (possibly empty) page."""
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]


def listing_path(folder: str, number: int) -> str:
    """Page `number` (1-based) of a listing: folder/index.md, then folder/2.md, ..."""
    return f"{folder}/index.md" if number == 1 else f"{folder}/{number}.md"
