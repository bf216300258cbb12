"""meetings pages (to be written)."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import SiteContext


def render(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    yield "meetings/index.md", "# 会议活动\\n"
