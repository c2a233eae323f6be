"""Rebuild the search index from the catalog database."""

from __future__ import annotations

from haitao.db import session_factory
from haitao.errors import HaitaoError
from haitao.fx import latest_table
from haitao.settings import Settings
from indexer.backends import get_backend
from indexer.build import catalog_documents


def reindex(settings: Settings) -> int:
    """Replace the whole index with documents built from the catalog; return their number."""
    backend = get_backend(settings)
    with session_factory(settings.database_url)() as session:
        rates = latest_table(session)
        if rates is None:
            raise HaitaoError("no exchange rates in the database: run `haitao db upgrade` first")
        return backend.rebuild(catalog_documents(session, rates))
