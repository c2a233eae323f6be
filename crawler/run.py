"""Run crawls in this process (the `haitao crawl` and `haitao demo` path)."""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings as ScrapySettings
from scrapy.spiders import Spider

from core.errors import ConfigError
from core.stores import StoreConfig
from crawler import job_folder
from crawler.spiders.feeds import CsvFeedSpider, XmlFeedSpider
from crawler.spiders.shopify import ShopifySpider
from crawler.spiders.sitemap import SitemapStoreSpider
from crawler.spiders.woocommerce import WooCommerceSpider

SPIDERS: dict[str, type[Spider]] = {
    "shopify": ShopifySpider,
    "woocommerce": WooCommerceSpider,
    "sitemap": SitemapStoreSpider,
    "xml_feed": XmlFeedSpider,
    "csv_feed": CsvFeedSpider,
}


def spider_for(store: StoreConfig) -> type[Spider]:
    try:
        return SPIDERS[store.platform]
    except KeyError:
        raise ConfigError(
            f"store '{store.id}': no spider for platform '{store.platform}'"
        ) from None


def scrapy_settings(
    log_level: str = "INFO", module: str = "crawler.scrapy_settings"
) -> ScrapySettings:
    settings = ScrapySettings()
    settings.setmodule(module, priority="project")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    return settings


def crawl(
    stores: Iterable[StoreConfig],
    log_level: str = "INFO",
    jobs_dir: Path | None = None,
    settings_module: str = "crawler.scrapy_settings",
) -> None:
    """Crawl the stores side by side and return when all have finished.

    With `jobs_dir`, each store's queue is kept in `jobs_dir/<store id>` (Scrapy's JOBDIR):
    an interrupted crawl started again with the same folder resumes where it stopped, and
    the folder is removed once the crawl finishes (see crawler.job_folder).
    `settings_module` lets whoever runs the crawl add to the crawler's own Scrapy settings
    (operations adds its run-health extension). Twisted's reactor cannot restart, so call
    this at most once per process.
    """
    process = CrawlerProcess(scrapy_settings(log_level, settings_module))
    # Scrapy filters by level in its handler and resets the root logger's level, so every
    # item's debug record is still built; set on Scrapy's own logger, they are not even made.
    logging.getLogger("scrapy").setLevel(log_level)
    started = []
    for store in stores:
        jobdir = jobs_dir / store.id if jobs_dir else None
        crawler = process.create_crawler(spider_for(store))
        process.crawl(crawler, store=store, jobdir=str(jobdir) if jobdir else None)
        started.append((crawler, jobdir))
    with _own_signal_handlers():
        process.start()
    for crawler, jobdir in started:
        if jobdir is not None:
            job_folder.close(jobdir, crawler.stats.get_value("finish_reason"))


@contextmanager
def _own_signal_handlers():
    """Give back Ctrl-C and SIGTERM after the crawl: Scrapy's handlers outlive its reactor."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
