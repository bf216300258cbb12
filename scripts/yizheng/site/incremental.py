"""Generation again after some record files changed: only what those records feed.

The first run loads every record and runs every renderer, each on a registry that notes
which records the renderer read (by id, or a whole kind when it iterates or counts them).
After that, `update` reads again only the record files whose size or modification time
changed (or that appeared or went; site/watch.py can name them), assembles the registry from
the records already read and the new ones, cross-checks again only the changed records and
those whose checks read them, and runs again only the renderers that read a changed record.

Values worked out from many records that pages share (`SiteContext.derived`, site/derived.py)
are worked out again only when a record they read changed in a field they name, and what uses
them is made again only when the value differs.

Renderers that read every suggestion (listings, open data, tracking shards, duty pages)
build their pages from pieces worked out from one record each (`SiteContext.memo`: a
row, a line of a data file, a record's own page, a page of a listing). `Fragments` keeps
each piece with the records it read by id; after an edit only the pieces of the changed
records, and those that read them, are made again, and the rest are joined as they were.

Their files are compared in memory with what they gave before, and the one writer writes
what differs and removes what is no longer generated. The result is the same as a full
generation from the same records on the same day (a test compares the two byte for byte
over many random edits). A change of site.yml or of staff-keys.yml loads everything
again; while the records have errors, the pages stay as they were and the problems are
returned.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import os
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import collector, crosscheck, handling, loader
from ..loader import SITE_FILE, STAFF_KEYS_FILE, InvalidContent, Reading, RecordFile
from ..kinds import KINDS
from ..problems import Problem
from ..registry import Registry
from . import writer
from .context import SiteContext
from .generate import Renderer, context_for
from .pages import RENDERERS
from .writer import WriteReport

Dep = tuple[str, str]
"""What a renderer or a piece of a page read: (kind, record id) for one record, (kind, "*") for all
records of a kind (iterated, counted), ("*", "*") for anything else of the registry."""

EVERYTHING: Dep = ("*", "*")

DERIVED = "="
"""The kind of a dependency on a derived value (SiteContext.derived): (DERIVED, (work, args))."""

_KEYED = {kind.attribute: kind.name for kind in KINDS} | {"handling": "suggestion"}
"""Registry attributes read record by record: records by id, and the handling of a suggestion
(worked out from that suggestion alone, yizheng.handling)."""

_WHOLE = {"published_suggestions": "suggestion"}
"""Registry attributes worked out from every record of a kind."""

_UNNOTED = frozenset({"site", "index", "content", "staff_keys"})
"""What only site.yml or staff-keys.yml decides (a change of either generates everything again) or never changes."""


class _Notes:
    """Where what is read is being noted: the innermost of a renderer's dependencies and, inside
    it, a piece's (Fragments); what an inner one read is added to the outer one when it closes."""

    def __init__(self) -> None:
        self.top: set[Dep] = set()
        self._outer: list[set[Dep]] = []

    def add(self, dep: Dep) -> None:
        self.top.add(dep)

    def open(self, deps: set[Dep]) -> None:
        self._outer.append(self.top)
        self.top = deps

    def close(self, keep: bool = True) -> None:
        """Back to the outer notes; what the inner ones read is added to them unless `keep` is false
        (a derived value: its readers depend on the value, not on what it was worked out from)."""
        inner, self.top = self.top, self._outer.pop()
        if keep:
            self.top |= inner


class _NotingMapping(Mapping):
    """Records by id that note each one read, or the whole kind when iterated or counted."""

    def __init__(self, records: Mapping, kind: str, notes: _Notes) -> None:
        self._records, self._kind, self._notes = records, kind, notes

    def __getitem__(self, key: str) -> Any:
        self._notes.top.add((self._kind, key))
        return self._records[key]

    def get(self, key: str, default: Any = None) -> Any:
        self._notes.add((self._kind, key))
        return self._records.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._notes.add((self._kind, key))  # type: ignore[arg-type]
        return key in self._records

    def __iter__(self) -> Iterator[str]:
        self._notes.add((self._kind, "*"))
        return iter(self._records)

    def __len__(self) -> int:
        self._notes.add((self._kind, "*"))
        return len(self._records)

    def keys(self) -> Any:
        self._notes.add((self._kind, "*"))
        return self._records.keys()

    def values(self) -> Any:
        self._notes.add((self._kind, "*"))
        return self._records.values()

    def items(self) -> Any:
        self._notes.add((self._kind, "*"))
        return self._records.items()


