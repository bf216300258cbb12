"""The one writer: puts the generated files into the build folder.

It writes a file only when its bytes changed (so `mkdocs serve` rebuilds only
what a record edit touched and modification times mean something), and
removes files that are no longer generated (an unpublished suggestion's page
must not linger). Nothing else in the generator touches the disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..files import write_text_atomic


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def write_tree(root: Path, files: Mapping[str, str | bytes], keep: frozenset[str] = frozenset({".gitkeep"})) -> WriteReport:
    """Make `root` hold exactly `files` (path → text or bytes), touching only what differs."""
    report = WriteReport()
    root.mkdir(parents=True, exist_ok=True)
    for relpath in sorted(files):
        content = files[relpath]
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = root / relpath
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                report.unchanged += 1
                continue
        except FileNotFoundError:
            pass
        if isinstance(content, str):
            write_text_atomic(path, content, durable=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
        report.written.append(relpath)
    for path in sorted(root.rglob("*"), reverse=True):
        relpath = path.relative_to(root).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif relpath not in files and path.name not in keep:
            path.unlink()
            report.removed.append(relpath)
    return report
