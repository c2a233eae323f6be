"""The subprocess runner's command line: the crawl's spider, its store, its settings module."""

from __future__ import annotations

import sys

from config import CONFIG_DIR
from core.settings import Settings
from core.stores import load_stores
from operations.runners.base import CRAWL_SETTINGS_MODULE, crawl_settings, spider_name
from operations.runners.local import SubprocessRunner


def test_a_crawl_runs_scrapy_with_the_operations_settings_and_its_own_log(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path / "home")})
    store = load_stores(CONFIG_DIR / "stores.yaml")["jp-denki"]
    runner = SubprocessRunner(settings)
    command = runner.command(41, store, 600)
    assert command[:4] == [sys.executable, "-m", "scrapy", "crawl"]
    assert command[4] == spider_name(store) == "xml_feed"
    assert "store=jp-denki" in command
    assert "HAITAO_RUN_ID=41" in command and "CLOSESPIDER_TIMEOUT=600" in command
    env = runner.environment()
    assert env["SCRAPY_SETTINGS_MODULE"] == CRAWL_SETTINGS_MODULE == "operations.crawl_settings"
    assert env["HAITAO_HOME"] == str(settings.home)
    assert runner.log_path(41, store) == settings.home / "logs" / "jp-denki" / "run-41.log"


def test_every_runner_passes_the_claimed_run_and_the_time_limit():
    assert crawl_settings(7, 30) == {"HAITAO_RUN_ID": "7", "CLOSESPIDER_TIMEOUT": "30"}
