"""Pick the search backend the settings ask for."""

from __future__ import annotations

from core.settings import Settings
from indexer.backends.base import SearchBackend


def get_backend(settings: Settings) -> SearchBackend:
    """The embedded SQLite FTS5 index unless `ELASTICSEARCH_URL` names a cluster."""
    if settings.elasticsearch_url:
        from indexer.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(settings.elasticsearch_url)
    from indexer.backends.embedded import EmbeddedBackend

    return EmbeddedBackend(settings.search_path)
