"""Page renderers: each module's `render(ctx)` yields (path, content) pairs.

Renderers are pure: they read the SiteContext and return text or bytes; only
the writer touches the disk. Paths are relative to the docs folder.
"""

from __future__ import annotations

from . import cases, feeds, home, meetings, opendata, representatives, rules, stations, statistics, suggestions, tracking

RENDERERS = [
    home.render,
    representatives.render,
    stations.render,
    rules.render,
    meetings.render,
    cases.render,
    suggestions.render,
    tracking.render,
    statistics.render,
    opendata.render,
    feeds.render,
]
