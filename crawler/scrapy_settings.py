"""Scrapy settings shared by every spider: polite by default (see DESIGN.md decision 2)."""

BOT_NAME = "haitao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "Haitao/0.1 (cross-border shopping guide; catalog crawler)"
ROBOTSTXT_OBEY = True

# Per-store concurrency and delay come from the stores file (DOWNLOAD_SLOTS, set by the spider).
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.25
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0

RETRY_ENABLED = True
RETRY_TIMES = 3
DOWNLOAD_TIMEOUT = 30  # per store: `download_timeout` in the stores file
REDIRECT_MAX_TIMES = 10
RETRY_BACKOFF_BASE = 0.25  # seconds before the first retry, doubled for each next one
RETRY_BACKOFF_MAX = 8.0
DOWNLOADER_MIDDLEWARES = {
    # Before RobotsTxtMiddleware (100), so not even another host's robots.txt is asked for.
    "crawler.middlewares.OwnHostsMiddleware": 50,
    "crawler.middlewares.RetryBackoffMiddleware": 560,
    # Last of all, where the download handler would run: feeds go to files, not memory.
    "crawler.feed_files.FeedFileMiddleware": 990,
}

# A crawl that outgrows this is stopped (and so not clean) rather than taking the machine down.
MEMUSAGE_ENABLED = True
MEMUSAGE_LIMIT_MB = 1536
MEMUSAGE_WARNING_MB = 1024

TELNETCONSOLE_ENABLED = False
# Scrapy's core stats, a feed's batch of products counted as its products; the garbage
# collector tuned for a crawl's many short-lived objects.
EXTENSIONS = {
    "scrapy.extensions.corestats.CoreStats": None,
    "crawler.product_batches.ItemStats": 0,
    "crawler.collector_tuning.CollectorTuning": 0,
}
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

ITEM_PIPELINES = {
    "crawler.pipelines.normalise.NormalisePipeline": 100,
    "crawler.pipelines.validate.ValidatePipeline": 200,
    "crawler.pipelines.persist.CatalogPipeline": 300,
}
# Items written to the catalog database per transaction (bench/crawl.py: 2,000 cut the
# write cost per product by a sixth against 500; a batch is a few MB).
HAITAO_CATALOG_BATCH = 2000