class _Noting:
    """A registry that notes what is read of it, and otherwise is the registry: each record read by
    id on its own, a kind's records iterated or counted as all of them."""

    def __init__(self, registry: Registry, notes: _Notes) -> None:
        object.__setattr__(self, "_registry", registry)
        object.__setattr__(self, "_notes", notes)
        object.__setattr__(self, "_mappings", {})

    def __getattr__(self, name: str) -> Any:
        registry: Registry = self._registry
        if name in _KEYED:
            mapping = self._mappings.get(name)
            if mapping is None:
                mapping = self._mappings[name] = _NotingMapping(getattr(registry, name), _KEYED[name], self._notes)
            return mapping
        if name in _WHOLE:
            self._notes.add((_WHOLE[name], "*"))
        elif name == "records":
            return self._records
        elif name == "source":
            return self._source
        elif name not in _UNNOTED:
            self._notes.add(EVERYTHING)
        return getattr(registry, name)

    def _records(self, kind: str) -> Mapping:
        return _NotingMapping(self._registry.records(kind), kind, self._notes)

    def _source(self, kind: str, record_id: str) -> Any:
        self._notes.add((kind, record_id))
        return self._registry.source(kind, record_id)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("renderers do not change the registry")


Fields = Mapping[str, frozenset[str]]
"""The fields of records of some kinds that a derived value reads (kind → field names)."""


class _Changed:
    """What an update changed: records by (kind, id), the kinds they are of, and for a record read again
    (neither added nor removed) the fields whose value differs."""

    def __init__(self, records: set[Dep], fields: Mapping[Dep, frozenset[str]] | None = None) -> None:
        self.records = records
        self.kinds = {kind for kind, _ in records}
        self.fields = fields or {}

    def touches(self, deps: Iterable[Dep], only: Fields | None = None) -> bool:
        """Whether what read `deps` must be made again; with `only`, a record of a kind in it that was
        read again counts only if one of those fields changed."""
        if only:
            differ = self.fields
            records = {
                dep for dep in self.records
                if dep[0] not in only or dep not in differ or not differ[dep].isdisjoint(only[dep[0]])
            }
            return _Changed(records).touches(deps)
        if not self.records:
            return False
        if not isinstance(deps, (set, frozenset)):
            deps = set(deps)
        if EVERYTHING in deps:
            return True
        return any(dep in deps or (dep[0], "*") in deps for dep in self.records)


