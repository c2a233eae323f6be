"""Settings come from the environment, with defaults that work when nothing is set."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from config import CONFIG_DIR
from core.errors import ConfigError
from core.settings import Settings


def test_defaults_put_everything_under_var(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({})
    assert settings.home == (tmp_path / "var").resolve()
    assert settings.database_url == f"sqlite:///{settings.home / 'haitao.sqlite'}"
    assert settings.elasticsearch_url is None
    assert settings.stores_file == CONFIG_DIR / "stores.yaml"
    assert not settings.home.exists()  # nothing is created until it is needed


def test_the_environment_overrides_each_default(tmp_path):
    env = {
        "HAITAO_HOME": str(tmp_path / "h"),
        "DATABASE_URL": "postgresql://db/haitao",
        "ELASTICSEARCH_URL": "http://127.0.0.1:9200",
        "HAITAO_STORES": str(tmp_path / "s.yaml"),
        "SECRET_KEY": "k",
    }
    settings = Settings.from_env(env)
    assert settings.home == tmp_path / "h"
    assert settings.database_url == "postgresql://db/haitao"
    assert settings.elasticsearch_url == "http://127.0.0.1:9200"
    assert settings.stores_file == Path(tmp_path / "s.yaml")
    assert settings.secret_key() == "k"


def test_the_embedded_index_shares_a_sqlite_catalog_file_and_not_a_server_database(tmp_path):
    sqlite = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    assert sqlite.search_path == tmp_path / "haitao.sqlite"
    server = Settings.from_env({"HAITAO_HOME": str(tmp_path), "DATABASE_URL": "postgresql://x/y"})
    assert server.search_path == tmp_path / "search.sqlite"


def test_a_generated_secret_key_is_kept_private_and_reused(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path / "home")})
    key = settings.secret_key()
    assert len(key) == 64
    assert settings.secret_key() == key
    mode = (tmp_path / "home" / "secret_key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_search_readers_are_a_whole_number_or_left_to_the_caller(tmp_path):
    assert Settings.from_env({}).search_readers is None
    assert Settings.from_env({"HAITAO_SEARCH_READERS": "3"}).search_readers == 3
    assert Settings.from_env({"HAITAO_SEARCH_READERS": " 0 "}).search_readers == 0
    for bad in ("two", "-1", "1.5"):
        with pytest.raises(ConfigError, match="HAITAO_SEARCH_READERS must be a whole number"):
            Settings.from_env({"HAITAO_SEARCH_READERS": bad})
