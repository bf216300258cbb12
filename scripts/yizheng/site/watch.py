"""Which files under a content folder changed, as the operating system tells it (watchdog; inotify on Linux).

The preview asks after each wait instead of looking at every record file's size and time (some 13,000
files at 10,000 suggestions, 0.03–0.04 s each time, five times a second). When the system cannot tell
(the watch could not start, or a whole folder was created, moved or removed) `take` says so, and the
preview looks at every file as before.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedNoWriteEvent,
    FileOpenedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

SETTLE = 0.05
"""Seconds waited after the first sign of a change, for the rest of the same save."""

_UNCHANGING = (FileOpenedEvent, FileClosedNoWriteEvent)  # a file read, not written
_WHOLE_FOLDER = (DirCreatedEvent, DirDeletedEvent, DirMovedEvent)  # files came or went without their own events


class ContentWatch(FileSystemEventHandler):
    """The files under `content` written, created, removed or moved since the last `take`."""

    def __init__(self, content: Path) -> None:
        self.root = content.resolve()
        self._lock = threading.Lock()
        self._changed = threading.Event()
        self._paths: set[str] = set()
        self._everything = False
        self._observer = Observer()
        try:
            self._observer.schedule(self, str(self.root), recursive=True)
            self._observer.start()
            self.watching = True
        except OSError:  # e.g. the system's limit of watches reached: every file is looked at instead
            self.watching = False

    def on_any_event(self, event: FileSystemEvent) -> None:
        if isinstance(event, _UNCHANGING) or (event.is_directory and not isinstance(event, _WHOLE_FOLDER)):
            return
        with self._lock:
            if event.is_directory:
                self._everything = True
            for path in (event.src_path, getattr(event, "dest_path", "")):
                relpath = self._relpath(path)
                if relpath:
                    self._paths.add(relpath)
        self._changed.set()

    def _relpath(self, path: str | bytes) -> str:
        if not path:
            return ""
        text = path.decode() if isinstance(path, bytes) else path
        try:
            return Path(text).relative_to(self.root).as_posix()
        except ValueError:
            return ""

    def wait(self, timeout: float) -> bool:
        """Until something changed (True) or `timeout` seconds went by (False); when something changed,
        a moment more, so that a file written in several steps is read once it is whole. Not watching:
        `timeout` seconds, then True (every file is looked at)."""
        if not self.watching:
            time.sleep(timeout)
            return True
        if not self._changed.wait(timeout):
            return False
        time.sleep(SETTLE)
        return True

    def take(self) -> set[str] | None:
        """The content-relative paths changed since the last call; None: look at every file."""
        if not self.watching:
            return None
        with self._lock:
            paths, everything = self._paths, self._everything
            self._paths, self._everything = set(), False
            self._changed.clear()
        return None if everything else paths

    def stop(self) -> None:
        if self.watching:
            self._observer.stop()
            self._observer.join(timeout=5)
