"""Pick the search backend the settings ask for."""

from __future__ import annotations

from typing import Literal

from core.errors import ConfigError
from core.settings import Settings
from indexer.backends.base import SearchBackend

Kind = Literal["embedded", "elasticsearch"]


def get_backend(settings: Settings, kind: Kind | None = None) -> SearchBackend:
    """The embedded SQLite FTS5 index unless `ELASTICSEARCH_URL` names a cluster; `kind`
    asks for one of the two whatever the settings prefer (the ops console shows both)."""
    kind = kind or ("elasticsearch" if settings.elasticsearch_url else "embedded")
    if kind == "elasticsearch":
        if not settings.elasticsearch_url:
            raise ConfigError("the Elasticsearch backend needs ELASTICSEARCH_URL")
        from indexer.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(settings.elasticsearch_url)
    from indexer.backends.embedded import EmbeddedBackend

    return EmbeddedBackend(settings.search_path, readers=settings.search_readers or 0)
