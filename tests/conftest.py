"""Fixtures shared by the suite: the sample stores, a crawled data directory, the site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from core.db import dispose_engines
from core.settings import Settings
from crawler.samples.assortment import SAMPLE_STORES
from crawler.samples.server import SampleStoreServer
from operations.bootstrap import prepare_database
from tests import databases

# Hypothesis deadlines time the machine, not the code: on a loaded 2-core runner a first call
# that takes 300 ms failed a property that holds. Properties are checked without them.
hypothesis_settings.register_profile("haitao", deadline=None)
hypothesis_settings.load_profile("haitao")

ENV_KEYS = ("HAITAO_HOME", "HAITAO_STORES", "DATABASE_URL", "ELASTICSEARCH_URL", "SECRET_KEY")

# A test touches the database when it uses one of these fixtures, or when its module builds
# data directories or sessions itself: `pytest -m database` runs them (the PostgreSQL pass).
DATABASE_FIXTURES = {
    "crawled", "app", "client", "ops_settings", "settings", "sessions", "shop_settings",
    "shop_app", "shop", "console_app", "operator", "template_database", "affiliate",
}  # fmt: skip
DATABASE_CALLS = (
    "prepare_database", "session_factory", "get_engine", "migrated_sessions", "run_haitao",
    "db.upgrade", "upgrade(",
)  # fmt: skip


def pytest_configure(config) -> None:
    if databases.ON_POSTGRES:
        databases.route_settings_to_postgres()


def pytest_collection_modifyitems(config, items) -> None:
    touches: dict[Path, bool] = {}
    for item in items:
        path = Path(item.fspath)
        if path not in touches:
            source = path.read_text(encoding="utf-8")
            touches[path] = any(call in source for call in DATABASE_CALLS)
        if touches[path] or DATABASE_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.database)


def pytest_sessionfinish(session) -> None:
    databases.drop_all()


@pytest.fixture(autouse=True)
def _own_databases(request):
    """On PostgreSQL: an `empty_database` test gets databases with no schema; the databases of
    the test's own data directories are dropped when it ends."""
    databases._State.empty = request.node.get_closest_marker("empty_database") is not None
    own = databases.ON_POSTGRES and "tmp_path" in request.fixturenames
    folder = request.getfixturevalue("tmp_path") if own else None
    yield
    databases._State.empty = False
    if folder is not None:
        databases.drop_databases_under(folder)


def haitao_env(home: Path, stores_file: Path | None = None) -> dict[str, str]:
    """The environment of a `haitao` process that keeps its data in `home`."""
    env = {key: value for key, value in os.environ.items() if key not in ENV_KEYS}
    env["HAITAO_HOME"] = str(home)
    if stores_file is not None:
        env["HAITAO_STORES"] = str(stores_file)
    if databases.ON_POSTGRES:
        env["DATABASE_URL"] = databases.database_url_for(home)
    return env


def run_haitao(
    *args: str, env: dict[str, str], timeout: float = 240
) -> subprocess.CompletedProcess:
    """Run the real `haitao` command in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def sample_stores():
    """Every sample store, each on an ephemeral port of 127.0.0.1."""
    server = SampleStoreServer(ports={profile.id: 0 for profile in SAMPLE_STORES})
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def crawled(tmp_path_factory, sample_stores) -> Settings:
    """A data directory after `haitao db upgrade`, a real crawl of every sample store, the
    bundled rebate programs and a reindex."""
    home = tmp_path_factory.mktemp("crawled")
    stores_file = home / "stores.yaml"
    sample_stores.write_stores_file(stores_file)
    env = haitao_env(home, stores_file)
    steps = (
        ("db", "upgrade"),
        ("crawl", "--all", "--log-level", "WARNING"),
        ("rebates", "load"),
        ("reindex",),  # so the documents carry the rebate rates just loaded
    )
    for command in steps:
        result = run_haitao(*command, env=env)
        assert result.returncode == 0, result.stderr[-3000:]
    return Settings.from_env(env)


@pytest.fixture(scope="session")
def app(crawled):
    from web import create_app

    app = create_app(crawled, TESTING=True)
    yield app
    app.extensions["haitao.search"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ops_settings(tmp_path, sample_stores, monkeypatch) -> Settings:
    """A migrated data directory; the stores file lists every sample store.

    The environment points at it too: the scheduler's jobs read their settings from there.
    """
    home = tmp_path / "home"
    stores_file = sample_stores.write_stores_file(tmp_path / "stores.yaml")
    for key, value in {"HAITAO_HOME": home, "HAITAO_STORES": stores_file}.items():
        monkeypatch.setenv(key, str(value))
    for key in ("DATABASE_URL", "SCRAPYD_URL", "HAITAO_HEALTH_WEBHOOK", "ELASTICSEARCH_URL"):
        monkeypatch.delenv(key, raising=False)
    settings = Settings.from_env()
    if databases.ON_POSTGRES:  # the crawls it launches run in child processes
        monkeypatch.setenv("DATABASE_URL", settings.database_url)
    prepare_database(settings)
    yield settings
    dispose_engines(settings.database_url)  # or every test leaves its database files open
