"""The garbage collector tuned while a crawl's engine runs (a Scrapy extension, on for every
crawl): a crawl is core.gc_control's long run. Put back when the engine stops (`haitao demo`
goes on after its crawls)."""

from __future__ import annotations

from scrapy import signals

from core.gc_control import long_run_started, long_run_stopped


class CollectorTuning:
    @classmethod
    def from_crawler(cls, crawler):
        extension = cls()
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_started(self) -> None:
        long_run_started(self)

    def engine_stopped(self) -> None:
        long_run_stopped(self)
