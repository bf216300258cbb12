"""Values worked out from many records that several pages use: figures, groupings, 四个一, the latest.

Each goes through `SiteContext.derived`: a full generation works it out where it is used; incremental
generation (site/incremental.py) keeps it, works it out again only when a record it read changed in a
field it reads (`fields`), and makes again the pages that use it only when the value differs. A changed
reply text leaves every count as it was, so the statistics, 四个一 and home pages stay as they are.
The figures themselves are stats.py's.

A value here compares equal exactly when the pages made from it are the same. Lists of suggestions are
given by id: a page that shows a suggestion's title reads the record itself, so it is made again when the
title changes even though the list is the same. tests/test_derived.py checks that each value reads no
field of a suggestion beyond those it names.
"""

from __future__ import annotations

from collections import defaultdict

from .. import handling, stats
from .context import SiteContext

HANDLING = handling.READS
"""A suggestion's handling (registry.handling) is worked out from these fields."""

PUBLISHED = HANDLING | {"submitted"}
"""registry.published_suggestions: which are published (handling), newest first (submitted, then id)."""

KEYS = frozenset({"street", "category", "submitted"})
"""What the breakdowns group by (the unit is the handling's lead unit)."""

FOUR_ONES = frozenset({"representatives", "submitted", "street"})
"""What 四个一 counts of a suggestion (stats.four_ones, stats.activity_years)."""

# --- figures (stats.py) ------------------------------------------------------


def summary(ctx: SiteContext, soon_days: int = stats.SOON_DAYS) -> stats.Summary:
    return ctx.derived(_summary, soon_days, fields={"suggestion": HANDLING})


def _summary(ctx: SiteContext, soon_days: int) -> stats.Summary:
    return stats.summary(ctx.registry, ctx.today, soon_days)


def breakdown(ctx: SiteContext, by: str, soon_days: int = stats.SOON_DAYS) -> list[stats.Group]:
    return ctx.derived(_breakdown, by, soon_days, fields={"suggestion": HANDLING | KEYS})


def _breakdown(ctx: SiteContext, by: str, soon_days: int) -> list[stats.Group]:
    return stats.breakdown(ctx.registry, ctx.today, by, soon_days)


def assisting(ctx: SiteContext) -> dict[str, int]:
    return ctx.derived(_assisting, fields={"suggestion": HANDLING})


def _assisting(ctx: SiteContext) -> dict[str, int]:
    return stats.assisting(ctx.registry)


def overdue(ctx: SiteContext, soon_days: int = stats.SOON_DAYS) -> list[stats.Late]:
    return ctx.derived(_overdue, soon_days, fields={"suggestion": HANDLING})


def _overdue(ctx: SiteContext, soon_days: int) -> list[stats.Late]:
    return stats.overdue(ctx.registry, ctx.today, soon_days)


# --- 四个一 --------------------------------------------------------------------


def four_ones(ctx: SiteContext) -> list[stats.YearFourOnes]:
    """stats.four_ones for the years the site shows (stats.activity_years), newest first."""
    return ctx.derived(_four_ones, fields={"suggestion": FOUR_ONES})


def _four_ones(ctx: SiteContext) -> list[stats.YearFourOnes]:
    return stats.four_ones(ctx.registry, stats.activity_years(ctx.registry, ctx.today))


def four_ones_total(ctx: SiteContext) -> stats.FourCounts:
    return ctx.derived(_four_ones_total, fields={"suggestion": FOUR_ONES})


def _four_ones_total(ctx: SiteContext) -> stats.FourCounts:
    return stats.four_ones_total(ctx.registry, ctx.today)


# --- published suggestions (by id), the latest first ------------------------------


def latest_updated(ctx: SiteContext, count: int) -> list[str]:
    """The `count` published suggestions updated last (by date, then number)."""
    return ctx.derived(_latest_updated, count, fields={"suggestion": PUBLISHED})  # updated: the last history date


def _latest_updated(ctx: SiteContext, count: int) -> list[str]:
    latest = sorted(ctx.published_suggestions, key=lambda s: (s.updated, s.id), reverse=True)[:count]
    return [s.id for s in latest]


def latest_handled(ctx: SiteContext, count: int) -> list[str]:
    """The `count` published suggestions answered or closed last (handling.Handling.handled_on, then number)."""
    return ctx.derived(_latest_handled, count, fields={"suggestion": PUBLISHED})


def _latest_handled(ctx: SiteContext, count: int) -> list[str]:
    latest = sorted(ctx.published_suggestions, key=lambda s: (ctx.handling(s.id).handled_on, s.id), reverse=True)[:count]
    return [s.id for s in latest]


def published_by_community(ctx: SiteContext, count: int) -> dict[str, tuple[int, list[str]]]:
    """By community id: how many published suggestions it has, and the newest `count` of them."""
    return ctx.derived(_published_by_community, count, fields={"suggestion": PUBLISHED | {"community"}})


def _published_by_community(ctx: SiteContext, count: int) -> dict[str, tuple[int, list[str]]]:
    found: dict[str, list[str]] = defaultdict(list)
    for s in ctx.published_suggestions:  # newest first
        if s.community is not None:
            found[s.community].append(s.id)
    return {community: (len(ids), ids[:count]) for community, ids in found.items()}


def published_ids(ctx: SiteContext) -> frozenset[str]:
    """The ids of the published suggestions (references to others are left out of open data)."""
    return ctx.derived(_published_ids, fields={"suggestion": PUBLISHED})


def _published_ids(ctx: SiteContext) -> frozenset[str]:
    return frozenset(s.id for s in ctx.published_suggestions)
