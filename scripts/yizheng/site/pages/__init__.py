"""Page renderers: each module's `render(ctx)` yields (path, content) pairs.

Renderers are pure: they read the SiteContext and return text or bytes; only
the writer touches the disk. Paths are relative to the docs folder.
"""

from __future__ import annotations

from . import (
    cards,
    cases,
    communities,
    feeds,
    fourones,
    home,
    meetings,
    opendata,
    representatives,
    rules,
    stations,
    statistics,
    suggest,
    suggestions,
    system,
    tracking,
)

# Largest first (at 10,000 suggestions): when the renderers run in several processes,
# each process takes the next one as it becomes free, so the big ones must not come last.
RENDERERS = [
    suggestions.render_pages,
    opendata.render,
    suggestions.render,
    representatives.render,
    meetings.render,
    tracking.render,
    statistics.render,
    home.render,
    feeds.render,
    stations.render,
    cases.render,
    rules.render,
    communities.render,
    suggest.render,
    fourones.render,
    system.render,
    cards.render,
]
