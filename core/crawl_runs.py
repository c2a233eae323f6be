"""Crawl runs as an operator sees them: the one-run-per-store guard, liveness, cancelling.

A run row is claimed (state `queued`) before its crawl starts. The partial unique index on
`crawl_runs.store_id` (state queued or running) makes a second claim for the same store fail
in the database itself, whichever process tries: a scheduler, a restarted scheduler, or a
manual "run now". A run whose process is gone (see `is_stale`) is marked failed the next time
anyone claims that store.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.errors import HaitaoError
from core.tables import ACTIVE_STATES, CrawlRun, utcnow

STALE_AFTER = timedelta(minutes=2)  # no heartbeat for this long: the crawl is gone
DONE_STATES = ("finished", "failed", "cancelled")
# A process start time read from /proc is rounded to the second (the boot time's precision).
PID_SLACK = timedelta(seconds=1)


class StoreBusy(HaitaoError):
    """The store already has a queued or running crawl."""


class UnknownRun(HaitaoError):
    """No crawl run has that id."""


def hostname() -> str:
    return socket.gethostname()


def pid_alive(pid: int) -> bool:
    """True while process `pid` exists on this host and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def process_started(pid: int) -> datetime | None:
    """When process `pid` started (naive UTC, to the second); None where /proc cannot say."""
    try:
        ticks = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
        stat = Path("/proc/stat").read_text().splitlines()
        boot = next(int(line.split()[1]) for line in stat if line.startswith("btime "))
    except (OSError, IndexError, ValueError, StopIteration):
        return None
    started = datetime.fromtimestamp(boot + ticks / os.sysconf("SC_CLK_TCK"), UTC)
    return started.replace(tzinfo=None)


def opened_by(run: CrawlRun) -> bool:
    """Whether the live process with the running run's pid is the crawl that opened it, not
    a newer process that got the pid of a crawl that died (it started after the run did)."""
    started = process_started(run.pid)
    return started is None or run.started_at is None or started <= run.started_at + PID_SLACK


def is_stale(run: CrawlRun, now: datetime, stale_after: timedelta = STALE_AFTER) -> bool:
    """An active run nobody is looking after any more.

    On the run's own host its process decides: a run whose process is gone is stale at once,
    and a running crawl whose process lives is not, however old its heartbeat. Marking it
    failed would not stop it: it would write on beside the store's next crawl and, closing,
    mark gone every product that crawl had seen. The heartbeat comes from a thread of its
    own, so a live crawl's stamp stays fresh while its reactor is busy; one that lags for
    minutes is frozen or starved: kill it (it is reaped then) or cancel it.
    A crawl on another host, and a queued run no crawl has opened yet (its pid is the
    claimer's or the starting crawl's), have only their heartbeat.
    """
    if run.host == hostname() and run.pid:
        if not pid_alive(run.pid):
            return True
        if run.state == "running":
            return not opened_by(run)
    return run.heartbeat_at is None or now - run.heartbeat_at > stale_after


def reap_stale(session: Session, store_id: str | None = None) -> list[int]:
    """Mark active runs whose process is gone as failed; return their ids."""
    now = utcnow()
    query = select(CrawlRun).where(CrawlRun.state.in_(ACTIVE_STATES))
    if store_id is not None:
        query = query.where(CrawlRun.store_id == store_id)
    reaped = []
    for run in session.scalars(query):
        if is_stale(run, now):
            close(run, "failed", f"process {run.pid} on {run.host} is gone (no heartbeat)")
            reaped.append(run.id)
    return reaped


def claim(
    sessions: sessionmaker[Session],
    store_id: str,
    *,
    trigger: str,
    runner: str,
    schedule_id: int | None = None,
) -> CrawlRun:
    """A new queued run for the store, or StoreBusy if it already has an active one."""
    with sessions.begin() as session:
        reap_stale(session, store_id)
    now = utcnow()
    run = CrawlRun(
        store_id=store_id,
        trigger=trigger,
        state="queued",
        runner=runner,
        schedule_id=schedule_id,
        started_at=now,
        heartbeat_at=now,
        pid=os.getpid(),
        host=hostname(),
    )
    try:
        with sessions.begin() as session:
            session.add(run)
    except IntegrityError:
        raise busy_error(sessions, store_id) from None
    return run


