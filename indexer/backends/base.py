"""The one interface every search backend implements."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from indexer.documents import SearchDocument
from indexer.query import SearchQuery, SearchResults


@dataclass(frozen=True)
class IndexStatus:
    """What an operator wants to know about an index: size, when it was last rebuilt, and
    backend details (the embedded generation, the Elasticsearch alias and its index)."""

    backend: str
    documents: int
    last_reindex: datetime | None
    details: dict[str, str] = field(default_factory=dict)


class SearchBackend(Protocol):
    name: str

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Replace the whole index with `documents`; readers see the old index until done."""

    def upsert(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents by id; return how many were written."""

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id; return how many were removed."""

    def count(self) -> int: ...

    def status(self) -> IndexStatus:
        """Documents and last rebuild; HaitaoError (one line) when the index is unreachable."""

    def search(self, query: SearchQuery) -> SearchResults: ...

    def generation(self) -> str | None:
        """A token that changes whenever the index's content does (any write, by any process),
        so a reader may cache answers under it; None when the backend cannot tell cheaply,
        and then answers must not be cached."""

    def close(self) -> None:
        """Release connections; the backend may be used again afterwards."""
