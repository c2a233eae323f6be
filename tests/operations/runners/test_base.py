"""What every runner passes to a crawl: the spider for the store's platform and the settings
that tie the crawl to its run row."""

from __future__ import annotations

import pytest

from config import CONFIG_DIR
from core.errors import ConfigError
from core.stores import load_stores
from crawler.spiders.feeds import CsvFeedSpider, XmlFeedSpider
from crawler.spiders.shopify import ShopifySpider
from crawler.spiders.sitemap import SitemapStoreSpider
from crawler.spiders.woocommerce import WooCommerceSpider
from operations.runners.base import Handle, crawl_settings, spider_name

STORES = load_stores(CONFIG_DIR / "stores.yaml")


@pytest.mark.parametrize(
    ("store_id", "spider"),
    [("us-vitashop", ShopifySpider), ("de-drogerie", WooCommerceSpider),
     ("us-megamart", SitemapStoreSpider), ("jp-denki", XmlFeedSpider),
     ("uk-beautyhall", CsvFeedSpider)],
)  # fmt: skip
def test_the_spider_is_named_by_the_stores_platform(store_id, spider):
    assert spider_name(STORES[store_id]) == spider.name


def test_a_platform_without_a_spider_is_a_config_error():
    store = STORES["us-vitashop"].model_copy(update={"platform": "magento"})
    with pytest.raises(ConfigError, match="no spider for platform 'magento'"):
        spider_name(store)


def test_crawl_settings_carry_the_run_and_the_time_limit_as_text():
    assert crawl_settings(42, 3600) == {"HAITAO_RUN_ID": "42", "CLOSESPIDER_TIMEOUT": "3600"}


def test_a_handle_starts_with_nothing_but_its_run():
    handle = Handle(7)
    assert (handle.pid, handle.job_id, handle.log_file, handle.extra) == (None, None, None, {})
    assert Handle(8).extra is not handle.extra