class Fragments:
    """Pieces of pages worked out from one record (SiteContext.memo), kept with what they read.

    A piece is found by the work that made it, the record object (a record read again from its
    file is a new object) and the other arguments; it is dropped when a record it read changed.
    """

    def __init__(self, notes: _Notes) -> None:
        self._notes = notes
        self._derived: dict[tuple, tuple[Any, frozenset[Dep], Fields | None]] = {}  # (work, args) → value, reads
        self._pieces: dict[tuple, tuple[object, Any, frozenset[Dep]]] = {}
        self._readers: dict[Dep, set[tuple]] = defaultdict(set)  # what read a record (or a kind)
        self._of: dict[int, set[tuple]] = defaultdict(set)  # the pieces of one record object

    def get(self, ctx: SiteContext, work: Callable[..., Any], record: object, args: tuple) -> Any:
        several = type(record) is tuple  # a piece made of several records (one page of a listing)
        key = (work, tuple(map(id, record)) if several else id(record), args)  # type: ignore[arg-type]

        return self._piece(key, record, several, lambda: work(self.noting(ctx), record, *args))

    def noting(self, ctx: SiteContext) -> SiteContext:
        """`ctx` on a registry that notes what is read of it in the innermost notes open."""
        return dataclasses.replace(ctx, registry=_Noting(getattr(ctx.registry, "_registry", ctx.registry), self._notes))  # type: ignore[arg-type]

    def checks(self, registry: Registry) -> crosscheck.Each:
        """How each record's cross-checks are made on `registry` (loader.assemble): kept as pieces,
        made again only for a changed record or one whose check read a changed record."""
        keyed = _Noting(registry, self._notes)
        return lambda work, record: self._piece((work, id(record), ()), record, False, lambda: work(keyed, record))

    def _piece(self, key: tuple, record: Any, several: bool, make: Callable[[], Any]) -> Any:
        found = self._pieces.get(key)
        if found is not None and (_same(found[0], record) if several else found[0] is record):
            self._notes.top |= found[2]
            return found[1]
        deps: set[Dep] = set()
        self._notes.open(deps)
        try:
            value = make()
        finally:
            self._notes.close()
        self._pieces[key] = (record, value, frozenset(deps))
        for dep in deps:
            self._readers[dep].add(key)
        for one in record if several else (record,):  # type: ignore[union-attr]
            self._of[id(one)].add(key)
        return value

    def derived(self, ctx: SiteContext, work: Callable[..., Any], args: tuple, fields: Fields | None) -> Any:
        """A value worked out from the registry and kept until what it read changes (SiteContext.derived).
        Who reads it depends on it alone: on the value, not on the records it was worked out from."""
        key = (work, args)
        found = self._derived.get(key)
        if found is None:
            value, deps = self._work_out(ctx, key)
            found = self._derived[key] = (value, deps, fields)
        self._notes.add((DERIVED, key))
        return found[0]

    def _work_out(self, ctx: SiteContext, key: tuple) -> tuple[Any, frozenset[Dep]]:
        deps: set[Dep] = set()
        self._notes.open(deps)
        try:
            value = key[0](self.noting(ctx), *key[1])
        finally:
            self._notes.close(keep=False)
        return value, frozenset(deps)

    def refresh(self, changed: _Changed, ctx: SiteContext) -> set[Dep]:
        """After `forget`: work out again each derived value that read a changed record (or a derived
        value that differs), in the order they were first worked out (one used by another comes first);
        the ones whose value now differs, with the pieces that read them dropped."""
        differ: set[Dep] = set()
        for key, (value, deps, fields) in list(self._derived.items()):
            if not (changed.touches(deps, fields) or not differ.isdisjoint(deps)):
                continue
            new, reads = self._work_out(ctx, key)
            self._derived[key] = (new, reads, fields)
            if new != value:
                dep = (DERIVED, key)
                differ.add(dep)
                self.forget(_Changed({dep}))
        return differ

    def forget(self, changed: _Changed, old: Registry | None = None) -> None:
        """Drop the pieces of the changed records (as they were) and the pieces that read them."""
        if not changed.records:
            return
        keys: set[tuple] = set()
        for dep in changed.records:
            keys |= self._readers.pop(dep, set())
            if old is None or dep[0] == DERIVED:
                continue
            record = old.records(dep[0]).get(dep[1])
            if record is not None:
                keys.update(self._of.pop(id(record), ()))
        for kind in changed.kinds:
            keys |= self._readers.pop((kind, "*"), set())
        keys |= self._readers.pop(EVERYTHING, set())
        for key in keys:
            piece = self._pieces.pop(key, None)
            if piece is not None:
                for dep in piece[2]:
                    readers = self._readers.get(dep)
                    if readers is not None:
                        readers.discard(key)

    def __len__(self) -> int:
        return len(self._pieces)


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
        self._depends: list[frozenset[Dep]] = [frozenset({EVERYTHING}) for _ in self.renderers]
        self._notes = _Notes()
        self._fragments = Fragments(self._notes)

    # --- the first, full generation ---------------------------------------------

    def full(self) -> Update:
        """Load every record and generate every file (the docs folder then holds exactly them)."""
        update = Update()
        stats = self._stat_all()
        fragments = Fragments(self._notes)
        self._notes.open(set())  # what the checks read is kept with each check only
        try:
            # Parsed by several processes at scale; each record's cross-checks kept as pieces.
            registry, files, readings = loader.load_readings(self.content, checking=fragments.checks)
        except InvalidContent as err:
            update.problems = err.problems
            return update
        finally:
            self._notes.close(keep=False)
        update.problems = list(registry.warnings)
        self._files = {item.relpath: item for item in files}
        self._readings = {item.relpath: reading for item, reading in zip(files, readings)}
        self._stats = stats
        self.registry = registry
        self._fragments = fragments
        self.ctx = self._context(registry)
        for index in range(len(self.renderers)):
            self._run(index)
        update.renderers = len(self.renderers)
        files: dict[str, str | bytes] = {}
        for output in self._outputs:
            files.update(output)
        update.report = writer.write_tree(self.docs_dir, files)
        _settled()
        return update

    def _context(self, registry: Registry) -> SiteContext:
        if self.ctx is None:
            return dataclasses.replace(context_for(registry, self.now), cache=self._fragments)
        # the same day, build time and git dates
        return dataclasses.replace(self.ctx, registry=registry, cache=self._fragments)

    # --- later, only what changed -----------------------------------------------------

    def update(self, paths: Iterable[str] | None = None) -> Update:
        """Generate again after record files changed (see the module's description). `paths`, when
        known (site/watch.py), are the content-relative paths that may have changed: only they are
        looked at; otherwise every file is."""
        if self.registry is None:
            return self.full()
        stats = self._stat_all() if paths is None else self._stat_some(paths)
        if stats is None:
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
            if stats.keys() == self._stats.keys():  # no file added or removed: the same record files
                files = list(self._files.values())
            else:
                files = loader.find_record_files(self.content, problems)
            readings: list[Reading] = []
            for item in files:
                reading = self._readings.get(item.relpath) if item.relpath not in changed else None
                if reading is None or self._files.get(item.relpath) != item:
                    found: list[Problem] = []
                    reading = (loader.read_record(item, found), found)
                readings.append(reading)
            old = self.registry
            found: list[_Changed] = []

            def checking(registry: Registry) -> crosscheck.Each:
                # Before the cross-checks: drop what read a changed record, then keep the rest's.
                found.append(_changed_records(old, registry))
                self._fragments.forget(found[0], old)
                return self._fragments.checks(registry)

            self._notes.open(set())  # what the checks read is kept with each check only
            try:
                registry = loader.assemble(self.content, old.site, files, readings, problems, old.staff_keys, checking)
            except InvalidContent as err:
                update.problems = err.problems
                return update  # the pages stay as they were; the files are read again next time
            finally:
                self._notes.close(keep=False)
            update.problems = list(registry.warnings)
            changed = found[0]
            _keep_handling(self.registry, registry)
            self._files = {item.relpath: item for item in files}
            self._readings = {item.relpath: reading for item, reading in zip(files, readings)}
            self._stats = stats
            self.registry = registry
            self.ctx = self._context(registry)
            differ = self._fragments.refresh(changed, self.ctx)
            if differ:
                changed = _Changed(changed.records | differ, changed.fields)
            rerun = [i for i, depends in enumerate(self._depends) if changed.touches(depends)]
            changes = [self._change(index) for index in rerun]
            update.renderers = len(rerun)
            update.report = self._write(changes)
        _settled()
        return update

    # --- running renderers and writing their files ---------------------------------------

    def _change(self, index: int) -> Change:
        old = self._outputs[index]
        self._run(index)
        new = self._outputs[index]
        written = {path: content for path, content in new.items() if old.get(path) != content}
        return Change(index, written, old.keys() - new.keys())

    def _run(self, index: int) -> None:
        assert self.ctx is not None
        reads: set[Dep] = set()
        noting = self._fragments.noting(self.ctx)
        output: dict[str, str | bytes] = {}
        self._notes.open(reads)
        try:
            with collector.paused():
                for path, content in self.renderers[index](noting):
                    assert path not in output, f"two renderers claim {path}"
                    output[path] = content
        finally:
            self._notes.close()
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

    def _stat_some(self, paths: Iterable[str]) -> dict[str, Stat] | None:
        """The sizes and times as they were, with `paths` looked at again (hidden names left out, as
        by _stat_all); None when one is a folder (its files were not named one by one)."""
        stats = dict(self._stats)
        for relpath in paths:
            if any(part.startswith(".") for part in relpath.split("/")):
                continue
            try:
                status = os.lstat(self.content / relpath)
            except OSError:
                stats.pop(relpath, None)
                continue
            if stat.S_ISDIR(status.st_mode):
                return None
            stats[relpath] = (status.st_size, status.st_mtime_ns)
        return stats

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


