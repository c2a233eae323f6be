"""`get_runner` picks Scrapyd when SCRAPYD_URL names nodes, else a subprocess here."""

from __future__ import annotations

from core.settings import Settings
from operations.runners import get_runner


def test_no_scrapyd_url_means_a_local_subprocess(tmp_path):
    runner = get_runner(Settings.from_env({"HAITAO_HOME": str(tmp_path)}), environ={})
    assert runner.name == "subprocess"


def test_scrapyd_urls_are_split_and_trimmed(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    runner = get_runner(settings, environ={"SCRAPYD_URL": " http://a:6800/ , http://b:6800,"})
    assert runner.name == "scrapyd"
    assert runner.urls == ["http://a:6800", "http://b:6800"]
