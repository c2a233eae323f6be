"""run_now through the subprocess runner: real `scrapy crawl` children over loopback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import crawl_runs as runs
from core.crawl_runs import StoreBusy
from core.db import session_factory
from core.errors import HaitaoError
from core.tables import Product
from operations.launch import retry, run_now
from tests.operations.fakes import FAST, add_store, in_thread, running, runs_of, wait_for

pytestmark = pytest.mark.e2e


def test_a_manual_run_crawls_in_a_child_process_with_its_own_log(ops_settings, sample_stores):
    run = run_now(ops_settings, "uk-chemist", watch=FAST)
    assert run.state == "finished", run.error
    assert run.items_scraped == len(sample_stores.catalog("uk-chemist"))
    assert (run.trigger, run.runner) == ("manual", "subprocess")
    assert run.pid and run.finished_at >= run.started_at
    log = Path(run.log_file)
    assert log.parent == ops_settings.home / "logs" / "uk-chemist"
    assert "Spider closed (finished)" in log.read_text()


def test_a_second_trigger_for_a_busy_store_is_refused(ops_settings, fake_stores, first_page):
    slow = fake_stores(page=first_page, delay=3)
    add_store(ops_settings, "slow-shop", slow.url)
    first = in_thread(lambda: run_now(ops_settings, "slow-shop", watch=FAST))
    wait_for(lambda: running(ops_settings, "slow-shop"))
    with pytest.raises(StoreBusy, match=r"slow-shop.*already being crawled"):
        run_now(ops_settings, "slow-shop", trigger="schedule", watch=FAST)
    first["thread"].join(30)
    assert first["result"].state == "finished"
    assert [run.state for run in runs_of(ops_settings, "slow-shop")] == ["finished"]


def test_a_crawl_that_fails_marks_the_run_failed_and_keeps_the_catalog(ops_settings):
    assert run_now(ops_settings, "de-apotheke", watch=FAST).state == "finished"
    add_store(ops_settings, "de-apotheke", "http://127.0.0.1:9")  # nothing listens there
    failed = run_now(ops_settings, "de-apotheke", watch=FAST)
    assert failed.state == "failed"
    # The run says why, in one line an operator can act on.
    assert failed.error.startswith("nothing scraped; ")
    assert "ConnectionRefusedError × " in failed.error
    with session_factory(ops_settings.database_url)() as session:
        listed = session.scalar(
            select(func.count())
            .select_from(Product)
            .where(Product.store_id == "de-apotheke", Product.gone_at.is_(None))
        )
    assert listed > 0


def test_a_run_that_outlives_its_time_limit_is_stopped_and_marked(ops_settings, fake_stores):
    add_store(ops_settings, "stuck-shop", fake_stores(hang=True).url)
    started = time.monotonic()
    run = run_now(ops_settings, "stuck-shop", time_limit=2, watch=FAST)
    assert time.monotonic() - started < 30
    assert run.state == "failed"
    assert "time limit of 2 s" in run.error
    assert not runs.pid_alive(run.pid)


def test_cancel_stops_a_running_crawl(ops_settings, fake_stores):
    add_store(ops_settings, "stuck-shop", fake_stores(hang=True).url)
    box = in_thread(lambda: run_now(ops_settings, "stuck-shop", watch=FAST))
    active = wait_for(lambda: running(ops_settings, "stuck-shop"))
    runs.request_cancel(session_factory(ops_settings.database_url), active.id)
    box["thread"].join(30)
    assert box["result"].state == "cancelled"
    assert box["result"].error == "cancelled by an operator"


def test_a_failed_run_can_be_retried(ops_settings, sample_stores):
    add_store(ops_settings, "de-apotheke", "http://127.0.0.1:9")
    failed = run_now(ops_settings, "de-apotheke", watch=FAST)
    add_store(ops_settings, "de-apotheke", sample_stores.urls["de-apotheke"])
    again = retry(ops_settings, failed.id, watch=FAST)
    assert (again.trigger, again.state) == ("retry", "finished")
    with pytest.raises(HaitaoError, match="only failed or cancelled runs are retried"):
        retry(ops_settings, again.id)


def test_without_waiting_the_crawl_closes_its_own_run(ops_settings, sample_stores):
    started = run_now(ops_settings, "au-pharmacy", wait=False)
    assert started.state in ("queued", "running")

    def closed():
        (run,) = runs_of(ops_settings, "au-pharmacy")
        return run.finished_at and run

    run = wait_for(closed, timeout=60)
    assert run.state == "finished"
    assert run.items_scraped == len(sample_stores.catalog("au-pharmacy"))


def test_a_crawl_nobody_watches_stops_itself_when_cancelled(
    ops_settings, fake_stores, first_page, monkeypatch
):
    monkeypatch.setenv("HAITAO_HEARTBEAT_SECONDS", "0.3")
    add_store(ops_settings, "slow-shop", fake_stores(page=first_page, delay=3).url)
    run_now(ops_settings, "slow-shop", wait=False)  # like `haitao crawl`: no runner watching
    active = wait_for(lambda: running(ops_settings, "slow-shop"))
    runs.request_cancel(session_factory(ops_settings.database_url), active.id)
    (run,) = wait_for(lambda: [r for r in runs_of(ops_settings, "slow-shop") if r.finished_at])
    assert (run.state, run.finish_reason) == ("cancelled", "cancelled")  # closed by its heartbeat
