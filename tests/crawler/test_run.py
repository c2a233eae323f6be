"""Running crawls in this process: a spider per catalog format, the project's settings, and
Ctrl-C given back afterwards. Whole crawls through `crawl()` run in test_crawl_formats.py."""

from __future__ import annotations

import signal
from typing import get_args

import pytest

from core.errors import ConfigError
from core.stores import Platform
from crawler import run
from tests.crawler.scrapy_parts import store


def test_every_platform_of_the_stores_file_has_a_spider_named_for_it():
    assert set(run.SPIDERS) == set(get_args(Platform))
    assert all(spider.name == platform for platform, spider in run.SPIDERS.items())


def test_a_store_gets_its_formats_spider():
    assert run.spider_for(store(platform="woocommerce")) is run.SPIDERS["woocommerce"]


def test_a_platform_without_a_spider_is_a_config_error_naming_the_store():
    unknown = store().model_copy(update={"platform": "magento"})
    with pytest.raises(ConfigError, match="store 'us-test': no spider for platform 'magento'"):
        run.spider_for(unknown)


def test_the_settings_are_the_crawler_modules_with_the_log_level_on_top():
    settings = run.scrapy_settings("ERROR")
    assert settings.get("LOG_LEVEL") == "ERROR"
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("AUTOTHROTTLE_ENABLED")
    assert "Haitao" in settings.get("USER_AGENT")


def test_the_signal_handlers_of_before_the_crawl_come_back():
    mine = signal.default_int_handler
    before = signal.signal(signal.SIGTERM, mine)
    try:
        with run._own_signal_handlers():
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        assert signal.getsignal(signal.SIGTERM) is mine
        assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, before)
