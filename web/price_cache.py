"""A short-lived cache of priced offers: a results page prices the same offers again and again.

A priced offer is a pure function of the offer row, its feed shipping, the destination, the
currency, the exchange rates (source and date), the rule files and the rebate program. The
first four are in the key; rules, stores file and programs are not, so entries live only
`ttl` seconds (5 minutes): an operator's change to a program shows within that time.
Each app keeps its own cache (`app.extensions["haitao.price_cache"]`).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app, has_app_context

MISSING = object()


class TimedCache:
    """At most `size` entries, each kept `ttl` seconds, least recently used dropped first."""

    def __init__(
        self, size: int = 50_000, ttl: float = 300.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.size, self.ttl, self.clock = size, ttl, clock
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        """The value, or MISSING when absent or expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return MISSING
            if entry[0] < self.clock():
                del self._entries[key]
                return MISSING
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._entries[key] = (self.clock() + self.ttl, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def app_cache() -> TimedCache | None:
    """This app's cache; None outside an app (nothing is cached then)."""
    if not has_app_context():
        return None
    return current_app.extensions.setdefault("haitao.price_cache", TimedCache())
