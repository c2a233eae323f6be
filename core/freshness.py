"""Freshness: when a crawl last confirmed an offer's price, and whether that is too long ago.

An offer is **stale** when its store's last crawl failed (or was cancelled), or when its price
was not confirmed within what the store's crawl schedule allows: two of its periods plus its
time limit (one missed run is forgiven), or 48 hours for a store without a schedule. Stale
offers are marked on the cards and rank after fresh ones in cost sorts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.schedule_spec import ScheduleSpec, cron_trigger
from core.tables import CrawlRun

DEFAULT_ALLOWANCE = timedelta(hours=48)
DONE = ("finished", "failed", "cancelled")
# Why an offer is stale (`Staleness.reason`), as the API names it
CRAWL_FAILED = "crawl_failed"  # its store's last crawl failed or was cancelled
NOT_CONFIRMED = "not_confirmed"  # not confirmed within what its schedule allows


@dataclass(frozen=True)
class Staleness:
    """Whether an offer is stale and why: the one signal cards, pages and the API show."""

    stale: bool
    reason: str | None = None  # CRAWL_FAILED | NOT_CONFIRMED | None when fresh
    allowed: timedelta = DEFAULT_ALLOWANCE  # how long its price stays fresh
    failed_at: datetime | None = None  # when the failed crawl ended (CRAWL_FAILED)


@dataclass(frozen=True)
class LastCrawl:
    state: str  # finished | failed | cancelled
    ended_at: datetime | None
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.state != "finished"


def allowance(schedule: ScheduleSpec | None) -> timedelta:
    """How long a confirmed price stays fresh under a store's schedule."""
    if schedule is None or schedule.paused:
        return DEFAULT_ALLOWANCE
    return 2 * _period(schedule) + timedelta(seconds=schedule.time_limit)


def _period(schedule: ScheduleSpec) -> timedelta:
    if schedule.every is not None:
        return timedelta(seconds=schedule.every)
    trigger = cron_trigger(schedule.cron or "")
    first = trigger.get_next_fire_time(None, datetime(2026, 1, 1, tzinfo=trigger.timezone))
    second = trigger.get_next_fire_time(first, first + timedelta(seconds=1))
    return second - first


# Built once: the site reads it for every page it prices, and building it cost more than
# running it.
_LAST_CRAWLS = select(
    CrawlRun.store_id, CrawlRun.state, CrawlRun.finished_at, CrawlRun.error
).where(
    CrawlRun.id.in_(
        select(func.max(CrawlRun.id)).where(CrawlRun.state.in_(DONE)).group_by(CrawlRun.store_id)
    )
)


def last_crawls(session: Session) -> dict[str, LastCrawl]:
    """Each store's newest ended crawl run."""
    rows = session.execute(_LAST_CRAWLS)
    return {store: LastCrawl(state, ended, error) for store, state, ended, error in rows}


def is_stale(
    checked_at: datetime | None,
    last_crawl: LastCrawl | None,
    allowed: timedelta,
    now: datetime,
) -> bool:
    """Whether an offer confirmed at `checked_at` is stale `now` (naive UTC datetimes)."""
    return staleness(checked_at, last_crawl, allowed, now).stale


def staleness(
    checked_at: datetime | None,
    last_crawl: LastCrawl | None,
    allowed: timedelta,
    now: datetime,
) -> Staleness:
    """Whether an offer confirmed at `checked_at` is stale `now`, and why (a failed last
    crawl first: it is the reason an operator can act on)."""
    if last_crawl is not None and last_crawl.failed:
        return Staleness(True, CRAWL_FAILED, allowed, last_crawl.ended_at)
    if checked_at is None or now - checked_at > allowed:
        return Staleness(True, NOT_CONFIRMED, allowed)
    return Staleness(False, None, allowed)


class Freshness:
    """Staleness of offers at one moment: each store's last crawl and its schedule's allowance,
    read once (what indexing needs for every document)."""

    def __init__(
        self, session: Session, schedules: Mapping[str, ScheduleSpec | None], now: datetime
    ) -> None:
        self.crawls, self.now = last_crawls(session), now
        self.allowed = {store: allowance(spec) for store, spec in schedules.items()}

    def stale(self, store_id: str, checked_at: datetime | None) -> bool:
        return self.check(store_id, checked_at).stale

    def check(self, store_id: str, checked_at: datetime | None) -> Staleness:
        allowed = self.allowed.get(store_id, DEFAULT_ALLOWANCE)
        return staleness(checked_at, self.crawls.get(store_id), allowed, self.now)
