"""The one interface every search backend implements."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from indexer.documents import SearchDocument
from indexer.query import SearchQuery, SearchResults


class SearchBackend(Protocol):
    name: str

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Replace the whole index with `documents`; readers see the old index until done."""

    def upsert(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents by id; return how many were written."""

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id; return how many were removed."""

    def count(self) -> int: ...

    def search(self, query: SearchQuery) -> SearchResults: ...

    def close(self) -> None:
        """Release connections; the backend may be used again afterwards."""
