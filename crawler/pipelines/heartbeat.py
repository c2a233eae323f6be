"""Keep a crawl's run row alive and stop the crawl when an operator cancels it.

Every `HAITAO_HEARTBEAT_SECONDS` (a Scrapy setting or environment variable, default 5) the
crawl stamps its run row; a row without a fresh stamp belongs to a crawl that died (see
core.crawl_runs). The same write reads the row's cancel flag, so cancelling works whichever
runner started the crawl (subprocess, Scrapyd, or `haitao crawl` in-process).

The stamp comes from a daemon thread, not from the reactor: a feed is read whole before its
first product (over 35 s of CPU at a million products, minutes under load), and all that
time the reactor runs nothing else, so a reactor timer would leave a live crawl's row looking
dead. The thread gets the interpreter every few milliseconds however busy the reactor is
(Python's switch interval). A cancel is handed back to the reactor (`callFromThread`), which
closes the spider as soon as it is free: a crawl reading a big feed stops once the feed is
read.
"""

from __future__ import annotations

import logging
import os
import threading

from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import SQLAlchemyError

from core.crawl_runs import beat

logger = logging.getLogger(__name__)


def interval(settings) -> float:
    """Seconds between stamps: the Scrapy setting, else the environment, else 5."""
    fallback = float(os.environ.get("HAITAO_HEARTBEAT_SECONDS") or 5.0)
    return settings.getfloat("HAITAO_HEARTBEAT_SECONDS", fallback)


class RunHeartbeat:
    """Stamps run `run_id` from its own thread until `stop()` (see the module docstring)."""

    def __init__(self, crawler, sessions, run_id: int) -> None:
        self.crawler, self.sessions, self.run_id = crawler, sessions, run_id
        self.seconds = interval(crawler.settings)
        self.stopped = threading.Event()
        self.cancelling = False
        self.thread = threading.Thread(
            target=self._run, name=f"heartbeat-run-{run_id}", daemon=True
        )
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped.wait(self.seconds):
            self.beat()

    def beat(self) -> None:
        """One stamp (in the heartbeat thread); a cancel request goes to the reactor once."""
        try:
            cancel = beat(self.sessions, self.run_id, os.getpid())
        except SQLAlchemyError as exc:  # a busy database must not stop the heartbeat for good
            logger.warning("run %s: heartbeat not recorded (%s)", self.run_id, exc)
            return
        if cancel and not self.cancelling and not self.stopped.is_set():
            self.cancelling = True  # go on stamping while the spider closes
            from twisted.internet import reactor  # the one Scrapy installed

            reactor.callFromThread(self._cancel)

    def _cancel(self) -> None:
        """In the reactor: close the spider as cancelled (unless it has closed meanwhile)."""
        if self.stopped.is_set():
            return
        closing = deferred_from_coro(self.crawler.engine.close_spider_async(reason="cancelled"))
        closing.addErrback(
            lambda failure: logger.error("run %s: cancel failed: %s", self.run_id, failure)
        )

    def stop(self) -> None:
        """No more stamps (the spider has closed); waits for a stamp under way."""
        self.stopped.set()
        if self.thread is not threading.current_thread():
            self.thread.join(timeout=30)
