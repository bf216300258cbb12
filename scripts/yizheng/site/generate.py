"""Registry → every generated file of the site, then the one writer puts them in place."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ..registry import Registry
from .context import SiteContext
from .gitinfo import last_changed
from .pages import RENDERERS
from .writer import WriteReport, write_tree

Renderer = Callable[[SiteContext], Iterable[tuple[str, str | bytes]]]

BEIJING = dt.timezone(dt.timedelta(hours=8))

PRELOADED: dict[Path, Registry] = {}
"""Registries already loaded in this process (by `yizheng build`), by resolved content path."""


def build_time() -> dt.datetime:
    """Now in Beijing time; SOURCE_DATE_EPOCH (reproducible builds) and YIZHENG_TODAY (tests) fix it."""
    if "YIZHENG_TODAY" in os.environ:
        day = dt.date.fromisoformat(os.environ["YIZHENG_TODAY"])
        return dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=BEIJING)
    if "SOURCE_DATE_EPOCH" in os.environ:
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=BEIJING)
    return dt.datetime.fromtimestamp(time.time(), tz=BEIJING)


def context_for(registry: Registry, now: dt.datetime | None = None) -> SiteContext:
    now = now or build_time()
    return SiteContext(
        registry=registry,
        today=now.date(),
        built_at=now.strftime("%Y-%m-%d %H:%M"),
        last_changed=last_changed(registry.content),
    )


def render_site(ctx: SiteContext, renderers: Iterable[Renderer] = RENDERERS) -> dict[str, str | bytes]:
    """Every generated file, path → content; two renderers may not claim one path."""
    files: dict[str, str | bytes] = {}
    for renderer in renderers:
        for path, content in renderer(ctx):
            if path in files:
                raise ValueError(f"两个页面要写到同一个路径 {path}：可能是某条记录的编号与列表页的文件名相同，请改编号")
            files[path] = content
    return files


def generate(registry: Registry, docs_dir: Path, now: dt.datetime | None = None) -> WriteReport:
    return write_tree(docs_dir, render_site(context_for(registry, now)))
