"""A real crawl over 127.0.0.1 whose feed reading holds the reactor for many heartbeat
intervals (as a million-product feed does for over half a minute) keeps its run row's
heartbeat fresh all along, and an operator's cancel, asked meanwhile, still stops it."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from core import crawl_runs as runs
from core.tables import utcnow
from tests.crawler import crawls

pytestmark = [pytest.mark.e2e, pytest.mark.database]  # the PostgreSQL pass too: a second connection

ROOT = Path(__file__).resolve().parents[2]
BEAT = 0.2  # seconds between heartbeats
HOLD = 5.0  # seconds the feed reading holds the reactor: 25 heartbeats


def test_a_crawl_reading_a_feed_keeps_its_heartbeat_and_can_be_cancelled(tmp_path, format_stores):
    env = crawls.prepare_home(tmp_path, format_stores)
    marks = tmp_path / "marks"
    marks.mkdir()
    env |= {"HAITAO_HEARTBEAT_SECONDS": str(BEAT), "SLOW_FEED_SECONDS": str(HOLD),
            "SLOW_FEED_MARKS": str(marks)}  # fmt: skip
    crawl = subprocess.Popen(
        [sys.executable, "-m", "tests.crawler.slow_feed", "jp-denki"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for_file(marks / "reading", crawl)
        run_id = crawls.latest_run(env, "jp-denki").id
        started, ages, stamps, cancelled = time.monotonic(), [], set(), False
        while not (marks / "read").exists():
            run = crawls.latest_run(env, "jp-denki")
            ages.append(utcnow() - run.heartbeat_at)
            stamps.add(run.heartbeat_at)
            if not cancelled and time.monotonic() - started > HOLD / 2:
                runs.request_cancel(crawls.sessions(env), run_id)
                cancelled = True
            time.sleep(0.05)
        _, stderr = crawl.communicate(timeout=120)
    finally:
        crawl.kill()
    held = time.monotonic() - started
    assert held > HOLD * 0.8 and cancelled
    # Stamped all along (a reactor timer would not have stamped once in those 5 s).
    assert max(ages) < timedelta(seconds=2), (max(ages), stderr[-3000:])
    assert len(stamps) > held / BEAT / 3
    run = crawls.latest_run(env, "jp-denki")
    assert (run.id, run.state, run.finish_reason) == (run_id, "cancelled", "cancelled")
    assert crawl.returncode == 0, stderr[-3000:]


def wait_for_file(path: Path, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(process.stderr.read()[-3000:])
        assert time.monotonic() < deadline, f"no {path.name} after {timeout} s"
        time.sleep(0.05)
