"""One spider per catalog format, each parameterised by a store from the stores file."""

from __future__ import annotations

import scrapy

from haitao.settings import Settings
from haitao.stores import StoreConfig, get_store, load_stores


class StoreSpider(scrapy.Spider):
    """Base for format spiders: `-a store=ID` picks the store entry that parameterises it."""

    def __init__(self, store: str | StoreConfig, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(store, str):
            store = get_store(load_stores(Settings.from_env().stores_file), store)
        self.store: StoreConfig = store
        self.allowed_domains = [store.domain]

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        slots = dict(crawler.settings.getdict("DOWNLOAD_SLOTS"))
        slots[spider.store.id] = {
            "concurrency": spider.store.concurrency,
            "delay": spider.store.download_delay,
        }
        crawler.settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        return spider

    def store_request(self, url: str, **kwargs) -> scrapy.Request:
        """A request in this store's download slot, so its concurrency limit applies."""
        meta = {"download_slot": self.store.id, **kwargs.pop("meta", {})}
        return scrapy.Request(url, meta=meta, **kwargs)

    def drop_page(self, reason: str, url: str, detail: str = "") -> None:
        """Count and log a page that yielded nothing usable; the crawl is then not clean."""
        self.crawler.stats.inc_value("haitao/pages_dropped")
        self.crawler.stats.inc_value(f"haitao/pages_dropped/{reason}")
        self.logger.warning("dropped page %s (%s) %s", url, reason, detail)
