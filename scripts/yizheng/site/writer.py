"""The one writer: puts the generated files into the build folder.

It writes a file only when its bytes changed (so `mkdocs serve` rebuilds only
what a record edit touched and modification times mean something), and
removes files that are no longer generated (an unpublished suggestion's page
must not linger). Nothing else in the generator touches the disk.

To tell "unchanged" without reading every file back, it keeps a manifest
beside the files: each file's size, modification time and a digest of what was
written. A file whose size and time still match its entry has the bytes of
that digest; any other file is read and compared. MkDocs ignores the manifest
(its name starts with a dot).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import collector

MANIFEST = ".yizheng-written.json"

Entry = tuple[int, int, str]
"""What the manifest knows of a file: size, modification time (ns), digest."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def write_tree(root: Path, files: Mapping[str, str | bytes], keep: frozenset[str] = frozenset({".gitkeep"})) -> WriteReport:
    """Make `root` hold exactly `files` (path → text or bytes), touching only what differs."""
    with collector.paused():
        return _write_tree(root, files, keep)


def _write_tree(root: Path, files: Mapping[str, str | bytes], keep: frozenset[str]) -> WriteReport:
    report = WriteReport()
    root.mkdir(parents=True, exist_ok=True)
    on_disk, folders = _scan(root)
    known = _read_manifest(root)
    manifest: dict[str, Entry] = {}
    for relpath in sorted(files):
        content = files[relpath]
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        path = root / relpath
        entry = on_disk.get(relpath)
        if entry is not None and entry[0] == len(data):
            if known.get(relpath) == (entry[0], entry[1], digest) or path.read_bytes() == data:
                manifest[relpath] = (entry[0], entry[1], digest)
                report.unchanged += 1
                continue
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.update(path.parents)
        manifest[relpath] = (len(data), _put(path, data), digest)
        report.written.append(relpath)
    for relpath in sorted(on_disk, reverse=True):
        if relpath not in files and Path(relpath).name not in keep:
            (root / relpath).unlink()
            report.removed.append(relpath)
    report.removed.reverse()
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        if folder != root and root in folder.parents and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    if manifest != known:  # rewritten only with the files (mkdocs serve watches this folder)
        _put(root / MANIFEST, json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return report


def _put(path: Path, data: bytes) -> int:
    """Write `data` to `path` through a temporary file and a rename (no half file is ever seen); its mtime."""
    tmp = path.with_name(f".{path.name}.tmp")
    handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)
    os.replace(tmp, path)
    return os.stat(path).st_mtime_ns


def _scan(root: Path) -> tuple[dict[str, tuple[int, int]], set[Path]]:
    """Every file under root (but the manifest) with its size and mtime, and every folder."""
    files: dict[str, tuple[int, int]] = {}
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
                    files[relpath] = (status.st_size, status.st_mtime_ns)
    return files, folders


def _read_manifest(root: Path) -> dict[str, Entry]:
    try:
        raw = json.loads((root / MANIFEST).read_bytes())
        return {str(path): (int(size), int(mtime), str(digest)) for path, (size, mtime, digest) in raw.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}  # no manifest, or not one we wrote: every file is compared by reading it
