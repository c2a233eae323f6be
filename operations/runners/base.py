"""The interface every crawl runner implements, and what all of them pass to a crawl.

A runner only starts, watches and stops a crawl; the crawl itself (its catalog pipeline)
fills in the run row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from core.stores import StoreConfig

# The Scrapy settings every crawl that operations starts runs with (see crawl_settings.py).
CRAWL_SETTINGS_MODULE = "operations.crawl_settings"
STOP_GRACE_SECONDS = 10.0  # after a polite stop, a crawl still running is killed


@dataclass
class Handle:
    """A started crawl: what the run row records about it, and what the runner needs."""

    run_id: int
    pid: int | None = None
    job_id: str | None = None
    log_file: str | None = None
    extra: dict = field(default_factory=dict)


class Runner(Protocol):
    name: str

    def start(self, run_id: int, store: StoreConfig, time_limit: int) -> Handle:
        """Start the crawl that adopts queued run `run_id`; return at once."""

    def done(self, handle: Handle) -> bool:
        """Whether the crawl has ended (by itself or stopped)."""

    def stop(self, handle: Handle, force: bool = False) -> None:
        """Ask the crawl to stop (Scrapy closes it cleanly); `force` kills it."""

    def exit_status(self, handle: Handle) -> str:
        """How the crawl process ended, for a run its crawl never closed."""

    def release(self, handle: Handle) -> None:
        """Stop watching the crawl; it finishes (and closes its run) on its own."""


def spider_name(store: StoreConfig) -> str:
    from crawler.run import spider_for

    return spider_for(store).name


def crawl_settings(run_id: int, time_limit: int) -> dict[str, str]:
    """Scrapy settings every runner passes: the claimed run, and a soft time limit."""
    return {"HAITAO_RUN_ID": str(run_id), "CLOSESPIDER_TIMEOUT": str(time_limit)}
