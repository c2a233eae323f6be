"""The Scrapy settings operations runs crawls with: the crawler's own, and the extension that
evaluates each closed run's health (`SCRAPY_SETTINGS_MODULE` of every runner, the Scrapyd egg's
settings, `scrapy.cfg`)."""

from crawler.scrapy_settings import *  # noqa: F403  (Scrapy's way to extend a settings module)
from crawler.scrapy_settings import EXTENSIONS as CRAWLER_EXTENSIONS

EXTENSIONS = {**CRAWLER_EXTENSIONS, "operations.crawl_extension.RunHealth": 500}
