"""Downloader middlewares: only the store's own hosts; backoff between retries."""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.exceptions import IgnoreRequest


class OwnHostsMiddleware:
    """Refuse every request to a host the store's entry does not allow (`StoreConfig.allows`)
    before anything is sent for it, robots.txt included: a Sitemap: line, a product link or a
    redirect to another host is never fetched. Refusals are counted (`haitao/offsite_refused`)
    and fail the request as a dropped page."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    def process_request(self, request: Request) -> None:
        store = getattr(self.crawler.spider, "store", None)
        if store is not None and not store.allows(request.url):
            self.crawler.stats.inc_value("haitao/offsite_refused")
            raise IgnoreRequest(f"offsite: {request.url} is not on a host of store {store.id}")


class RetryBackoffMiddleware:
    """Wait before each retry: RETRY_BACKOFF_BASE seconds, doubling per attempt, capped at
    RETRY_BACKOFF_MAX. Scrapy's RetryMiddleware re-sends at once, which hammers a store that
    is already failing."""

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(settings.getfloat("RETRY_BACKOFF_BASE"), settings.getfloat("RETRY_BACKOFF_MAX"))

    def __init__(self, base: float, cap: float) -> None:
        self.base, self.cap = base, cap

    def delay(self, attempt: int) -> float:
        """Seconds to wait before retry number `attempt` (1 for the first retry)."""
        return 0.0 if attempt < 1 else min(self.cap, self.base * 2 ** (attempt - 1))

    async def process_request(self, request: Request) -> None:
        wait = self.delay(request.meta.get("retry_times", 0))
        if wait > 0:
            await asyncio.sleep(wait)
