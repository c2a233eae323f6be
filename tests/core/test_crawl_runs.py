"""The one-run-per-store guard in the database, stale runs, and cancelling."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import timedelta

import pytest

from core import crawl_runs as runs
from core.crawl_runs import StoreBusy
from core.db import session_factory
from core.errors import HaitaoError
from core.stores import load_stores
from core.tables import CrawlRun, utcnow
from crawler.upsert import sync_store


@pytest.fixture
def sessions(ops_settings):
    sessions = session_factory(ops_settings.database_url)
    with sessions.begin() as session:
        for store in load_stores(ops_settings.stores_file).values():
            sync_store(session, store)
    return sessions


def claim(sessions, store_id="us-vitashop", trigger="manual") -> CrawlRun:
    return runs.claim(sessions, store_id, trigger=trigger, runner="subprocess")


def test_a_store_with_an_active_run_cannot_be_claimed_again(sessions):
    first = claim(sessions)
    with pytest.raises(StoreBusy, match=rf"run {first.id} is queued"):
        claim(sessions, trigger="schedule")
    assert claim(sessions, "uk-chemist").state == "queued"  # other stores are free


def test_many_simultaneous_claims_give_one_run(sessions):
    outcomes: list[str] = []
    gate = threading.Barrier(8)

    def try_claim() -> None:
        gate.wait()
        try:
            claim(sessions, "jp-rakuichi")
            outcomes.append("claimed")
        except StoreBusy:
            outcomes.append("busy")

    threads = [threading.Thread(target=try_claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["busy"] * 7 + ["claimed"]


def test_a_run_whose_process_died_is_marked_failed_and_frees_the_store(sessions):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = claim(sessions)
    with sessions.begin() as session:
        session.get_one(CrawlRun, stale.id).pid = dead.pid
    fresh = claim(sessions)
    with sessions() as session:
        stale = session.get_one(CrawlRun, stale.id)
    assert stale.state == "failed"
    assert "is gone" in stale.error
    assert fresh.state == "queued"


def test_a_run_without_a_recent_heartbeat_elsewhere_is_stale(sessions):
    old = claim(sessions)
    with sessions.begin() as session:
        run = session.get_one(CrawlRun, old.id)
        run.host, run.heartbeat_at = "another-host", utcnow() - timedelta(minutes=10)
    assert claim(sessions).state == "queued"


@pytest.fixture
def live_process():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def running_here(sessions, pid: int, started_ago: timedelta, beat_ago: timedelta) -> int:
    """A run opened by process `pid` on this host, `started_ago`, last stamped `beat_ago`."""
    run = claim(sessions)
    with sessions.begin() as session:
        row = session.get_one(CrawlRun, run.id)
        row.state, row.pid, row.started_at = "running", pid, utcnow() - started_ago
        row.heartbeat_at = utcnow() - beat_ago
    return run.id


def state_of(sessions, run_id: int) -> str:
    with sessions() as session:
        return session.get_one(CrawlRun, run_id).state


def test_a_live_crawl_on_this_host_is_not_reaped_however_old_its_heartbeat(sessions, live_process):
    run_id = running_here(sessions, live_process.pid, timedelta(0), timedelta(minutes=10))
    with pytest.raises(StoreBusy, match=rf"run {run_id} is running"):
        claim(sessions)
    with sessions.begin() as session:
        assert runs.reap_stale(session) == []
    assert runs.request_cancel(sessions, run_id).state == "running"  # the crawl will act on it
    with sessions() as session:
        assert session.get_one(CrawlRun, run_id).cancel_requested


def test_a_running_run_whose_pid_now_belongs_to_a_newer_process_is_reaped(sessions, live_process):
    # The crawl that opened the run an hour ago died; the live process got its pid later.
    run_id = running_here(sessions, live_process.pid, timedelta(hours=1), timedelta(minutes=59))
    assert claim(sessions).state == "queued"
    assert state_of(sessions, run_id) == "failed"


def test_a_queued_run_on_this_host_has_only_its_heartbeat(sessions):
    run = claim(sessions)  # claimed by this (live) process, and never opened by a crawl
    with sessions.begin() as session:
        session.get_one(CrawlRun, run.id).heartbeat_at = utcnow() - timedelta(minutes=10)
    assert claim(sessions).state == "queued"
    assert state_of(sessions, run.id) == "failed"


def test_cancel_needs_an_active_run_and_closes_one_nobody_watches(sessions):
    run = claim(sessions)
    with sessions.begin() as session:
        session.get_one(CrawlRun, run.id).heartbeat_at = utcnow() - timedelta(hours=1)
        session.get_one(CrawlRun, run.id).host = "another-host"
    assert runs.request_cancel(sessions, run.id).state == "cancelled"
    with pytest.raises(HaitaoError, match="is cancelled: nothing to cancel"):
        runs.request_cancel(sessions, run.id)
    with pytest.raises(HaitaoError, match="no crawl run 999"):
        runs.request_cancel(sessions, 999)
