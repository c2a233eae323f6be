"""Run one store's crawl now, through a runner, and watch it to the end.

`run_now` is what a schedule firing, `haitao run-now` and the ops console's *Run now* call. It
claims the run (the one-run-per-store guard), starts the crawl, and while it waits keeps the
run's heartbeat, honours a cancel request and stops a crawl that outlives its time limit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from core import crawl_runs as runs
from core.db import session_factory
from core.errors import HaitaoError
from core.settings import Settings
from core.stores import StoreConfig, get_store, load_stores
from core.tables import ACTIVE_STATES, CrawlRun
from crawler.upsert import sync_store
from operations import health
from operations.runners import get_runner
from operations.runners.base import STOP_GRACE_SECONDS, Handle, Runner

DEFAULT_TIME_LIMIT = 3600


@dataclass
class Watch:
    """How closely to watch a crawl (tests shorten every interval)."""

    poll_seconds: float = 2.0
    stop_grace_seconds: float = STOP_GRACE_SECONDS
    stop_event: threading.Event | None = None  # set: stop watching, leave the crawl running


def run_now(
    settings: Settings,
    store_id: str,
    *,
    trigger: str = "manual",
    schedule_id: int | None = None,
    time_limit: int = DEFAULT_TIME_LIMIT,
    runner: Runner | None = None,
    wait: bool = True,
    watch: Watch | None = None,
    on_claimed: Callable[[int], None] | None = None,
) -> CrawlRun:
    """Crawl a store now; raise StoreBusy if it is already queued or running.

    With `wait=False` it returns once the crawl has started: the crawl then closes its own
    run, honours cancel through its heartbeat and its soft time limit (CLOSESPIDER_TIMEOUT).
    """
    store = get_store(load_stores(settings.stores_file), store_id)
    sessions = session_factory(settings.database_url)
    with sessions.begin() as session:
        sync_store(session, store)
    runner = runner or get_runner(settings)
    run = runs.claim(
        sessions, store_id, trigger=trigger, runner=runner.name, schedule_id=schedule_id
    )
    if on_claimed:
        on_claimed(run.id)
    handle = _start(sessions, runner, run.id, store, time_limit)
    outcome = supervise(sessions, runner, handle, time_limit, watch or Watch()) if wait else None
    if outcome in (None, "detached"):
        runner.release(handle)
    else:
        finalize(sessions, run.id, outcome, runner.exit_status(handle), time_limit)
    with sessions() as session:
        return runs.get(session, run.id)


def retry(settings: Settings, run_id: int, **options) -> CrawlRun:
    """Crawl a failed or cancelled run's store again (trigger `retry`), like `run_now`."""
    with session_factory(settings.database_url)() as session:
        run = runs.get(session, run_id)
    if run.state not in ("failed", "cancelled"):
        raise HaitaoError(f"run {run_id} is {run.state}: only failed or cancelled runs are retried")
    return run_now(settings, run.store_id, trigger="retry", schedule_id=run.schedule_id, **options)


def _start(
    sessions: sessionmaker[Session], runner: Runner, run_id: int, store: StoreConfig, limit: int
) -> Handle:
    try:
        handle = runner.start(run_id, store, limit)
    except Exception as exc:
        with sessions.begin() as session:
            runs.close(runs.get(session, run_id), "failed", f"could not start: {exc}")
        raise
    with sessions.begin() as session:
        run = runs.get(session, run_id)
        run.job_id, run.log_file = handle.job_id, handle.log_file
        if run.state == "queued" and handle.pid:
            run.pid = handle.pid  # the crawl's own pid until it opens the run itself
    return handle


def supervise(
    sessions: sessionmaker[Session], runner: Runner, handle: Handle, time_limit: int, watch: Watch
) -> str:
    """Wait for the crawl; return 'ended', 'cancelled', 'timeout' or 'detached'."""
    deadline = time.monotonic() + time_limit
    outcome = "ended"
    while not runner.done(handle):
        if watch.stop_event is not None and watch.stop_event.is_set():
            return "detached"
        if outcome == "ended":
            if _cancel_requested(sessions, handle.run_id):
                outcome = "cancelled"
            elif time.monotonic() > deadline:
                outcome = "timeout"
            if outcome != "ended":
                runner.stop(handle)
                deadline = time.monotonic() + watch.stop_grace_seconds
        elif time.monotonic() > deadline:
            runner.stop(handle, force=True)
            deadline = float("inf")
        time.sleep(watch.poll_seconds)
    return outcome


def _cancel_requested(sessions: sessionmaker[Session], run_id: int) -> bool:
    """Stamp the run's heartbeat and read its cancel flag; a busy database only delays both."""
    try:
        return runs.beat(sessions, run_id)
    except OperationalError:
        return False


def finalize(
    sessions: sessionmaker[Session], run_id: int, outcome: str, exit_status: str, time_limit: int
) -> None:
    """Close what the crawl could not: a killed, timed-out or never-started crawl's run."""
    with sessions.begin() as session:
        run = runs.get(session, run_id)
        if outcome == "timeout" and run.state != "finished":
            runs.close(run, "failed", f"stopped: ran longer than its time limit of {time_limit} s")
            run.state = "failed"
        elif outcome == "cancelled" and run.state != "finished":
            runs.close(run, "cancelled", "cancelled by an operator")
            run.state = "cancelled"
        elif run.state in ACTIVE_STATES:
            runs.close(run, "failed", f"the crawl ended without closing its run ({exit_status})")
    health.check_and_notify(sessions, run_id)
