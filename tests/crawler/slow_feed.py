"""A real crawl whose feed reading holds the reactor: `python -m tests.crawler.slow_feed
STORE_ID...` crawls the stores of `$HAITAO_STORES` as `haitao crawl` does, with these Scrapy
settings (the crawler's own plus `SlowFeedReading`).

Before a feed's first product, `SlowFeedReading` keeps the reactor thread busy in Python for
`$SLOW_FEED_SECONDS`, as reading a million-product feed does, and marks when it starts and
ends with the files `reading` and `read` in `$SLOW_FEED_MARKS`.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from scrapy import signals

from crawler.scrapy_settings import *  # noqa: F403  (Scrapy's way to extend a settings module)
from crawler.scrapy_settings import EXTENSIONS as CRAWLER_EXTENSIONS

EXTENSIONS = {**CRAWLER_EXTENSIONS, "tests.crawler.slow_feed.SlowFeedReading": 900}


def hold_the_interpreter(seconds: float) -> int:
    """Pure-Python work for `seconds` (the GIL held but for the interpreter's switches)."""
    end, rounds = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        rounds += sum(range(1000)) & 1
    return rounds


class SlowFeedReading:
    @classmethod
    def from_crawler(cls, crawler):
        extension = cls()
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider) -> None:
        extract = spider.extract
        marks = Path(os.environ["SLOW_FEED_MARKS"])
        seconds = float(os.environ["SLOW_FEED_SECONDS"])

        def slow_extract(body):
            (marks / "reading").touch()
            hold_the_interpreter(seconds)
            (marks / "read").touch()
            yield from extract(body)

        spider.extract = slow_extract


def main(store_ids: list[str]) -> None:
    from core.stores import load_stores
    from crawler.run import crawl

    stores = load_stores(Path(os.environ["HAITAO_STORES"]))
    crawl([stores[s] for s in store_ids], "INFO", settings_module="tests.crawler.slow_feed")


if __name__ == "__main__":
    main(sys.argv[1:])
