"""When and how the work of one command is shared among processes.

Loading 10,000 suggestions and rendering their pages is pure Python, held to one
core by the interpreter lock. Forked processes share everything already loaded
(the records, the imported modules) without copying or pickling it, so large
folders are split among one process per core.

Forking is used only where it is safe: on Linux, and when this process runs no
other thread (`mkdocs serve` does; it stays on one process). YIZHENG_JOBS=1
turns sharing off; YIZHENG_JOBS=N asks for N processes.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

MAX_JOBS = 4


def jobs_for(count: int, worth_it_from: int) -> int:
    """How many processes should share `count` pieces of work that pay off from `worth_it_from` on."""
    wanted = os.environ.get("YIZHENG_JOBS", "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        return int(wanted)
    if count < worth_it_from:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_JOBS))


def can_fork() -> bool:
    """Forking is safe only with no other thread running, and on Linux (macOS system libraries do not survive it)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def pool(jobs: int) -> ProcessPoolExecutor:
    """`jobs` forked worker processes (call only when can_fork()).

    concurrent.futures rather than multiprocessing.Pool: if a worker dies (killed for
    memory, say), the command fails with BrokenProcessPool instead of waiting forever.
    """
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )


_INHERITED: tuple[Callable[[Any, Any], Any], Any] | None = None
"""What forked_map's processes work on: set just before they are forked, cleared after."""


def forked_map(work: Callable[[S, T], R], shared: S, items: Iterable[T], jobs: int, chunksize: int = 1) -> list[R]:
    """[work(shared, item) for item in items], in `jobs` forked processes (call only when can_fork()).

    `shared` (the registry, say) reaches the processes by forking, never pickled; only the
    items and the results travel. Each process takes the next chunk when it is free.
    """
    global _INHERITED
    _INHERITED = (work, shared)
    try:
        with pool(jobs) as workers:
            return list(workers.map(_call, items, chunksize=chunksize))
    finally:
        _INHERITED = None


def _call(item: Any) -> Any:
    assert _INHERITED is not None, "set before the processes were forked"
    work, shared = _INHERITED
    return work(shared, item)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive its command: if the command is killed (for memory, say), a
    worker left behind would go on writing pages into the build folder, holding a copy of
    every record. Linux ends it with its parent when asked with prctl."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux's C library
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
