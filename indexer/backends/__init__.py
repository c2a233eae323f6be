"""Pick the search backend the settings ask for."""

from __future__ import annotations

from haitao.errors import ConfigError
from haitao.settings import Settings
from indexer.backends.base import SearchBackend


def get_backend(settings: Settings) -> SearchBackend:
    """The embedded SQLite FTS5 index unless `ELASTICSEARCH_URL` names a cluster."""
    if settings.elasticsearch_url:
        raise ConfigError(
            f"ELASTICSEARCH_URL is set ({settings.elasticsearch_url}) but the Elasticsearch "
            "backend is not built yet; unset it to use the embedded index"
        )
    from indexer.backends.embedded import EmbeddedBackend

    return EmbeddedBackend(settings.search_path)
