"""The home page."""

from __future__ import annotations

from collections.abc import Iterator

from .. import md
from ..context import SiteContext


def render(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    site = ctx.registry.site
    lines = [
        md.heading(1, f"{site.district.name}街道议政代表会议"),
        "",
        md.block(site.district.introduction),
        "",
    ]
    yield "index.md", "\n".join(lines) + "\n"
