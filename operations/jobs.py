"""The functions APScheduler calls. Each takes only a schedule row id (plain, picklable),
reloads the row when it fires, and writes a `schedule_firings` row with what happened."""

from __future__ import annotations

import logging
import os
import threading

from core.crawl_runs import StoreBusy
from core.db import session_factory
from core.errors import HaitaoError
from core.settings import Settings
from core.tables import utcnow
from operations.tables import Schedule, ScheduleFiring

log = logging.getLogger(__name__)

# Set by `haitao scheduler` on shutdown: watching crawls let go (the crawls finish on their own).
SHUTTING_DOWN = threading.Event()


def fire(schedule_id: int) -> None:
    """Run schedule `schedule_id` now, if it still exists and is not paused."""
    settings = Settings.from_env()
    sessions = session_factory(settings.database_url)
    with sessions.begin() as session:
        row = session.get(Schedule, schedule_id)
        firing = ScheduleFiring(schedule_id=schedule_id)
        session.add(firing)
        if row is None or row.paused:
            _end(firing, "skipped", "schedule removed" if row is None else "schedule paused")
            return
        kind, store_id, limit = row.kind, row.store_id, row.time_limit_seconds
    outcome, message, run_id = _dispatch(settings, kind, store_id, limit, schedule_id, firing.id)
    with sessions.begin() as session:
        firing = session.get_one(ScheduleFiring, firing.id)
        firing.run_id = firing.run_id or run_id
        _end(firing, outcome, message)
    log.info("schedule %s (%s): %s %s", schedule_id, kind, outcome, message)


def _end(firing: ScheduleFiring, outcome: str, message: str) -> None:
    firing.outcome, firing.message, firing.finished_at = outcome, message, utcnow()


def _dispatch(settings, kind, store_id, limit, schedule_id, firing_id):
    try:
        if kind == "crawl":
            run = crawl(settings, store_id, limit, schedule_id, firing_id)
            return "done", f"run {run.id} {run.state}", run.id
        if kind == "rates":
            return "done", refresh_rates(settings), None
        return "done", f"indexed {reindex(settings)} offers", None
    except StoreBusy as exc:
        return "skipped", str(exc), None
    except HaitaoError as exc:
        return "failed", str(exc), None
    except Exception as exc:  # the firing row must say what happened, whatever it was
        log.exception("schedule %s failed", schedule_id)
        return "failed", f"{type(exc).__name__}: {exc}", None


def crawl(settings: Settings, store_id: str, limit: int, schedule_id: int, firing_id: int):
    from operations.launch import Watch, run_now

    def link(run_id: int) -> None:
        with session_factory(settings.database_url).begin() as session:
            session.get_one(ScheduleFiring, firing_id).run_id = run_id

    poll = float(os.environ.get("HAITAO_RUN_POLL_SECONDS") or 2.0)
    watch = Watch(poll_seconds=poll, stop_event=SHUTTING_DOWN)
    return run_now(
        settings,
        store_id,
        trigger="schedule",
        schedule_id=schedule_id,
        time_limit=limit,
        watch=watch,
        on_claimed=link,
    )


def refresh_rates(settings: Settings) -> str:
    """Refresh FX rates, then reindex (prices in the index are converted with them).

    Uses the pricing work's `pricing.exchange_rates.refresh.refresh_stored_rates` (sources with
    deadlines and fallbacks, every attempt recorded) when it is installed; until then,
    reloads the bundled snapshot.
    """
    table = _refresh(settings)
    count = reindex(settings)
    return f"rates {table.source} {table.as_of.isoformat()}; indexed {count} offers"


def _refresh(settings: Settings):
    try:
        from pricing.exchange_rates.refresh import refresh_stored_rates
    except ImportError:  # pricing.exchange_rates (the pricing work) is not part of this build
        return _reload_snapshot(settings)
    return refresh_stored_rates(settings).table


def _reload_snapshot(settings: Settings):
    from pricing.exchange_rates.rate_table import load_snapshot, store_table

    table = load_snapshot(settings.fx_snapshot_file)
    with session_factory(settings.database_url).begin() as session:
        store_table(session, table)
    return table


def reindex(settings: Settings) -> int:
    from operations.indexing import rebuild_index

    return rebuild_index(settings)
