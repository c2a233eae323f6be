"""The operator's view of every store at once (for the ops console and `haitao runs stores`):
its schedule, next and last run, health, and catalog size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from core.stores import StoreConfig
from core.tables import CrawlRun, Offer, Product
from operations.describe import describe_cron, describe_every
from operations.scheduler import JOBS_TABLE, job_id
from operations.tables import RunFlag, Schedule


@dataclass(frozen=True)
class StoreStatus:
    store_id: str
    name: str
    schedule: str | None  # "every 21600 s", "cron: 0 3 * * *", None when unscheduled
    paused: bool
    next_run: datetime | None  # from the scheduler's job store (UTC); None if not scheduled
    last_run: CrawlRun | None
    flags: list[str]  # health rules the last run broke
    products: int  # listed (not gone) products in the catalog
    offers: int = 0  # their offers (variants, sizes)
    description: str = "not scheduled"  # the schedule in English, "every day at 03:00 UTC"


def next_fire_times(session: Session) -> dict[str, datetime | None]:
    """Job id → next run time (UTC) as the scheduler persisted it; empty before its first start."""
    if not inspect(session.connection()).has_table(JOBS_TABLE):
        return {}
    rows = session.execute(text(f"SELECT id, next_run_time FROM {JOBS_TABLE}"))
    return {key: _from_timestamp(when) for key, when in rows}


def _from_timestamp(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def stores_overview(session: Session, stores: Iterable[StoreConfig]) -> list[StoreStatus]:
    schedules = {
        row.store_id: row
        for row in session.scalars(select(Schedule).where(Schedule.kind == "crawl"))
    }
    upcoming = next_fire_times(session)
    return [_status(session, store, schedules.get(store.id), upcoming) for store in stores]


def _status(session: Session, store: StoreConfig, row: Schedule | None, upcoming) -> StoreStatus:
    last = session.scalars(
        select(CrawlRun).where(CrawlRun.store_id == store.id).order_by(CrawlRun.id.desc())
    ).first()
    flags = (
        []
        if last is None
        else list(session.scalars(select(RunFlag.rule).where(RunFlag.run_id == last.id)))
    )
    listed_products = select(Product.id).where(
        Product.store_id == store.id, Product.gone_at.is_(None)
    )
    listed = session.scalar(select(func.count()).select_from(listed_products.subquery()))
    offers = session.scalar(
        select(func.count()).select_from(Offer).where(Offer.product_id.in_(listed_products))
    )
    return StoreStatus(
        store_id=store.id,
        name=store.name,
        schedule=row.when if row else None,
        paused=bool(row and row.paused),
        next_run=upcoming.get(job_id(row.id)) if row else None,
        last_run=last,
        flags=flags,
        products=listed or 0,
        offers=offers or 0,
        description=describe(row),
    )


def describe(row: Schedule | None) -> str:
    """A schedule row's timing in English."""
    if row is None:
        return "not scheduled"
    return describe_cron(row.cron) if row.cron else describe_every(row.interval_seconds)
