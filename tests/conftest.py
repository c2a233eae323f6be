"""Fixtures shared by the suite: the sample stores, a crawled data directory, the site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.db import dispose_engines
from core.settings import Settings
from crawler.samples.assortment import SAMPLE_STORES
from crawler.samples.server import SampleStoreServer
from operations.bootstrap import prepare_database

ENV_KEYS = ("HAITAO_HOME", "HAITAO_STORES", "DATABASE_URL", "ELASTICSEARCH_URL", "SECRET_KEY")


def haitao_env(home: Path, stores_file: Path | None = None) -> dict[str, str]:
    """The environment of a `haitao` process that keeps its data in `home`."""
    env = {key: value for key, value in os.environ.items() if key not in ENV_KEYS}
    env["HAITAO_HOME"] = str(home)
    if stores_file is not None:
        env["HAITAO_STORES"] = str(stores_file)
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
    prepare_database(settings)
    yield settings
    dispose_engines(settings.database_url)  # or every test leaves its database files open
