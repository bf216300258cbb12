"""Registry → every generated file of the site, then the one writer puts them in place."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .. import collector, processes
from ..registry import Registry
from .context import SiteContext
from .gitinfo import last_changed
from .pages import RENDERERS
from . import engine_config, writer
from .writer import Part, Snapshot, WriteReport, write_tree

Renderer = Callable[[SiteContext], Iterable[tuple[str, str | bytes]]]

BEIJING = dt.timezone(dt.timedelta(hours=8))

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
        built_at=f"{now.year}年{now.month}月{now.day}日 {now:%H:%M}",
        last_changed=last_changed(registry.content),
    )


PARALLEL_FROM = 1000
"""From this many records on, the renderers run in several processes (`yizheng bench` measures
generation with and without; README, 规模与性能)."""

_TWO_CLAIM = "two renderers claim {path}: the loader refuses record ids that take a listing's path (site/checks.py)"


def generate(
    registry: Registry, docs_dir: Path, config_file: Path, site_dir: Path | None = None, now: dt.datetime | None = None
) -> tuple[SiteContext, WriteReport]:
    """What `yizheng generate` does, without any engine: the pages into `docs_dir`, and beside
    that folder the configuration every engine reads (engine_config.py)."""
    ctx = context_for(registry, now)
    report = write_site(ctx, docs_dir)
    write_engine_config(ctx, docs_dir, config_file, site_dir)
    return ctx, report


def write_engine_config(
    ctx: SiteContext, docs_dir: Path, config_file: Path, site_dir: Path | None = None, *, preview: bool = False
) -> Path:
    """The generated configuration, with the policy for Zensical's pages (`preview`: for its server)."""
    values = engine_config.settings(ctx.registry.site, ctx.built_at)
    policy = engine_config.zensical_policy(config_file, preview=preview, site_url=values["site_url"])
    data = engine_config.engine_config(config_file, docs_dir, values, site_dir, policy=policy)
    path = engine_config.generated_config_path(docs_dir)
    writer.write_file(path, engine_config.dump(data))
    return path


def render_site(ctx: SiteContext, renderers: Iterable[Renderer] = RENDERERS, jobs: int | None = None) -> dict[str, str | bytes]:
    """Every generated file, path → content; no two renderers claim one path (validation sees to it).

    With `jobs` > 1 the renderers run in that many forked processes (each takes the
    next renderer when it is free); the result is the same, in the same order.
    """
    renderers = list(renderers)
    jobs = _jobs(ctx, jobs)
    files: dict[str, str | bytes] = {}
    with collector.paused():
        outputs: Iterable[Iterable[tuple[str, str | bytes]]]
        if jobs > 1:
            outputs = processes.forked_map(_render_one, (ctx, renderers), range(len(renderers)), jobs)
        else:
            outputs = (renderer(ctx) for renderer in renderers)
        for output in outputs:
            for path, content in output:
                assert path not in files, _TWO_CLAIM.format(path=path)
                files[path] = content
    return files


def write_site(ctx: SiteContext, docs_dir: Path, renderers: Iterable[Renderer] = RENDERERS, jobs: int | None = None) -> WriteReport:
    """Render every file and make `docs_dir` hold exactly them (the one writer, see writer.py).

    In several processes each renders its renderers and writes their files itself, so
    that writing (at 10,000 suggestions, 13,700 files created) is shared too and the
    pages never travel between processes; this process then removes what is no
    longer generated. A path that two renderers claim fails the build in both ways,
    but here only after the files are written; validation refuses the record ids
    that could make them (site/checks.py).
    """
    renderers = list(renderers)
    jobs = _jobs(ctx, jobs)
    if jobs <= 1:
        return write_tree(docs_dir, render_site(ctx, renderers, jobs=1))
    with collector.paused():
        snapshot = writer.scan(docs_dir)
        parts = processes.forked_map(_render_and_put, (ctx, renderers, snapshot), range(len(renderers)), jobs)
        claimed: set[str] = set()
        for part in parts:
            for path in part.paths:
                assert path not in claimed, _TWO_CLAIM.format(path=path)
                claimed.add(path)
        return writer.finish(snapshot, parts)


def _jobs(ctx: SiteContext, jobs: int | None) -> int:
    jobs = processes.jobs_for(len(ctx.registry.sources), PARALLEL_FROM) if jobs is None else jobs
    return jobs if jobs > 1 and processes.can_fork() else 1


def _render_one(shared: tuple[SiteContext, list[Renderer]], index: int) -> list[tuple[str, str | bytes]]:
    ctx, renderers = shared
    return list(renderers[index](ctx))


def _render_and_put(shared: tuple[SiteContext, list[Renderer], Snapshot], index: int) -> Part:
    ctx, renderers, snapshot = shared
    return writer.put(snapshot, renderers[index](ctx))
