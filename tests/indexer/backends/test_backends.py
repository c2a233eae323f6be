"""Which search backend the settings pick: the embedded index unless a cluster is named."""

from __future__ import annotations

import pytest

from core.errors import ConfigError
from core.settings import Settings
from indexer.backends import get_backend


def settings(tmp_path, **env) -> Settings:
    return Settings.from_env({"HAITAO_HOME": str(tmp_path), **env})


def test_without_a_cluster_it_is_the_embedded_index_beside_the_catalog(tmp_path):
    backend = get_backend(settings(tmp_path))
    try:
        assert backend.name == "embedded"
    finally:
        backend.close()


def test_a_cluster_url_picks_elasticsearch_and_embedded_can_still_be_asked_for(tmp_path):
    configured = settings(tmp_path, ELASTICSEARCH_URL="http://127.0.0.1:9")
    cluster = get_backend(configured)
    embedded = get_backend(configured, "embedded")
    try:
        assert (cluster.name, embedded.name) == ("elasticsearch", "embedded")
    finally:
        cluster.close()
        embedded.close()


def test_asking_for_elasticsearch_without_a_url_is_a_config_error_naming_the_setting(tmp_path):
    with pytest.raises(ConfigError, match="ELASTICSEARCH_URL"):
        get_backend(settings(tmp_path), "elasticsearch")
