"""Real Scrapy parts for tests of one spider or pipeline without a crawl: a crawler with the
project's settings and a spider bound to a store, and responses to hand its callbacks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.crawler import AsyncCrawlerRunner, Crawler
from scrapy.http import TextResponse
from scrapy.spiders import Spider
from scrapy.utils.test import get_reactor_settings

from core.stores import StoreConfig
from crawler.run import scrapy_settings

SAMPLE_DATA = Path(__file__).parent / "sample_data"


def store(platform: str = "shopify", **fields: Any) -> StoreConfig:
    """A store entry on 127.0.0.1 (nothing is fetched from it)."""
    entry = {
        "id": "us-test", "name": "Test Store", "platform": platform,
        "url": "http://127.0.0.1:8999", "country": "US", "currency": "USD", "language": "en",
    }  # fmt: skip
    return StoreConfig(**{**entry, **fields})


def crawler_for(spider_class: type[Spider], store_config: StoreConfig, **kwargs: Any) -> Crawler:
    """A crawler as Scrapy builds it for a crawl, its spider made for `store_config`."""
    settings = scrapy_settings("WARNING")
    settings.update(get_reactor_settings(), priority="cmdline")
    crawler = AsyncCrawlerRunner(settings).create_crawler(spider_class)
    crawler.spider = crawler._create_spider(store=store_config, **kwargs)
    crawler._apply_settings()
    return crawler


def response(url: str, body: bytes, headers: dict[str, str] | None = None) -> TextResponse:
    """A fetched page, as a spider callback receives it."""
    return TextResponse(url, body=body, headers=headers, request=Request(url), encoding="utf-8")


def stats_under(crawler: Crawler, prefix: str) -> dict[str, int]:
    return {k: v for k, v in crawler.stats.get_stats().items() if k.startswith(prefix)}
