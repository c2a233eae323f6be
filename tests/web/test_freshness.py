"""Freshness as pages and the API show it: computed now, with the stores file's schedules."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import yaml

from config import CONFIG_DIR
from core.db import dispose_engines, session_factory
from core.freshness import CRAWL_FAILED, NOT_CONFIRMED, Staleness
from core.settings import Settings
from core.tables import CrawlRun, utcnow
from operations.bootstrap import prepare_database
from tests.alerts.conftest import add_product
from web.freshness import current_freshness, freshness_json


@pytest.fixture
def hourly_app(tmp_path):
    """A site whose stores file crawls us-vitashop hourly (allowed 2 × 1 h + 1 h time limit)."""
    raw = yaml.safe_load((CONFIG_DIR / "stores.yaml").read_text(encoding="utf-8"))
    for entry in raw["stores"]:
        if entry["id"] == "us-vitashop":
            entry["schedule"] = {"every": "1h"}
    stores_file = tmp_path / "stores.yaml"
    stores_file.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    env = {"HAITAO_HOME": str(tmp_path / "home"), "HAITAO_STORES": str(stores_file)}
    settings = Settings.from_env(env | {"SECRET_KEY": "test-secret"})
    prepare_database(settings)
    from web import create_app

    app = create_app(settings, TESTING=True)
    yield app
    app.extensions["haitao.search"].close()
    dispose_engines(settings.database_url)


def test_freshness_json_is_the_apis_three_fields():
    checked = datetime(2026, 12, 1, 8, 30, 15, 123456)
    assert freshness_json(checked, Staleness(True, CRAWL_FAILED)) == {
        "checked_at": "2026-12-01T08:30:15Z",
        "stale": True,
        "stale_reason": "crawl_failed",
    }
    assert freshness_json(checked, Staleness(False)) == {
        "checked_at": "2026-12-01T08:30:15Z",
        "stale": False,
        "stale_reason": None,
    }


def test_current_freshness_allows_each_store_what_its_schedule_does(hourly_app):
    five_hours_ago = utcnow() - timedelta(hours=5)
    with hourly_app.app_context(), hourly_app.extensions["haitao.sessions"]() as session:
        freshness = current_freshness(session)
        hourly = freshness.check("us-vitashop", five_hours_ago)
        daily = freshness.check("jp-rakuichi", five_hours_ago)  # no schedule: 48 h
    assert hourly == Staleness(True, NOT_CONFIRMED, timedelta(hours=3))
    assert daily == Staleness(False, None, timedelta(hours=48))


def test_current_freshness_marks_a_store_whose_last_crawl_failed(hourly_app):
    ended = utcnow().replace(microsecond=0) - timedelta(minutes=10)
    database = hourly_app.extensions["haitao.settings"].database_url
    with session_factory(database).begin() as session:
        add_product(session, store_id="jp-rakuichi", price="5000", currency="JPY")
        session.add(CrawlRun(store_id="jp-rakuichi", state="finished", finished_at=ended))
        session.add(CrawlRun(store_id="jp-rakuichi", state="failed", finished_at=ended))
    with hourly_app.app_context(), hourly_app.extensions["haitao.sessions"]() as session:
        found = current_freshness(session).check("jp-rakuichi", utcnow())
    assert found == Staleness(True, CRAWL_FAILED, timedelta(hours=48), ended)
