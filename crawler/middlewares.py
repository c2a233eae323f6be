"""Downloader middleware: exponential backoff between retries of a failing page."""

from __future__ import annotations

import asyncio

from scrapy import Request


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
