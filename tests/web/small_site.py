"""A small site for tests of one web module: a migrated data directory, a few search
documents (tests/indexer/search_fixtures.py) and no crawl. A module takes the fixtures with
`small_settings = small_site.small_settings` (and the same for small_app, small_client);
they are named apart from the crawled site's `app` and `client` (tests/conftest.py)."""

from __future__ import annotations

import pytest

from core.settings import Settings
from operations.bootstrap import prepare_database
from tests.indexer.search_fixtures import documents


@pytest.fixture
def small_settings(tmp_path) -> Settings:
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path), "SECRET_KEY": "test-secret"})
    prepare_database(settings)
    return settings


@pytest.fixture
def small_app(small_settings):
    from web import create_app

    app = create_app(small_settings, TESTING=True, SERVER_NAME="haitao.test")
    app.extensions["haitao.search"].rebuild(documents())
    yield app
    app.extensions["haitao.search"].close()


@pytest.fixture
def small_client(small_app):
    return small_app.test_client()
