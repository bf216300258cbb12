"""The registry: every record, typed and cross-checked, loaded once.

Renderers, statistics, exports and feeds read the registry and never the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .handling import Handling, of_all
from .kinds import KIND_BY_NAME, KINDS
from .models import Case, Meeting, Representative, Rule, Site, Station, Suggestion
from .models.staff_keys import StaffKeys
from .models.site import Category, Community, Grid, HandlingUnit, Street
from .problems import Problem
from .yamlio import Document, Loc


@dataclass(frozen=True)
class Source:
    """Where a record came from, to point messages and links at it."""

    path: Path  # as given to the loader (relative to the working directory when it was)
    relpath: str  # relative to the content folder, POSIX style
    doc: Document

    def line_of(self, loc: Loc) -> int:
        return self.doc.line_of(loc)


@dataclass
class Registry:
    content: Path
    site: Site
    representatives: dict[str, Representative] = field(default_factory=dict)
    stations: dict[str, Station] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    suggestions: dict[str, Suggestion] = field(default_factory=dict)
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)
    # Ids of records whose files exist but could not be read; references to them
    # are not reported again as unknown.
    unreadable: dict[str, set[str]] = field(default_factory=dict)
    # What a person should look at although nothing is wrong (Problem.severity "warning").
    warnings: list[Problem] = field(default_factory=list)
    # content/staff-keys.yml: the keys private text is sealed to (None: no such file, nothing sealed).
    staff_keys: StaffKeys | None = None

    def records(self, kind: str) -> dict:
        """The records of a kind by its English name (see kinds.KINDS)."""
        return getattr(self, KIND_BY_NAME[kind].attribute)

    def source(self, kind: str, record_id: str) -> Source:
        return self.sources[(kind, record_id)]

    def counts(self) -> dict[str, int]:
        return {kind.name: len(self.records(kind.name)) for kind in KINDS}

    @cached_property
    def index(self) -> SiteIndex:
        return SiteIndex(self.site)

    @cached_property
    def handling(self) -> dict[str, Handling]:
        """What each suggestion's history means (yizheng.handling), by id, worked out once.

        For the renderers and figures, which read a registry that no longer changes; code that
        puts a record into a registry for a moment (intake's check) reads the record's own
        shorthands (Suggestion.published, .deadline) instead.
        """
        return of_all(self.suggestions)

    @cached_property
    def published_suggestions(self) -> list[Suggestion]:
        """The suggestions published in full, newest first (by submission date, then number)."""
        known = self.handling
        items = [s for s in self.suggestions.values() if known[s.id].published]
        items.sort(key=lambda s: (s.submitted, s.id), reverse=True)
        return items


class SiteIndex:
    """Lookups into site.yml's vocabularies, built once."""

    def __init__(self, site: Site) -> None:
        self.streets: dict[str, Street] = {s.id: s for s in site.streets}
        self.communities: dict[str, Community] = {}
        self.street_of_community: dict[str, str] = {}
        self.grids: dict[str, Grid] = {}
        self.community_of_grid: dict[str, str] = {}
        for street in site.streets:
            for community in street.communities:
                self.communities[community.id] = community
                self.street_of_community[community.id] = street.id
                for grid in community.grids:
                    self.grids[grid.id] = grid
                    self.community_of_grid[grid.id] = community.id
        self.categories: dict[str, Category] = {c.id: c for c in site.categories}
        self.units: dict[str, HandlingUnit] = {u.id: u for u in site.handling_units}
