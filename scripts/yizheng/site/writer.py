"""The one writer: puts the generated files into the build folder.

It writes a file only when its bytes changed (so an engine watching the folder rebuilds
only what a record edit touched and modification times mean something), and removes
files that are no longer generated (an unpublished suggestion's page must not linger).
A file already there with the same size is read and compared. Nothing else in the
generator touches the disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import collector

Stat = tuple[int, int, int]
"""A file as found on disk: size, modification time (ns), inode."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


@dataclass
class Snapshot:
    """The build folder as found before writing: its files and folders."""

    root: Path
    on_disk: dict[str, Stat]
    folders: set[Path]


@dataclass
class Part:
    """What writing some of the files did: the paths given, and those written."""

    paths: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: int = 0


def write_tree(root: Path, files: Mapping[str, str | bytes], keep: frozenset[str] = frozenset({".gitkeep"})) -> WriteReport:
    """Make `root` hold exactly `files` (path → text or bytes), touching only what differs."""
    with collector.paused():
        snapshot = scan(root)
        return finish(snapshot, [put(snapshot, sorted(files.items()))], keep)


def write_changes(root: Path, changed: Mapping[str, str | bytes], gone: Iterable[str]) -> WriteReport:
    """Write `changed` files and remove `gone` ones (and folders left empty), when the caller knows
    which differ from the folder (site/incremental.py keeps what it wrote last in memory)."""
    report = WriteReport()
    with collector.paused():
        for relpath, content in sorted(changed.items()):
            data = content.encode("utf-8") if isinstance(content, str) else content
            path = root / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            _put(path, data, in_place=not path.exists())
            report.written.append(relpath)
        for relpath in sorted(gone, reverse=True):
            path = root / relpath
            path.unlink(missing_ok=True)
            report.removed.append(relpath)
            for folder in path.parents:
                if folder == root or root not in folder.parents or any(folder.iterdir()):
                    break
                folder.rmdir()
        report.removed.reverse()
    return report


def write_file(path: Path, content: str | bytes) -> bool:
    """One file outside the build folder (the generated engine configuration), written only
    when its bytes differ; whether it was."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    _put(path, data)
    return True


def scan(root: Path) -> Snapshot:
    """Look at the build folder once, before any part of the files is put."""
    root.mkdir(parents=True, exist_ok=True)
    on_disk, folders = _scan(root)
    return Snapshot(root, on_disk, folders)


def put(snapshot: Snapshot, files: Iterable[tuple[str, str | bytes]]) -> Part:
    """Write those of `files` whose bytes differ from the folder's. Parts with no path in
    common may be put at the same time by different processes."""
    part = Part()
    root, on_disk, folders = snapshot.root, snapshot.on_disk, set(snapshot.folders)
    for relpath, content in files:
        part.paths.append(relpath)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = root / relpath
        entry = on_disk.get(relpath)
        if entry is not None and entry[0] == len(data) and path.read_bytes() == data:
            part.unchanged += 1
            continue
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.update(path.parents)
        # A file that was not there is written in place (half the directory work of a temporary
        # file and a rename, at 13,700 new files); one that was is replaced in one step.
        _put(path, data, in_place=entry is None)
        part.written.append(relpath)
    return part


def finish(snapshot: Snapshot, parts: Iterable[Part], keep: frozenset[str] = frozenset({".gitkeep"})) -> WriteReport:
    """After every part is put: remove what is no longer generated, and empty folders."""
    report = WriteReport()
    root = snapshot.root
    generated: set[str] = set()
    for part in parts:
        generated.update(part.paths)
        report.written += part.written
        report.unchanged += part.unchanged
    report.written.sort()
    for relpath in sorted(snapshot.on_disk, reverse=True):
        if relpath not in generated and Path(relpath).name not in keep:
            (root / relpath).unlink()
            report.removed.append(relpath)
    report.removed.reverse()
    for folder in sorted(snapshot.folders, key=lambda p: len(p.parts), reverse=True):
        if folder != root and root in folder.parents and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return report


def _put(path: Path, data: bytes, in_place: bool = False) -> Stat:
    """Write `data` to `path` through a temporary file and a rename (no half file is ever seen),
    or `in_place` for a new file (a half one left by a crash differs and is written again next
    time); the file's Stat."""
    tmp = path if in_place else path.with_name(f".{path.name}.tmp")
    handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        status = os.fstat(handle)  # a rename keeps the inode and the times
    finally:
        os.close(handle)
    if tmp != path:
        os.replace(tmp, path)
    return status.st_size, status.st_mtime_ns, status.st_ino


def _scan(root: Path) -> tuple[dict[str, Stat], set[Path]]:
    """Every file under root with its size and mtime, and every folder."""
    files: dict[str, Stat] = {}
    folders: set[Path] = {root}
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                relpath = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(Path(entry.path))
                    pending.append((Path(entry.path), relpath + "/"))
                else:
                    status = entry.stat(follow_symlinks=False)
                    files[relpath] = (status.st_size, status.st_mtime_ns, status.st_ino)
    return files, folders
