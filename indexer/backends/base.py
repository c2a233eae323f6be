"""The one interface every search backend implements."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

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

    def stored_fields(self, ids: Iterable[str], names: Sequence[str]) -> dict[str, dict[str, Any]]:
        """These fields of the stored documents with these ids, valued as
        `indexer.fields.to_json` writes them (Money as [amount, currency], dates in ISO 8601);
        unknown ids are left out. For readers that need what the reindex computed by id
        rather than by search: the alert check reuses the documents' landed costs, and
        decoding only the fields it needs keeps 100,000 of them fast."""

    def status(self) -> IndexStatus:
        """Documents and last rebuild; HaitaoError (one line) when the index is unreachable."""

    def search(self, query: SearchQuery) -> SearchResults: ...

    def generation(self) -> str | None:
        """A token that changes whenever the index's content does (any write, by any process),
        so a reader may cache answers under it; None when the backend cannot tell cheaply,
        and then answers must not be cached."""

    def close(self) -> None:
        """Release connections; the backend may be used again afterwards."""
