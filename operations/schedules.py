"""Schedules as rows: add, pause, resume, remove, list; seeded from the stores file.

These functions only change rows. The running scheduler (`haitao scheduler`) follows the
rows within a few seconds (see operations.scheduler.sync), so the CLI and the ops console
never talk to the scheduler process.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import HaitaoError
from core.schedule_spec import ScheduleSpec, cron_trigger
from core.stores import StoreConfig
from operations.tables import JOB_KINDS, Schedule


class ScheduleError(HaitaoError):
    """A schedule that cannot be added or found."""


def spec(cron: str | None, every: str | int | None, time_limit: str | int = 3600) -> ScheduleSpec:
    """Validate cron/every/time_limit the same way the stores file does; one-line errors."""
    try:
        return ScheduleSpec(cron=cron, every=every, time_limit=time_limit)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "schedule"
        message = error["msg"].removeprefix("Value error, ")
        raise ScheduleError(f"{where}: {message}") from None


def add(
    session: Session,
    kind: str,
    when: ScheduleSpec,
    store_id: str | None = None,
    *,
    origin: str = "cli",
    replace: bool = False,
) -> Schedule:
    """A new schedule (or, with `replace`, new timing for the existing one: the ops
    console's "edit")."""
    if kind not in JOB_KINDS:
        raise ScheduleError(f"unknown job kind '{kind}' (expected one of {', '.join(JOB_KINDS)})")
    if (kind == "crawl") != (store_id is not None):
        raise ScheduleError("a crawl schedule names one store; rates and reindex name none")
    row = find_for(session, kind, store_id)
    if row is not None and not replace:
        raise ScheduleError(
            f"schedule {row.id} already exists for {row.target} ({row.when}); "
            "replace it to change its timing"
        )
    row = row or Schedule(kind=kind, store_id=store_id, paused=False)
    row.paused = row.paused or when.paused  # new timing never silently resumes a paused one
    row.cron, row.interval_seconds = when.cron, when.every
    row.time_limit_seconds, row.origin = when.time_limit, origin
    session.add(row)
    session.flush()
    return row


def find_for(session: Session, kind: str, store_id: str | None) -> Schedule | None:
    query = select(Schedule).where(Schedule.kind == kind)
    query = query.where(Schedule.store_id == store_id if store_id else Schedule.store_id.is_(None))
    return session.scalars(query).first()


def get(session: Session, ref: str | int) -> Schedule:
    """A schedule by id, by store id (its crawl schedule), or by kind (`rates`, `reindex`)."""
    text = str(ref)
    if text.isdigit():
        row = session.get(Schedule, int(text))
    elif text in ("rates", "reindex"):
        row = find_for(session, text, None)
    else:
        row = find_for(session, "crawl", text)
    if row is None:
        raise ScheduleError(f"no schedule '{ref}' (see `haitao schedule list`)")
    return row


def list_all(session: Session) -> list[Schedule]:
    return list(session.scalars(select(Schedule).order_by(Schedule.id)))


def set_paused(session: Session, ref: str | int, paused: bool) -> Schedule:
    row = get(session, ref)
    row.paused = paused
    return row


def pause(session: Session, ref: str | int) -> Schedule:
    return set_paused(session, ref, True)


def resume(session: Session, ref: str | int) -> Schedule:
    return set_paused(session, ref, False)


def remove(session: Session, ref: str | int) -> Schedule:
    row = get(session, ref)
    session.delete(row)
    return row


def seed_from_stores(session: Session, stores: Iterable[StoreConfig]) -> list[Schedule]:
    """Create crawl schedules for stores-file `schedule:` entries that have no row yet, and
    follow timing changes in the file for rows that came from it (not ones edited since)."""
    seeded = []
    for store in stores:
        if store.schedule is None:
            continue
        row = find_for(session, "crawl", store.id)
        if row is None or (row.origin == "config" and _timing(row) != _spec_timing(store)):
            row = add(session, "crawl", store.schedule, store.id, origin="config", replace=True)
            seeded.append(row)
    return seeded


def _timing(row: Schedule) -> tuple:
    return row.cron, row.interval_seconds, row.time_limit_seconds


def _spec_timing(store: StoreConfig) -> tuple:
    when = store.schedule
    return when.cron, when.every, when.time_limit


def trigger_for(row: Schedule):
    """The APScheduler trigger for a row (UTC)."""
    from apscheduler.triggers.interval import IntervalTrigger

    if row.cron:
        return cron_trigger(row.cron)
    return IntervalTrigger(seconds=row.interval_seconds, timezone="UTC")


def fingerprint(row: Schedule) -> str:
    """What the APScheduler job must match; a different one means the row was edited."""
    return f"{row.target} [{row.when}]"


def next_runs(row: Schedule, count: int = 3) -> list:
    """The next fire times (UTC) the row's timing gives, for previews."""
    from datetime import UTC, datetime

    trigger, previous, now, times = trigger_for(row), None, datetime.now(UTC), []
    for _ in range(count):
        upcoming = trigger.get_next_fire_time(previous, previous or now)
        if upcoming is None:
            break
        times.append(upcoming)
        previous = upcoming
    return times