def open_run(
    session: Session, store_id: str, trigger: str = "manual", run_id: int | None = None
) -> int:
    """Mark a crawl's run running, as the crawl opens: the queued row a runner claimed
    (`run_id`), else a new row (`haitao crawl`, plain `scrapy crawl`).

    Raises StoreBusy when the store already has an active run (the database's guard).
    """
    if run_id is not None:
        run = get(session, run_id)
        if run.state != "queued":
            raise StoreBusy(f"run {run_id} of '{store_id}' is {run.state}, not queued")
    else:
        run = CrawlRun(store_id=store_id, trigger=trigger)
    run.state, run.started_at = "running", utcnow()
    run.pid, run.host, run.heartbeat_at = os.getpid(), hostname(), run.started_at
    session.add(run)
    try:
        session.flush()
    except IntegrityError:
        raise StoreBusy(f"store '{store_id}' is already being crawled") from None
    return run.id


def ensure_idle(sessions: sessionmaker[Session], store_ids: list[str]) -> None:
    """StoreBusy (one clear line) if any of the stores has a live queued or running crawl.

    `haitao crawl` asks first; the unique index still refuses a run that races past this.
    """
    with sessions.begin() as session:
        for store_id in store_ids:
            reap_stale(session, store_id)
    with sessions() as session:
        busy = session.scalars(
            select(CrawlRun.store_id).where(
                CrawlRun.store_id.in_(store_ids), CrawlRun.state.in_(ACTIVE_STATES)
            )
        ).first()
    if busy is not None:
        raise busy_error(sessions, busy)


def busy_error(sessions: sessionmaker[Session], store_id: str) -> StoreBusy:
    with sessions() as session:
        active = session.scalars(
            select(CrawlRun).where(CrawlRun.store_id == store_id, CrawlRun.state.in_(ACTIVE_STATES))
        ).first()
    which = f"run {active.id} is {active.state}" if active else "another run is active"
    return StoreBusy(f"store '{store_id}' is already being crawled ({which})")


def close(run: CrawlRun, state: str, error: str | None = None) -> None:
    """End a run that its crawl did not close itself (killed, timed out, never started)."""
    run.state = state
    run.finished_at = run.finished_at or utcnow()
    run.error = error if run.error is None else run.error
    run.finish_reason = run.finish_reason or state


def request_cancel(sessions: sessionmaker[Session], run_id: int) -> CrawlRun:
    """Ask a run to stop. Its crawl (heartbeat) or its runner acts on the flag; a run whose
    process is already gone is marked cancelled at once."""
    with sessions.begin() as session:
        run = get(session, run_id)
        if run.state not in ACTIVE_STATES:
            raise HaitaoError(f"run {run_id} is {run.state}: nothing to cancel")
        run.cancel_requested = True
        if is_stale(run, utcnow()):
            close(run, "cancelled", "cancelled by an operator")
    return run


def get(session: Session, run_id: int) -> CrawlRun:
    run = session.get(CrawlRun, run_id)
    if run is None:
        raise UnknownRun(f"no crawl run {run_id}")
    return run


def beat(sessions: sessionmaker[Session], run_id: int, pid: int | None = None) -> bool:
    """Record that the run is alive; return whether an operator asked it to stop."""
    with sessions.begin() as session:
        run = get(session, run_id)
        run.heartbeat_at = utcnow()
        if pid is not None:
            run.pid, run.host = pid, hostname()
        return run.cancel_requested


def recent(
    session: Session, store_id: str | None = None, state: str | None = None, limit: int = 50
) -> list[CrawlRun]:
    """Newest runs first, optionally of one store or in one state."""
    query = select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)
    if store_id:
        query = query.where(CrawlRun.store_id == store_id)
    if state:
        query = query.where(CrawlRun.state == state)
    return list(session.scalars(query))
