"""Retries back off: the wait doubles per attempt up to a cap, and the first try never waits."""

from __future__ import annotations

import asyncio
import time

import pytest
from scrapy import Request

from crawler.middlewares import RetryBackoffMiddleware
from crawler.spiders.shopify import ShopifySpider
from tests.crawler.scrapy_parts import crawler_for, store


@pytest.mark.parametrize(
    ("attempt", "wait"), [(-1, 0.0), (0, 0.0), (1, 0.5), (2, 1.0), (3, 2.0), (4, 3.0), (40, 3.0)]
)
def test_the_wait_doubles_per_retry_up_to_the_cap(attempt, wait):
    assert RetryBackoffMiddleware(0.5, 3.0).delay(attempt) == wait


def test_base_and_cap_come_from_the_crawls_settings():
    crawler = crawler_for(ShopifySpider, store())
    middleware = RetryBackoffMiddleware.from_crawler(crawler)
    settings = crawler.settings
    expected = (settings.getfloat("RETRY_BACKOFF_BASE"), settings.getfloat("RETRY_BACKOFF_MAX"))
    assert (middleware.base, middleware.cap) == expected
    assert middleware.base > 0 and middleware.cap >= middleware.base


def elapsed(middleware: RetryBackoffMiddleware, request: Request) -> float:
    started = time.monotonic()
    assert asyncio.run(middleware.process_request(request)) is None
    return time.monotonic() - started


def test_a_retry_waits_before_it_is_sent_and_a_first_try_does_not():
    middleware = RetryBackoffMiddleware(0.1, 1.0)
    assert elapsed(middleware, Request("http://127.0.0.1:8999/a")) < 0.05
    retry = Request("http://127.0.0.1:8999/a", meta={"retry_times": 2})
    assert elapsed(middleware, retry) >= 0.19
