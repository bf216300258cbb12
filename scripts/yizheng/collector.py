"""Pausing Python's cycle collector while large sets of objects are built.

Loading records and rendering pages make hundreds of thousands of objects that
stay alive until the work is done and form no reference cycles; the collector
would walk them again and again (a third of the loading time at 10,000
suggestions). Reference counting still frees everything else at once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
