"""The shopper's site over a copy of the crawled catalog whose buy links go straight to the
sample stores (as in `haitao demo`), with the message catalogs compiled."""

from __future__ import annotations

import shutil

import pytest

from core.catalogs import compile_catalogs
from core.db import session_factory
from core.settings import Settings
from rebates.buy_links import direct_to_stores
from tests.databases import clone_data


@pytest.fixture(scope="session", autouse=True)
def message_catalogs():
    """The compiled Chinese catalog, as `make` builds it."""
    compile_catalogs()


@pytest.fixture(scope="session")
def shop_settings(crawled, tmp_path_factory) -> Settings:
    """A copy of the crawled data directory; clicks there never touch the shared one."""
    home = tmp_path_factory.mktemp("shop")
    env = clone_data(crawled, home)  # the catalog and its search index, WAL included
    if (crawled.home / "secret_key").exists():
        shutil.copy2(crawled.home / "secret_key", home / "secret_key")
    env["HAITAO_STORES"] = str(crawled.stores_file)
    settings = Settings.from_env(env)
    with session_factory(settings.database_url).begin() as session:
        direct_to_stores(session)
    return settings


@pytest.fixture(scope="session")
def shop_app(shop_settings):
    from web import create_app

    app = create_app(shop_settings, TESTING=True)
    yield app
    app.extensions["haitao.search"].close()


@pytest.fixture
def shop(shop_app):
    """A test client with an English browser."""
    return shop_app.test_client()
