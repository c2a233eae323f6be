"""How often a crawl stamps its run row: the Scrapy setting, else the environment, else 5 s.

The stamping itself, and cancelling through it, runs inside real crawls
(tests/web/ops/test_runs.py cancels one); the stamp's rules are tested in
tests/core/test_crawl_runs.py."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from crawler.pipelines.heartbeat import interval


@pytest.mark.parametrize(
    ("setting", "env", "seconds"),
    [(None, None, 5.0), (None, "0.5", 0.5), ("2", "0.5", 2.0), ("2", None, 2.0), (None, "", 5.0)],
)
def test_interval(monkeypatch, setting, env, seconds):
    if env is None:
        monkeypatch.delenv("HAITAO_HEARTBEAT_SECONDS", raising=False)
    else:
        monkeypatch.setenv("HAITAO_HEARTBEAT_SECONDS", env)
    settings = Settings({"HAITAO_HEARTBEAT_SECONDS": setting} if setting else {})
    assert interval(settings) == seconds
