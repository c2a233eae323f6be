"""The scheduler: rows drive the persistent jobs; jobs survive a restart; no store overlaps."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import text

from core.db import get_engine, session_factory
from core.stores import load_stores
from operations import jobs, schedules
from operations import scheduler as ops_scheduler
from operations.overview import stores_overview
from tests.conftest import run_haitao
from tests.operations.fakes import add, change, runs_of, wait_for


@pytest.fixture
def background(ops_settings):
    scheduler = ops_scheduler.build(ops_settings, scheduler_class=BackgroundScheduler)
    scheduler.start(paused=True)  # jobs are added and followed, none fires
    yield scheduler
    scheduler.shutdown(wait=False)


def test_the_jobs_follow_the_rows(ops_settings, background):
    crawl = add(ops_settings, "us-vitashop", cron="0 3 * * *", every=None)
    rates = add(ops_settings, "rates", cron=None, every="6h")
    ops_scheduler.sync(background, ops_settings)
    job = background.get_job(f"schedule-{crawl}")
    assert job.name == "crawl us-vitashop [cron: 0 3 * * *]"
    assert (job.coalesce, job.max_instances) == (True, 1)
    assert job.func is jobs.fire and job.args == (crawl,)
    change(ops_settings, "us-vitashop", schedules.pause)
    ops_scheduler.sync(background, ops_settings)
    assert background.get_job(f"schedule-{crawl}").next_run_time is None
    change(ops_settings, crawl, schedules.resume)
    ops_scheduler.sync(background, ops_settings)
    assert background.get_job(f"schedule-{crawl}").next_run_time is not None
    change(ops_settings, "rates", schedules.remove)
    ops_scheduler.sync(background, ops_settings)
    assert background.get_job(f"schedule-{rates}") is None


def test_a_job_whose_trigger_read_weekdays_from_monday_is_replaced(ops_settings, background):
    from apscheduler.triggers.cron import CronTrigger

    crawl = add(ops_settings, "us-vitashop", cron="0 3 * * 1", every=None)
    ops_scheduler.sync(background, ops_settings)
    job = background.get_job(f"schedule-{crawl}")
    old = CronTrigger.from_crontab("0 3 * * 1", timezone="UTC")  # what earlier code built
    job.modify(trigger=old)
    ops_scheduler.sync(background, ops_settings)
    trigger = background.get_job(f"schedule-{crawl}").trigger
    assert str(trigger) != str(old) and "day_of_week='mon'" in str(trigger)


def start_scheduler() -> subprocess.Popen:
    env = dict(os.environ, HAITAO_RUN_POLL_SECONDS="0.2")
    command = [sys.executable, "-m", "cli", "scheduler", "--sync-seconds", "0.3"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr.decode()[-2000:]
    return stderr.decode()


def scheduled_runs_done(settings, store_id: str, at_least: int):
    done = [r for r in runs_of(settings, store_id) if r.trigger == "schedule" and r.finished_at]
    return len(done) >= at_least and done


def no_active_runs(settings, store_id: str) -> bool:
    return all(run.finished_at for run in runs_of(settings, store_id))


@pytest.mark.e2e
def test_jobs_persist_across_a_scheduler_restart_and_runs_never_overlap(ops_settings):
    schedule_id = add(ops_settings, "hk-gadgets", cron=None, every="1s")
    first = start_scheduler()
    try:
        wait_for(lambda: scheduled_runs_done(ops_settings, "hk-gadgets", 1), timeout=60)
        twin = run_haitao("scheduler", env=dict(os.environ), timeout=60)
        assert twin.returncode == 1
        assert f"another haitao scheduler is running (pid {first.pid})" in twin.stderr
    finally:
        stop(first)
    with get_engine(ops_settings.database_url).connect() as connection:
        stored = connection.execute(text("SELECT id FROM apscheduler_jobs")).scalars().all()
    assert f"schedule-{schedule_id}" in stored  # the job itself outlived the process
    with session_factory(ops_settings.database_url)() as session:
        stores = load_stores(ops_settings.stores_file)
        (status,) = [
            s for s in stores_overview(session, stores.values()) if s.store_id == "hk-gadgets"
        ]
    assert status.schedule == "every 1 s" and status.next_run is not None
    assert status.last_run.trigger == "schedule" and status.products > 0
    before = len(runs_of(ops_settings, "hk-gadgets"))
    second = start_scheduler()
    try:
        wait_for(lambda: scheduled_runs_done(ops_settings, "hk-gadgets", before + 1), timeout=60)
    finally:
        stop(second)
    wait_for(lambda: no_active_runs(ops_settings, "hk-gadgets"), timeout=60)
    crawled = runs_of(ops_settings, "hk-gadgets")
    assert all(run.schedule_id == schedule_id for run in crawled)
    for earlier, later in itertools.pairwise(crawled):
        assert earlier.finished_at <= later.started_at, "two runs of one store overlapped"


def test_a_sync_leaves_unchanged_jobs_as_they_are(ops_settings, background):
    every = add(ops_settings, "us-vitashop", cron=None, every="6h")
    cron = add(ops_settings, "uk-chemist", cron="0 3 * * 1-5", every=None)
    ops_scheduler.sync(background, ops_settings)
    before = {
        key: background.get_job(key).next_run_time
        for key in (f"schedule-{every}", f"schedule-{cron}")
    }
    ops_scheduler.sync(background, ops_settings)
    after = {key: background.get_job(key).next_run_time for key in before}
    assert after == before  # not re-added: an interval job would move its next run on
