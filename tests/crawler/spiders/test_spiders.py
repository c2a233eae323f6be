"""The format spiders' base: a store parameterises the spider, its slot and its drops."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawler.spiders import failure_reason
from crawler.spiders.shopify import ShopifySpider
from tests.crawler.scrapy_parts import crawler_for, stats_under, store


def test_the_store_gets_its_own_download_slot_and_domain():
    crawler = crawler_for(ShopifySpider, store(concurrency=2, download_delay=0.5))
    assert crawler.spider.allowed_domains == ["127.0.0.1"]
    slots = crawler.settings.getdict("DOWNLOAD_SLOTS")
    assert slots["us-test"] == {"concurrency": 2, "delay": 0.5}


def test_store_requests_go_in_the_stores_slot_and_skip_the_duplicate_filter():
    spider = crawler_for(ShopifySpider, store(download_timeout=7)).spider
    request = spider.store_request("http://127.0.0.1:8999/x", meta={"extra": 1})
    assert request.meta == {"download_slot": "us-test", "download_timeout": 7, "extra": 1}
    assert request.dont_filter and request.errback == spider.request_failed


@pytest.mark.parametrize(("jobdir", "filtered"), [(None, False), ("job", True)])
def test_only_a_resumable_crawls_first_request_passes_the_duplicate_filter(
    tmp_path, jobdir, filtered
):
    job = str(tmp_path / jobdir) if jobdir else None
    crawler = crawler_for(ShopifySpider, store(), jobdir=job)
    assert crawler.spider.resumable is filtered
    assert crawler.settings.get("JOBDIR") == job
    first = crawler.spider.first_request(crawler.spider.page_request(1))
    assert first.dont_filter is not filtered


def test_a_request_made_by_scrapy_moves_into_the_slot_keeping_its_own_meta():
    spider = crawler_for(ShopifySpider, store()).spider
    moved = spider.in_store_slot(Request("http://127.0.0.1:8999/r", meta={"download_timeout": 3}))
    assert moved.meta == {"download_slot": "us-test", "download_timeout": 3}
    assert moved.errback == spider.request_failed


def failed(exc: Exception, url: str = "http://127.0.0.1:8999/p") -> Failure:
    failure = Failure(exc)
    failure.request = Request(url)
    return failure


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (HttpError(Response("http://127.0.0.1:8999/p", status=503)), "http_503"),
        (TimeoutError(), "timeout"),
        (TCPTimedOutError(), "timeout"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots_forbidden"),
        (IgnoreRequest("max redirections reached"), "redirect_loop"),
        (ConnectionRefusedError(), "connectionrefusederror"),
    ],
)
def test_a_failure_becomes_a_short_stats_key(exc, reason):
    assert failure_reason(failed(exc)) == reason


def test_a_failed_request_is_counted_as_a_dropped_page_by_reason():
    crawler = crawler_for(ShopifySpider, store())
    crawler.spider.request_failed(failed(TimeoutError()))
    crawler.spider.request_failed(failed(IgnoreRequest("Forbidden by robots.txt")))
    assert stats_under(crawler, "haitao/pages_dropped") == {
        "haitao/pages_dropped": 2,
        "haitao/pages_dropped/timeout": 1,
        "haitao/pages_dropped/robots_forbidden": 1,
    }
