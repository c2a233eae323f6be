"""Pausing Python's cyclic garbage collector around work that builds many objects that live on.

Each collection walks every tracked object of the generations it collects, so a loop that
creates hundreds of thousands of rows, tuples and dicts kept to the end triggers collections
that grow with the heap and find nothing to free. Reference counting still frees what is
dropped; cycles made meanwhile are collected once the collector runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The collector off inside (as it was before afterwards, even on an error)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
