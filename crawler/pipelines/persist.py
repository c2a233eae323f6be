"""Store items in the catalog database in batches; close the crawl run when the spider ends."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from scrapy import signals
from sqlalchemy import select

from core.crawl_runs import open_run
from core.db import session_factory
from core.settings import Settings
from core.tables import CrawlRun
from crawler import job_folder, upsert
from crawler.items import ProductItem
from crawler.pipelines.heartbeat import RunHeartbeat
from crawler.product_batches import ProductBatch, products_of
from crawler.signals import run_closed

# A run counts as clean only if none of these stats are above zero; what each one means.
LOSSES = {
    "haitao/pages_dropped": "pages dropped (see the haitao/pages_dropped/ stats)",
    "retry/max_reached": "requests given up after retries",
    "log_count/ERROR": "errors logged",
}


def is_clean(reason: str, stats: dict) -> bool:
    """A run is clean when it finished on its own, lost no page, and found something.

    Only a clean run may mark unseen products as gone: a failed or partial crawl never
    removes what the last good crawl found.
    """
    return why_unclean(reason, stats) is None


def why_unclean(reason: str, stats: dict) -> str | None:
    """One line an operator can act on, for a run that is not clean; None for a clean one."""
    problems = []
    if reason != "finished":
        problems.append(f"stopped early ({reason})")
    if not stats.get("item_scraped_count"):
        problems.append("nothing scraped")
    raised = _counts(stats, "spider_exceptions/")
    if raised:
        problems.append(f"the spider raised {raised}")
    for key, what in LOSSES.items():
        if count := stats.get(key, 0):
            problems.append(f"{count} {what}")
    failed = _counts(stats, "downloader/exception_type_count/")
    if failed and problems:
        problems.append(f"requests failed: {failed}")
    return "; ".join(problems) or None


def _counts(stats: dict, prefix: str) -> str:
    """'ConnectionRefusedError × 3, TimeoutError × 1' for the stats under `prefix`."""
    found = [(key.removeprefix(prefix), n) for key, n in stats.items() if key.startswith(prefix)]
    found.sort(key=lambda kn: -kn[1])
    return ", ".join(f"{name.rsplit('.', 1)[-1]} × {n}" for name, n in found)


def lost_pages(stats: dict) -> bool:
    """Whether a run's stats show a page it could not read or an error in its code."""
    if any(key.startswith("spider_exceptions/") for key in stats):
        return True
    return any(stats.get(key, 0) for key in LOSSES)


def halves_lost_nothing(runs: list[CrawlRun]) -> bool:
    """Whether the earlier runs of a resumed crawl each stopped in order without losing a
    page. A crawl that stops in order (Ctrl-C, SIGTERM, cancelled) writes its own stats,
    Scrapy's finish_reason among them; a killed one does not (the reaper that closes its
    run later writes none), and may have lost pages it had taken off the queue."""
    return all(run.stats.get("finish_reason") and not lost_pages(run.stats) for run in runs)


class CatalogPipeline:
    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler, Settings.from_env().database_url)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def __init__(self, crawler, database_url: str) -> None:
        self.crawler = crawler
        self.sessions = session_factory(database_url)
        self.batch_size = crawler.settings.getint("HAITAO_CATALOG_BATCH", 2000)
        self.batch: list[ProductItem] = []
        self.run_id: int | None = None
        jobdir = crawler.settings.get("JOBDIR")
        self.jobdir = Path(jobdir) if jobdir else None
        self.earlier_runs: list[int] = []  # the runs this resumed crawl continues

    @property
    def store(self):
        return self.crawler.spider.store

    def open_spider(self) -> None:
        claimed = self.crawler.settings.getint("HAITAO_RUN_ID") or None
        with self.sessions.begin() as session:
            upsert.sync_store(session, self.store)
            self.run_id = open_run(session, self.store.id, run_id=claimed)
        self.crawler.stats.set_value("haitao/run_id", self.run_id)
        if self.jobdir is not None:
            self.earlier_runs = job_folder.add_run(self.jobdir, self.run_id)
        self.heartbeat = RunHeartbeat(self.crawler, self.sessions, self.run_id)

    def process_item(self, item: ProductItem | ProductBatch) -> ProductItem | ProductBatch:
        self.batch.extend(products_of(item))
        if len(self.batch) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()

    def flush(self) -> None:
        if self.batch:
            with self.sessions.begin() as session:
                _commit_without_fsync(session)
                upsert.upsert_products(session, self.store.id, self.run_id, self.batch)
            self.batch = []

    def spider_closed(self, spider, reason: str) -> None:
        if self.run_id is None:  # the run never opened (its store was busy)
            return
        self.heartbeat.stop()
        stats = _json_safe(self.crawler.stats.get_stats())
        if self.earlier_runs:
            stats["haitao/resumed_runs"] = self.earlier_runs
        problem = why_unclean(reason, stats)
        clean = problem is None
        with self.sessions.begin() as session:
            if clean and self._whole_job_clean(session):
                stats["haitao/products_gone"] = upsert.mark_gone(
                    session, self.store.id, self.run_id, also_seen_by=self.earlier_runs
                )
            upsert.finish_run(
                session, self.run_id, reason=reason, clean=clean, stats=stats, error=problem
            )
        self.crawler.signals.send_catch_log(run_closed, run_id=self.run_id, sessions=self.sessions)

    def _whole_job_clean(self, session) -> bool:
        """A resumed crawl saw only part of the catalog itself: the products its earlier
        halves saw count as seen, provided those halves lost nothing either, and no other
        crawl of the store ran in between (what that one saw would look unseen)."""
        if not self.earlier_runs:
            return True
        if upsert.crawled_meanwhile(session, self.store.id, [*self.earlier_runs, self.run_id]):
            return False
        runs = session.scalars(select(CrawlRun).where(CrawlRun.id.in_(self.earlier_runs)))
        return halves_lost_nothing(list(runs))


def _commit_without_fsync(session) -> None:
    """SQLite in WAL mode with synchronous=NORMAL: a commit no longer waits for the disk
    (the WAL is synced at checkpoints). The database stays consistent; a power cut can lose
    the last batches, which the next crawl writes again. Per connection, for the crawl's."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA synchronous = NORMAL")


def _json_safe(stats: dict) -> dict:
    def convert(value):
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    return {key: convert(value) for key, value in stats.items()}
