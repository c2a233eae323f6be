"""Keep a crawl's run row alive and stop the crawl when an operator cancels it.

Every `HAITAO_HEARTBEAT_SECONDS` (default 5) the crawl stamps its run row; a row without a
fresh stamp belongs to a crawl that died (see haitao.ops.runs). The same write reads the
row's cancel flag, so cancelling works whichever runner started the crawl (subprocess,
Scrapyd, or `haitao crawl` in-process).
"""

from __future__ import annotations

import os

from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from haitao.ops.runs import beat


class RunHeartbeat:
    def __init__(self, crawler, sessions, run_id: int) -> None:
        self.crawler, self.sessions, self.run_id = crawler, sessions, run_id
        self.loop = task.LoopingCall(self.beat)
        self.loop.start(crawler.settings.getfloat("HAITAO_HEARTBEAT_SECONDS", 5.0), now=False)

    def beat(self):
        if beat(self.sessions, self.run_id, os.getpid()):
            self.stop()
            engine = self.crawler.engine
            return deferred_from_coro(engine.close_spider_async(reason="cancelled"))
        return None

    def stop(self) -> None:
        if self.loop.running:
            self.loop.stop()
