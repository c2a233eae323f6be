"""One spider per catalog format, each parameterised by a store from the stores file."""

from __future__ import annotations

import scrapy
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from core.settings import Settings
from core.stores import StoreConfig, get_store, load_stores


class StoreSpider(scrapy.Spider):
    """Base for format spiders: `-a store=ID` picks the store entry that parameterises it."""

    def __init__(self, store: str | StoreConfig, *args, **kwargs) -> None:
        if isinstance(store, str):
            store = get_store(load_stores(Settings.from_env().stores_file), store)
        self.store: StoreConfig = store  # before Scrapy's __init__: base classes may read it
        super().__init__(*args, **kwargs)
        # Scrapy's offsite filter knows host names only; OwnHostsMiddleware checks ports too.
        self.allowed_domains = sorted({key.split(":")[0] for key in store.hosts})

    @classmethod
    def from_crawler(cls, crawler, *args, jobdir: str | None = None, **kwargs):
        """`jobdir` keeps the crawl's queue on disk (Scrapy's JOBDIR) so it can resume."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        if jobdir:
            crawler.settings.set("JOBDIR", jobdir, priority="cmdline")
        slots = dict(crawler.settings.getdict("DOWNLOAD_SLOTS"))
        slots[spider.store.id] = {
            "concurrency": spider.store.concurrency,
            "delay": spider.store.download_delay,
        }
        crawler.settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        return spider

    def store_request(self, url: str, **kwargs) -> scrapy.Request:
        """A request in this store's download slot, so its concurrency limit and timeout apply.

        Catalog pages are asked for once each, so they skip the duplicate filter: a page that
        redirects to itself then fails loudly (max redirections) instead of vanishing.
        """
        meta = {**self.store_meta(), **kwargs.pop("meta", {})}
        kwargs.setdefault("errback", self.request_failed)
        kwargs.setdefault("dont_filter", True)
        return scrapy.Request(url, meta=meta, **kwargs)

    def first_request(self, request: scrapy.Request) -> scrapy.Request:
        """A crawl's first request. In a resumable crawl it goes through Scrapy's duplicate
        filter, whose memory is kept in the job folder: a resumed crawl then does not ask for
        it again, and continues from the queue it left instead of starting over."""
        return request.replace(dont_filter=False) if self.resumable else request

    @property
    def resumable(self) -> bool:
        return bool(self.crawler.settings.get("JOBDIR"))

    def in_store_slot(self, request: scrapy.Request) -> scrapy.Request:
        """`request` (made by a Scrapy base class) moved into this store's slot and errback."""
        meta = {**self.store_meta(), **request.meta}
        return request.replace(meta=meta, errback=request.errback or self.request_failed)

    def store_meta(self) -> dict:
        return {"download_slot": self.store.id, "download_timeout": self.store.download_timeout}

    def request_failed(self, failure: Failure) -> None:
        """A page that could not be fetched after retries: counted as a dropped page."""
        self.drop_page(failure_reason(failure), failure.request.url, str(failure.value)[:200])

    def drop_page(self, reason: str, url: str, detail: str = "") -> None:
        """Count and log a page that yielded nothing usable; the crawl is then not clean."""
        self.crawler.stats.inc_value("haitao/pages_dropped")
        self.crawler.stats.inc_value(f"haitao/pages_dropped/{reason}")
        self.logger.warning("dropped page %s (%s) %s", url, reason, detail)


def failure_reason(failure: Failure) -> str:
    """A short stats key for why a request failed: http_503, timeout, ignored, …"""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    name = type(failure.value).__name__
    if "Timeout" in name or "TimedOut" in name:
        return "timeout"
    if name == "IgnoreRequest":
        message = str(failure.value)
        if message.startswith("offsite"):
            return "offsite"
        return "robots_forbidden" if "robots" in message else "redirect_loop"
    return name.lower()
