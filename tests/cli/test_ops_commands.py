"""`haitao schedule …`, `haitao run-now`, `haitao runs …` in child processes."""

from __future__ import annotations

import json

import pytest

from tests.conftest import haitao_env, run_haitao

pytestmark = pytest.mark.e2e


@pytest.fixture
def env(ops_settings):
    env = haitao_env(ops_settings.home, ops_settings.stores_file)
    env["COLUMNS"] = "200"  # rich tables keep whole cells
    return env


def haitao(env, *args: str, ok: bool = True):
    result = run_haitao(*args, env=env, timeout=120)
    if ok:
        assert result.returncode == 0, result.stderr[-2000:]
    return result


def one_line_error(result, text: str) -> None:
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert text in result.stderr


def test_schedules_can_be_added_paused_resumed_and_removed(env):
    added = haitao(env, "schedule", "add", "us-vitashop", "--every", "6h", "--time-limit", "20m")
    assert "schedule 1: crawl us-vitashop every 21600 s" in added.stdout
    haitao(env, "schedule", "add", "reindex", "--cron", "30 4 * * *")
    listing = haitao(env, "schedule", "list").stdout
    assert "crawl us-vitashop" in listing and "1200 s" in listing and "cron: 30 4 * * *" in listing
    assert "paused" in haitao(env, "schedule", "pause", "us-vitashop").stdout
    assert "paused" in haitao(env, "schedule", "list").stdout
    assert "resumed" in haitao(env, "schedule", "resume", "1").stdout
    assert "removed" in haitao(env, "schedule", "remove", "reindex").stdout
    assert "reindex" not in haitao(env, "schedule", "list").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "us-vitashop", "--cron", "0 3 * *"), "cron: a five-field cron expression"),
        (("add", "us-vitashop"), "exactly one of 'cron' or 'every'"),
        (("add", "nope", "--every", "1h"), "unknown store 'nope'"),
        (("pause", "42"), "no schedule '42'"),
    ],
)
def test_schedule_mistakes_are_one_line(env, args, message):
    one_line_error(haitao(env, "schedule", *args, ok=False), message)


def test_a_duplicate_schedule_is_refused_unless_replaced(env):
    haitao(env, "schedule", "add", "us-vitashop", "--every", "1h")
    again = haitao(env, "schedule", "add", "us-vitashop", "--every", "2h", ok=False)
    one_line_error(again, "already exists for crawl us-vitashop")
    haitao(env, "schedule", "add", "us-vitashop", "--every", "2h", "--replace")
    assert "every 7200 s" in haitao(env, "schedule", "list").stdout


def test_run_now_then_list_show_and_cancel(env):
    ran = haitao(env, "run-now", "fr-pharmacie")
    assert "finished" in ran.stdout
    assert "fr-pharmacie" in haitao(env, "runs", "list", "--store", "fr-pharmacie").stdout
    shown = json.loads(haitao(env, "runs", "show", "1", "--json").stdout)
    assert shown["state"] == "finished" and shown["http_status_counts"]["200"] >= 1
    assert shown["log_file"].endswith("run-1.log")
    assert "Spider closed (finished)" in haitao(env, "runs", "show", "1").stdout
    one_line_error(haitao(env, "runs", "cancel", "1", ok=False), "run 1 is finished")
    one_line_error(haitao(env, "runs", "show", "7", ok=False), "no crawl run 7")
    assert "rule" in haitao(env, "runs", "flags").stdout
    overview = haitao(env, "runs", "stores").stdout
    assert "1 finished" in overview and "us-vitashop" in overview


def test_haitao_crawl_refuses_a_store_that_is_being_crawled(env, ops_settings):
    from core import crawl_runs as runs
    from core.db import session_factory
    from core.stores import load_stores
    from crawler.upsert import sync_store

    sessions = session_factory(ops_settings.database_url)
    with sessions.begin() as session:
        sync_store(session, load_stores(ops_settings.stores_file)["us-vitashop"])
    active = runs.claim(sessions, "us-vitashop", trigger="schedule", runner="subprocess")
    result = haitao(env, "crawl", "us-vitashop", "--no-index", ok=False)
    one_line_error(result, f"store 'us-vitashop' is already being crawled (run {active.id}")