def _settled() -> None:
    """What is kept from now on is left out of Python's search for reference cycles (gc.freeze).

    The records, pieces and files kept for 10,000 suggestions are millions of objects; the
    cycle search over all of them took 1–3 seconds at unforeseen moments of an update. What they
    hold is freed as usual when it is replaced (reference counting); none of it forms cycles."""
    gc.collect(1)
    gc.freeze()


def _same(these: Any, those: tuple) -> bool:
    return len(these) == len(those) and all(a is b for a, b in zip(these, those))


def _changed_records(old: Registry, new: Registry) -> _Changed:
    """The records added, removed or read again (a record read again is a new object), and for
    those read again the fields whose value differs."""
    changed: set[Dep] = set()
    fields: dict[Dep, frozenset[str]] = {}
    for kind in KINDS:
        before, after = old.records(kind.name), new.records(kind.name)
        for key in before.keys() ^ after.keys():
            changed.add((kind.name, key))
        for key, record in after.items():
            was = before.get(key)
            if was is not record:
                changed.add((kind.name, key))
                if was is not None:
                    names = type(record).model_fields
                    fields[(kind.name, key)] = frozenset(n for n in names if getattr(was, n) != getattr(record, n))
    return _Changed(changed, fields)


def _keep_handling(old: Registry, new: Registry) -> None:
    """Give the new registry the handling of every suggestion that was not read again
    (it is worked out from the suggestion alone), and work out only the others."""
    before, known = old.suggestions, old.handling
    new.__dict__["handling"] = {
        sid: known[sid] if before.get(sid) is s else handling.of(s) for sid, s in new.suggestions.items()
    }
