"""`haitao scheduler`: APScheduler 3 in its own process, following the schedule rows.

Jobs live in a persistent SQLAlchemyJobStore (table `apscheduler_jobs` in the catalog
database), so their next run times survive a restart and runs missed while the scheduler was
down coalesce into one (within `MISFIRE_GRACE_SECONDS`). A small in-memory job re-reads the
schedule rows every few seconds and adds, re-times, pauses, resumes or removes jobs to match.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from core import crawl_runs as runs
from core.db import get_engine, session_factory
from core.errors import HaitaoError
from core.settings import Settings
from core.stores import load_stores
from operations import jobs, schedules

log = logging.getLogger(__name__)
MISFIRE_GRACE_SECONDS = 600
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_SECONDS}
JOBS_TABLE = "apscheduler_jobs"


def job_id(schedule_id: int) -> str:
    return f"schedule-{schedule_id}"


def build(settings: Settings, workers: int = 8, scheduler_class=BlockingScheduler) -> BaseScheduler:
    """A scheduler on the catalog database's job store; not started."""
    return scheduler_class(
        jobstores={
            "default": SQLAlchemyJobStore(
                engine=get_engine(settings.database_url), tablename=JOBS_TABLE
            ),
            "internal": MemoryJobStore(),
        },
        executors={"default": ThreadPoolExecutor(workers)},
        job_defaults=JOB_DEFAULTS,
        timezone=UTC,
    )


def sync(scheduler: BaseScheduler, settings: Settings) -> None:
    """Make the persistent jobs match the schedule rows (the rows are the truth)."""
    sessions = session_factory(settings.database_url)
    with sessions.begin() as session:
        runs.reap_stale(session)
        rows = {job_id(row.id): row for row in schedules.list_all(session)}
    current = {job.id: job for job in scheduler.get_jobs(jobstore="default")}
    for stale in current.keys() - rows.keys():
        scheduler.remove_job(stale, jobstore="default")
    for key, row in rows.items():
        _follow(scheduler, current.get(key), key, row)


def _follow(scheduler: BaseScheduler, job, key: str, row) -> None:
    name, trigger = schedules.fingerprint(row), schedules.trigger_for(row)
    # The trigger too: one built before crontab weekdays were read from Sunday is replaced.
    if job is None or job.name != name or str(job.trigger) != str(trigger):
        extra = {"next_run_time": None} if row.paused else {}
        scheduler.add_job(
            jobs.fire,
            trigger,
            args=[row.id],
            id=key,
            name=name,
            jobstore="default",
            replace_existing=True,
            **extra,
        )
        log.info("scheduled %s: %s", key, name)
    elif row.paused and job.next_run_time is not None:
        scheduler.pause_job(key, jobstore="default")
    elif not row.paused and job.next_run_time is None:
        scheduler.resume_job(key, jobstore="default")


def prepare(scheduler: BaseScheduler, settings: Settings, sync_seconds: float) -> None:
    """Seed schedules from the stores file and add the job that follows the rows."""
    with session_factory(settings.database_url).begin() as session:
        schedules.seed_from_stores(session, load_stores(settings.stores_file).values())
    scheduler.add_job(
        sync,
        "interval",
        seconds=sync_seconds,
        args=[scheduler, settings],
        id="sync-schedules",
        jobstore="internal",
        next_run_time=datetime.now(UTC),
    )


@contextmanager
def only_scheduler(settings: Settings) -> Iterator[None]:
    """Refuse to start a second scheduler on the same data directory (it would fire every
    job twice); the lock is released when this process ends, however it ends."""
    path = settings.ensure_home() / "scheduler.lock"
    with path.open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "?"
            raise HaitaoError(f"another haitao scheduler is running (pid {holder})") from None
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        yield


def run(settings: Settings, sync_seconds: float = 5.0, workers: int = 8) -> None:
    """Run until SIGTERM or Ctrl-C. Crawls still running are left to finish on their own."""
    with only_scheduler(settings):
        _run(settings, sync_seconds, workers)


def _run(settings: Settings, sync_seconds: float, workers: int) -> None:
    scheduler = build(settings, workers)
    prepare(scheduler, settings, sync_seconds)
    # SIGTERM stops the scheduler the way Ctrl-C does, outside any APScheduler lock.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        scheduler.start()
    except KeyboardInterrupt:
        log.info("stopping the scheduler; running crawls finish on their own")
    finally:
        signal.signal(signal.SIGTERM, previous)
        jobs.SHUTTING_DOWN.set()
        if scheduler.running:
            scheduler.shutdown(wait=False)
