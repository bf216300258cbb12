"""The one writer: puts the generated files into the build folder.

It writes a file only when its bytes changed (so `mkdocs serve` rebuilds only
what a record edit touched and modification times mean something), and
removes files that are no longer generated (an unpublished suggestion's page
must not linger). Nothing else in the generator touches the disk.

To tell "unchanged" without reading every file back, it keeps a manifest
beside the files: each file's size, modification time, inode and a digest of
what was written. A file whose size, time and inode still match its entry has
the bytes of that digest; any other file is read and compared. MkDocs ignores the manifest
(its name starts with a dot).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import collector

MANIFEST = ".yizheng-written.json"

Stat = tuple[int, int, int]
"""A file as found on disk: size, modification time (ns), inode (a rename brings a new one)."""

Entry = tuple[int, int, int, str]
"""What the manifest knows of a file: its Stat when written, and the digest of what was written."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


@dataclass
class Snapshot:
    """The build folder as found before writing: its files, folders and manifest."""

    root: Path
    on_disk: dict[str, Stat]
    folders: set[Path]
    known: dict[str, Entry]


@dataclass
class Part:
    """What writing some of the files did: the paths given, those written, and their manifest entries."""

    paths: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    manifest: dict[str, Entry] = field(default_factory=dict)


def write_tree(root: Path, files: Mapping[str, str | bytes], keep: frozenset[str] = frozenset({".gitkeep"})) -> WriteReport:
    """Make `root` hold exactly `files` (path → text or bytes), touching only what differs."""
    with collector.paused():
        snapshot = scan(root)
        return finish(snapshot, [put(snapshot, sorted(files.items()))], keep)


def write_changes(root: Path, changed: Mapping[str, str | bytes], gone: Iterable[str]) -> WriteReport:
    """Write `changed` files and remove `gone` ones (and folders left empty), when the caller knows
    which differ from the folder (site/incremental.py keeps what it wrote last in memory).

    The manifest is left as it is: an entry of a file written here no longer matches the file's
    inode and time, so the next full write compares that file by reading it.
    """
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
    return Snapshot(root, on_disk, folders, _read_manifest(root))


def put(snapshot: Snapshot, files: Iterable[tuple[str, str | bytes]]) -> Part:
    """Write those of `files` whose bytes differ from the folder's. Parts with no path in
    common may be put at the same time by different processes."""
    part = Part()
    root, on_disk, known, folders = snapshot.root, snapshot.on_disk, snapshot.known, set(snapshot.folders)
    for relpath, content in files:
        part.paths.append(relpath)
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        path = root / relpath
        entry = on_disk.get(relpath)
        if entry is not None and entry[0] == len(data):
            if known.get(relpath) == (*entry, digest) or path.read_bytes() == data:
                part.manifest[relpath] = (*entry, digest)
                part.unchanged += 1
                continue
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.update(path.parents)
        # A file that was not there is written in place (half the directory work of a temporary
        # file and a rename, at 13,700 new files); one that was is replaced in one step.
        part.manifest[relpath] = (*_put(path, data, in_place=entry is None), digest)
        part.written.append(relpath)
    return part


def finish(snapshot: Snapshot, parts: Iterable[Part], keep: frozenset[str] = frozenset({".gitkeep"})) -> WriteReport:
    """After every part is put: remove what is no longer generated, empty folders, and record the manifest."""
    report = WriteReport()
    root = snapshot.root
    generated: set[str] = set()
    manifest: dict[str, Entry] = {}
    for part in parts:
        generated.update(part.paths)
        report.written += part.written
        report.unchanged += part.unchanged
        manifest.update(part.manifest)
    report.written.sort()
    for relpath in sorted(snapshot.on_disk, reverse=True):
        if relpath not in generated and Path(relpath).name not in keep:
            (root / relpath).unlink()
            report.removed.append(relpath)
    report.removed.reverse()
    for folder in sorted(snapshot.folders, key=lambda p: len(p.parts), reverse=True):
        if folder != root and root in folder.parents and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    manifest = dict(sorted(manifest.items()))
    if manifest != snapshot.known:  # rewritten only with the files (mkdocs serve watches this folder)
        _put(root / MANIFEST, json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return report


def _put(path: Path, data: bytes, in_place: bool = False) -> Stat:
    """Write `data` to `path` through a temporary file and a rename (no half file is ever seen),
    or `in_place` for a new file (a half one left by a crash differs from the manifest and is
    written again next time); the file's Stat."""
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
    """Every file under root (but the manifest) with its size and mtime, and every folder."""
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
                elif relpath != MANIFEST:
                    status = entry.stat(follow_symlinks=False)
                    files[relpath] = (status.st_size, status.st_mtime_ns, status.st_ino)
    return files, folders


def _read_manifest(root: Path) -> dict[str, Entry]:
    try:
        raw = json.loads((root / MANIFEST).read_bytes())
        return {str(path): (int(size), int(mtime), int(inode), str(digest)) for path, (size, mtime, inode, digest) in raw.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}  # no manifest, or not one we wrote: every file is compared by reading it
