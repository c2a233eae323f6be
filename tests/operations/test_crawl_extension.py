"""How a crawl reports back: the run it closes is judged by the health rules when, and only
when, it runs with the operations settings (what every runner and `haitao crawl` use)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from core.db import session_factory
from operations import health
from tests.conftest import haitao_env, run_haitao
from tests.operations.fakes import add_store


def flags_of(settings, store_id: str) -> list[str]:
    with session_factory(settings.database_url)() as session:
        return [flag.rule for flag in health.flags(session, store_id)]


@pytest.mark.e2e
def test_haitao_crawl_judges_the_run_it_closes(ops_settings, fake_stores):
    add_store(ops_settings, "empty-shop", fake_stores().url)
    env = haitao_env(ops_settings.home, ops_settings.stores_file)
    result = run_haitao("crawl", "empty-shop", "--no-index", "--log-level", "WARNING", env=env)
    assert result.returncode != 0  # nothing scraped: not a clean crawl
    assert flags_of(ops_settings, "empty-shop") == ["nothing_scraped"]


@pytest.mark.e2e
def test_the_crawler_alone_reports_to_nobody(ops_settings, fake_stores):
    """`scrapy crawl` with the crawler's own settings writes its run but judges nothing."""
    add_store(ops_settings, "empty-shop", fake_stores().url)
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.scrapy_settings")
    command = [sys.executable, "-m", "scrapy", "crawl", "shopify", "-a", "store=empty-shop"]
    subprocess.run(command, env=env, capture_output=True, timeout=120, check=False)
    with session_factory(ops_settings.database_url)() as session:
        from core.tables import CrawlRun

        (run,) = session.query(CrawlRun).filter_by(store_id="empty-shop").all()
    assert run.state == "failed" and run.items_scraped == 0
    assert flags_of(ops_settings, "empty-shop") == []
