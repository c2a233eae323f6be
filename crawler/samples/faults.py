"""Switchable faults for the sample stores, so tests can prove a crawl survives them.

A store's faults hit one page, its *target*: the second catalog page (Shopify, WooCommerce),
the second product page (sitemap stores) or the feed itself. Pass them per store:

    SampleStoreServer(faults={"us-vitashop": {"server_errors"}})
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Response = tuple[int, str, bytes] | tuple[int, str, bytes, dict[str, str]]

FAULTS = {
    "error_burst": "the target answers 503 twice, then normally (retries recover)",
    "server_errors": "the target always answers 500",
    "timeout": f"the target answers after {3} s, past a short download_timeout",
    "slow": "every response waits 0.2 s",
    "truncated_json": "the target's body is cut in half (JSON and feeds)",
    "broken_markup": "the target's HTML/XML is cut short and mangled",
    "robots_disallow": "robots.txt disallows the target",
    "redirect_loop": "the target redirects to itself",
}
BURST = 2
HANG_SECONDS = 3.0
SLOW_SECONDS = 0.2


@dataclass
class StoreFaults:
    """The faults switched on for one store, and the page (path and query) they hit."""

    names: frozenset[str]
    target: str
    # When the target was asked for (time.monotonic()), for tests that check the pacing.
    target_times: list[float] = field(default_factory=list)
    _hits: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        unknown = sorted(self.names - set(FAULTS))
        if unknown:
            raise ValueError(f"unknown faults {unknown}; known: {', '.join(FAULTS)}")

    def robots_txt(self, normal: bytes) -> bytes:
        if "robots_disallow" not in self.names:
            return normal
        return normal.replace(b"Allow: /\n", f"Disallow: {self.target}\n".encode(), 1)

    def respond(self, target: str, normal: Callable[[], Response]) -> Response:
        """The response to `target` with the faults applied; `normal()` makes the real one."""
        if "slow" in self.names:
            time.sleep(SLOW_SECONDS)
        if not self.is_target(target):
            return normal()
        with self._lock:
            self.target_times.append(time.monotonic())
        if "redirect_loop" in self.names:
            return 302, "text/plain; charset=utf-8", b"moved", {"Location": target}
        if "server_errors" in self.names or ("error_burst" in self.names and self._burst()):
            status = 500 if "server_errors" in self.names else 503
            return status, "text/plain; charset=utf-8", b"server error"
        if "timeout" in self.names:
            time.sleep(HANG_SECONDS)
        status, content_type, body, *headers = normal()
        if "broken_markup" in self.names:  # an unclosed script swallows the page's data
            body = body.replace(b"</script>", b"")[: len(body) // 2] + b"<div <<p>>\xff\xfe</h"
        elif "truncated_json" in self.names:
            body = body[: len(body) // 2]
        return status, content_type, body, *headers

    def is_target(self, target: str) -> bool:
        return target == self.target or target.startswith(self.target + "&")

    def _burst(self) -> bool:
        with self._lock:
            self._hits += 1
            return self._hits <= BURST
