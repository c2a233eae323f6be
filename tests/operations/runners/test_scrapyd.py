"""The Scrapyd runner against a real Scrapyd on 127.0.0.1: deploy the egg, crawl, cancel."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import requests

from core import crawl_runs as runs
from core.db import session_factory
from operations.launch import run_now
from operations.runners import get_runner
from operations.runners.scrapyd import ScrapydError, ScrapydRunner, build_egg
from tests.operations.fakes import FAST, add_store, in_thread, running, wait_for

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scrapyd_conf(folder: Path, port: int) -> str:
    return "\n".join(
        [
            "[scrapyd]",
            "bind_address = 127.0.0.1",
            f"http_port = {port}",
            f"eggs_dir = {folder / 'eggs'}",
            f"logs_dir = {folder / 'logs'}",
            f"dbs_dir = {folder / 'dbs'}",
            "poll_interval = 0.2",
            "max_proc = 2",
            "",
        ]
    )


@pytest.fixture
def scrapyd(tmp_path, ops_settings):
    """A Scrapyd node whose crawls see the test's database and stores file."""
    folder = tmp_path / "scrapyd"
    folder.mkdir()
    port = free_port()
    (folder / "scrapyd.conf").write_text(scrapyd_conf(folder, port))
    log = (folder / "scrapyd.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"],
        cwd=folder,
        env=dict(os.environ),  # HAITAO_HOME and HAITAO_STORES point at ops_settings
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(url), timeout=30)
        yield url
    finally:
        process.terminate()
        process.wait(15)
        log.close()


def _answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/daemonstatus.json", timeout=2).json()["status"] == "ok"
    except (requests.RequestException, ValueError):
        return False


def test_scrapyd_url_picks_the_scrapyd_runner(ops_settings):
    runner = get_runner(ops_settings, {"SCRAPYD_URL": "http://127.0.0.1:1/, http://127.0.0.1:2"})
    assert isinstance(runner, ScrapydRunner)
    assert runner.urls == ["http://127.0.0.1:1", "http://127.0.0.1:2"]
    assert get_runner(ops_settings, {}).name == "subprocess"


def test_the_egg_names_the_settings_module_and_carries_the_packages():
    import io
    import zipfile

    version, data = build_egg()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "EGG-INFO/entry_points.txt" in names
    assert "crawler/scrapy_settings.py" in names and "operations/crawl_settings.py" in names
    assert not any("__pycache__" in name for name in names)
    assert build_egg()[0] == version


def test_a_crawl_runs_through_scrapyd(ops_settings, scrapyd, sample_stores):
    run = run_now(ops_settings, "kr-beautymall", runner=ScrapydRunner([scrapyd]), watch=FAST)
    assert run.state == "finished", run.error
    assert run.runner == "scrapyd"
    assert run.items_scraped == len(sample_stores.catalog("kr-beautymall"))
    assert run.job_id == f"haitao-run-{run.id}"
    with urllib.request.urlopen(run.log_file, timeout=10) as response:
        assert "Spider closed (finished)" in response.read().decode()


def test_cancel_reaches_a_crawl_on_scrapyd(ops_settings, scrapyd, fake_stores):
    add_store(ops_settings, "stuck-shop", fake_stores(hang=True).url)
    runner = ScrapydRunner([scrapyd])
    box = in_thread(lambda: run_now(ops_settings, "stuck-shop", runner=runner, watch=FAST))
    active = wait_for(lambda: running(ops_settings, "stuck-shop"))
    runs.request_cancel(session_factory(ops_settings.database_url), active.id)
    box["thread"].join(60)
    assert box["result"].state == "cancelled"


def test_an_unreachable_node_is_one_clear_error(ops_settings):
    with pytest.raises(ScrapydError, match=r"Scrapyd http://127.0.0.1:9/daemonstatus.json"):
        run_now(ops_settings, "us-vitashop", runner=ScrapydRunner(["http://127.0.0.1:9"]))
