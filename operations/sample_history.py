"""Sample history for the demo: crawls of the sample stores as they were on past dates, dated
back to those dates so that a newcomer sees charts, drops and explained moves at once.

The sample stores serve their catalog as of any date (`crawler.samples.assortment.price_drift`);
a crawl of that catalog writes its price observations at the time of the crawl, so each such
crawl is moved back to its day afterwards, and its runs are marked with the trigger
`sample-history` (the product page says so beside the chart).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.tables import CrawlRun, PriceObservation, Product

SAMPLE_HISTORY_TRIGGER = "sample-history"
DEFAULT_DAYS_AGO = (75, 40, 12)  # the past dates `haitao demo` crawls before today


def history_days(today: date, days_ago: tuple[int, ...] = DEFAULT_DAYS_AGO) -> list[date]:
    """The past dates to crawl, oldest first."""
    return sorted(today - timedelta(days=n) for n in days_ago)


class Watermark:
    """The newest observation and run ids before a crawl: what comes after is that crawl's."""

    def __init__(self, session: Session) -> None:
        self.observation = session.scalar(select(func.max(PriceObservation.id))) or 0
        self.run = session.scalar(select(func.max(CrawlRun.id))) or 0


def date_back(session: Session, since: Watermark, day: date) -> int:
    """Move what was crawled after `since` to noon (UTC) of `day`; returns the runs moved."""
    when = datetime.combine(day, time(12))
    session.execute(
        update(PriceObservation)
        .where(PriceObservation.id > since.observation)
        .values(observed_at=when)
    )
    runs = list(session.scalars(select(CrawlRun).where(CrawlRun.id > since.run)))
    for run in runs:
        took = (run.finished_at or run.started_at) - run.started_at
        run.trigger, run.started_at, run.finished_at = SAMPLE_HISTORY_TRIGGER, when, when + took
    session.execute(update(Product).where(Product.first_seen_at > when).values(first_seen_at=when))
    return len(runs)


def has_sample_history(session: Session, store_id: str) -> bool:
    """Whether some of a store's price history came from the demo's dated sample crawls."""
    query = select(CrawlRun.id).where(
        CrawlRun.store_id == store_id, CrawlRun.trigger == SAMPLE_HISTORY_TRIGGER
    )
    return session.scalar(query.limit(1)) is not None
