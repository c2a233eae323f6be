"""Keep a crawl's run row alive and stop the crawl when an operator cancels it.

Every `HAITAO_HEARTBEAT_SECONDS` (a Scrapy setting or environment variable, default 5) the
crawl stamps its run row; a row without a fresh stamp belongs to a crawl that died (see
core.crawl_runs). The same write reads the
row's cancel flag, so cancelling works whichever runner started the crawl (subprocess,
Scrapyd, or `haitao crawl` in-process).
"""

from __future__ import annotations

import logging
import os

from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet import task

from core.crawl_runs import beat

logger = logging.getLogger(__name__)


def interval(settings) -> float:
    """Seconds between stamps: the Scrapy setting, else the environment, else 5."""
    fallback = float(os.environ.get("HAITAO_HEARTBEAT_SECONDS") or 5.0)
    return settings.getfloat("HAITAO_HEARTBEAT_SECONDS", fallback)


class RunHeartbeat:
    def __init__(self, crawler, sessions, run_id: int) -> None:
        self.crawler, self.sessions, self.run_id = crawler, sessions, run_id
        self.loop = task.LoopingCall(self.beat)
        self.loop.start(interval(crawler.settings), now=False)

    def beat(self):
        try:
            cancel = beat(self.sessions, self.run_id, os.getpid())
        except SQLAlchemyError as exc:  # a busy database must not stop the heartbeat for good
            logger.warning("run %s: heartbeat not recorded (%s)", self.run_id, exc)
            return None
        if cancel:
            self.stop()
            engine = self.crawler.engine
            return deferred_from_coro(engine.close_spider_async(reason="cancelled"))
        return None

    def stop(self) -> None:
        if self.loop.running:
            self.loop.stop()
