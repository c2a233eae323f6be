"""Rebuild the search index from the catalog database."""

from __future__ import annotations

from haitao.db import session_factory
from haitao.errors import HaitaoError
from haitao.fx import latest_table
from haitao.settings import Settings
from indexer.backends import get_backend
from indexer.backends.base import SearchBackend
from indexer.build import catalog_documents


def reindex(settings: Settings, backend: SearchBackend | None = None) -> int:
    """Replace the whole index with documents built from the catalog; return their number.

    `backend` defaults to the one the settings name (and is then closed when done).
    """
    if backend is None:
        backend = get_backend(settings)
        try:
            return reindex(settings, backend)
        finally:
            backend.close()
    with session_factory(settings.database_url)() as session:
        rates = latest_table(session)
        if rates is None:
            raise HaitaoError("no exchange rates in the database: run `haitao db upgrade` first")
        return backend.rebuild(catalog_documents(session, rates))
