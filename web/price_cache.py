"""A short-lived cache of priced offers: a results page prices the same offers again and again.

A priced offer is a pure function of the offer row, its feed shipping, the destination, the
currency, the exchange rates (`RateTable.key`: source, date and each manual rate's value, so
a manual rate set again in place shows on the next request), the rule files and the rebate
program. The first four are in the key; rules, stores file and programs are not, so entries
live only `ttl` seconds (5 minutes): an operator's change to a program shows within that time.
Each app keeps its own cache (`app.extensions["haitao.price_cache"]`).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app, g, has_app_context, has_request_context

MISSING = object()
# whole answers kept: a product page is 5–30 KB, a results page 35–70 KB; a minute of a busy
# site's product pages (each with its priced offers and its group's rows) must fit
ANSWERS = 8_000
ANSWER_TTL = 60.0


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


def answer_cache() -> TimedCache | None:
    """This app's cache of whole answers (a search's priced results, a product's priced
    offers), keyed by what they depend on, the search index's generation among it; entries
    live a minute, for what the key cannot see (a program or a stores-file edit)."""
    if not has_app_context():
        return None
    return current_app.extensions.setdefault(
        "haitao.answer_cache", TimedCache(size=ANSWERS, ttl=ANSWER_TTL)
    )


def cached(cache: TimedCache | None, key: Hashable, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept under `key` in `cache` (no cache or a None key: computed each time)."""
    if cache is None or key is None:
        return compute()
    found = cache.get(key)
    if found is MISSING:
        found = compute()
        cache.put(key, found)
    return found


def index_generation() -> str | None:
    """The search index's generation (`SearchBackend.generation`), asked once per request:
    every cache key of one answer then names the same generation."""
    if not has_request_context():
        return current_app.extensions["haitao.search"].generation()
    if "haitao_generation" not in g:
        g.haitao_generation = current_app.extensions["haitao.search"].generation()
    return g.haitao_generation


def latest(name: str, key: Hashable, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept in this app until `key` changes (one value per `name`: the rates as
    of their newest row, the rate history as of the same): no expiry, since the key sees
    every change. Outside an app, computed each time."""
    if not has_app_context():
        return compute()
    held = current_app.extensions.setdefault("haitao.latest", {})
    found = held.get(name)
    if found is not None and found[0] == key:
        return found[1]
    value = compute()
    held[name] = (key, value)
    return value


def app_cache() -> TimedCache | None:
    """This app's cache; None outside an app (nothing is cached then)."""
    if not has_app_context():
        return None
    return current_app.extensions.setdefault("haitao.price_cache", TimedCache())
