"""Generation again after some record files changed: only the renderers those records feed.

The first run loads every record and runs every renderer, each on a registry that notes
which of its parts the renderer read (a kind of record, or site.yml's vocabularies).
After that, `update` reads again only the record files whose size or modification time
changed (or that appeared or went), assembles and cross-checks the registry from the
records already read and the new ones, and runs again only the renderers that read a
kind of record that changed. Their files are compared in memory with what they gave
before, and the one writer writes what differs and removes what is no longer generated.

The result is the same as a full generation from the same records on the same day (a
test compares the two byte for byte over many random edits). A change of site.yml or of
staff-keys.yml, or any error in the records, loads everything again; while the records
have errors, the pages stay as they were and the problems are returned.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import collector, loader, processes
from ..loader import SITE_FILE, STAFF_KEYS_FILE, InvalidContent, Reading, RecordFile
from ..kinds import KINDS
from ..problems import Problem
from ..registry import Registry
from . import writer
from .context import SiteContext
from .generate import Renderer, context_for
from .pages import RENDERERS
from .writer import WriteReport

ALL = frozenset(kind.name for kind in KINDS) | {"site"}
"""Every part of the registry a renderer can depend on."""

_READS: dict[str, frozenset[str]] = {
    **{kind.attribute: frozenset({kind.name}) for kind in KINDS},
    "site": frozenset({"site"}),
    "index": frozenset({"site"}),
    "handling": frozenset({"suggestion"}),  # worked out from the suggestions alone (yizheng.handling)
    "content": frozenset(),
}
"""What reading a registry attribute makes a renderer depend on; any other attribute (records(),
sources, warnings, ...) counts as reading everything."""


class _Noting:
    """A registry that notes which of its attributes are read, and otherwise is the registry."""

    def __init__(self, registry: Registry, reads: set[str]) -> None:
        object.__setattr__(self, "_registry", registry)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, name: str) -> Any:
        self._reads.update(_READS.get(name, ALL))
        return getattr(self._registry, name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("renderers do not change the registry")


Stat = tuple[int, int]


@dataclass
class Update:
    """What one update did: the record files read again, the renderers run, and what was written."""

    changed_files: list[str] = field(default_factory=list)
    renderers: int = 0
    report: WriteReport = field(default_factory=WriteReport)
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(problem.is_error for problem in self.problems)


@dataclass
class Change:
    """What running one renderer again changed: files with other content, files no longer written."""

    index: int
    written: dict[str, str | bytes]
    gone: set[str]
    reads: frozenset[str]


PARALLEL_FROM = 1000
"""From this many records on, the renderers to run again share the cores (see `_rerun`)."""

_FORKED: Incremental | None = None
"""The site the forked processes work on: set just before forking, cleared after."""


def _change_in_child(index: int) -> Change:
    assert _FORKED is not None, "set before the processes were forked"
    return _FORKED._change(index)


class Incremental:
    """The generated pages of one content folder in one docs folder, kept up to date."""

    def __init__(
        self,
        content: Path,
        docs_dir: Path,
        now: dt.datetime | None = None,
        renderers: Iterable[Renderer] = RENDERERS,
    ) -> None:
        self.content = content
        self.docs_dir = docs_dir
        self.now = now
        self.renderers = list(renderers)
        self.registry: Registry | None = None
        self.ctx: SiteContext | None = None
        self._stats: dict[str, Stat] = {}
        self._files: dict[str, RecordFile] = {}
        self._readings: dict[str, Reading] = {}
        self._outputs: list[dict[str, str | bytes]] = [{} for _ in self.renderers]
        self._depends: list[frozenset[str]] = [ALL for _ in self.renderers]

    # --- the first, full generation ---------------------------------------------

    def full(self) -> Update:
        """Load every record and generate every file (the docs folder then holds exactly them)."""
        update = Update()
        stats = self._stat_all()
        try:
            registry, files, readings = loader.load_readings(self.content, jobs=1)
        except InvalidContent as err:
            update.problems = err.problems
            return update
        update.problems = list(registry.warnings)
        self._files = {item.relpath: item for item in files}
        self._readings = {item.relpath: reading for item, reading in zip(files, readings)}
        self._stats = stats
        self.registry = registry
        self.ctx = self._context(registry)
        for index in range(len(self.renderers)):
            self._run(index)
        update.renderers = len(self.renderers)
        files: dict[str, str | bytes] = {}
        for output in self._outputs:
            files.update(output)
        update.report = writer.write_tree(self.docs_dir, files)
        return update

    def _context(self, registry: Registry) -> SiteContext:
        if self.ctx is None:
            return context_for(registry, self.now)
        return dataclasses.replace(self.ctx, registry=registry)  # the same day, build time and git dates

    # --- later, only what changed -----------------------------------------------------

    def update(self) -> Update:
        """Generate again after record files changed (see the module's description)."""
        if self.registry is None:
            return self.full()
        stats = self._stat_all()
        changed = sorted(path for path in stats.keys() | self._stats.keys() if stats.get(path) != self._stats.get(path))
        if not changed:
            return Update()
        if SITE_FILE in changed or STAFF_KEYS_FILE in changed:
            self.ctx = None
            self.registry = None
            update = self.full()
            update.changed_files = changed
            return update
        update = Update(changed_files=changed)
        with collector.paused():
            problems: list[Problem] = []
            files = loader.find_record_files(self.content, problems)
            readings: list[Reading] = []
            for item in files:
                reading = self._readings.get(item.relpath) if item.relpath not in changed else None
                if reading is None or self._files.get(item.relpath) != item:
                    found: list[Problem] = []
                    reading = (loader.read_record(item, found), found)
                readings.append(reading)
            site = self.registry.site
            try:
                registry = loader.assemble(self.content, site, files, readings, problems, self.registry.staff_keys)
            except InvalidContent as err:
                update.problems = err.problems
                return update  # the pages stay as they were; the files are read again next time
            update.problems = list(registry.warnings)
            kinds = _changed_kinds(self.registry, registry)
            self._files = {item.relpath: item for item in files}
            self._readings = {item.relpath: reading for item, reading in zip(files, readings)}
            self._stats = stats
            self.registry = registry
            self.ctx = self._context(registry)
            rerun = [i for i, depends in enumerate(self._depends) if depends & kinds]
            changes = self._rerun(rerun)
            update.renderers = len(rerun)
            update.report = self._write(changes)
        return update

    # --- running renderers and writing their files ---------------------------------------

    def _rerun(self, indexes: list[int]) -> list[Change]:
        """Run these renderers again: what each now writes differently, and what it no longer writes.

        At scale and where forking is safe (no other thread: `yizheng serve` runs its engine
        in another process), they run in forked processes that compare with the files they
        inherited and send back only the differences.
        """
        jobs = processes.jobs_for(len(self.registry.sources) if self.registry else 0, PARALLEL_FROM)
        if jobs <= 1 or len(indexes) <= 1 or not processes.can_fork():
            return [self._change(index) for index in indexes]
        global _FORKED
        _FORKED = self
        try:
            with processes.pool(min(jobs, len(indexes))) as workers:
                changes = list(workers.map(_change_in_child, indexes))
        finally:
            _FORKED = None
        for change in changes:
            output = self._outputs[change.index]
            output.update(change.written)
            for path in change.gone:
                del output[path]
            self._depends[change.index] = change.reads
        self._check_claims([change.index for change in changes])
        return changes

    def _change(self, index: int) -> Change:
        old = self._outputs[index]
        self._run(index)
        new = self._outputs[index]
        written = {path: content for path, content in new.items() if old.get(path) != content}
        return Change(index, written, old.keys() - new.keys(), self._depends[index])

    def _run(self, index: int) -> None:
        assert self.ctx is not None
        reads: set[str] = set()
        noting = dataclasses.replace(self.ctx, registry=_Noting(self.ctx.registry, reads))  # type: ignore[arg-type]
        output: dict[str, str | bytes] = {}
        with collector.paused():
            for path, content in self.renderers[index](noting):
                assert path not in output, f"two renderers claim {path}"
                output[path] = content
        self._outputs[index] = output
        self._depends[index] = frozenset(reads)
        self._check_claims([index])

    def _check_claims(self, indexes: list[int]) -> None:
        for index in indexes:
            for other, files in enumerate(self._outputs):
                if other != index:
                    assert self._outputs[index].keys().isdisjoint(files), "two renderers claim one path"

    def _write(self, changes: list[Change]) -> WriteReport:
        written: dict[str, str | bytes] = {}
        gone: set[str] = set()
        for change in changes:
            written.update(change.written)
            gone.update(change.gone)
        for output in self._outputs:
            gone.difference_update(output.keys())  # moved to another renderer, written there
        return writer.write_changes(self.docs_dir, written, sorted(gone))

    def _stat_all(self) -> dict[str, Stat]:
        stats: dict[str, Stat] = {}
        pending = [(self.content, "")]
        while pending:
            folder, prefix = pending.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((Path(entry.path), f"{prefix}{entry.name}/"))
                    else:
                        status = entry.stat(follow_symlinks=False)
                        stats[prefix + entry.name] = (status.st_size, status.st_mtime_ns)
        return stats


def _changed_kinds(old: Registry, new: Registry) -> frozenset[str]:
    """The kinds of record of which one was added, removed or read again with other values."""
    kinds = set()
    for kind in KINDS:
        before, after = old.records(kind.name), new.records(kind.name)
        if before.keys() != after.keys() or any(before[key] is not after[key] for key in after):
            kinds.add(kind.name)
    return frozenset(kinds)
