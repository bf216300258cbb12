"""feeds pages (to be written)."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import SiteContext


def render(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    yield from ()
