"""What a shopper asks the search backend, and what it answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from indexer.documents import SearchDocument

Sort = Literal["relevance", "price_asc", "price_desc", "newest"]
SORTS: tuple[Sort, ...] = ("relevance", "price_asc", "price_desc", "newest")
FACETS = ("store_id", "brand", "category")


@dataclass(frozen=True)
class SearchQuery:
    """Free text plus filters. Empty `text` lists everything that matches the filters."""

    text: str = ""
    stores: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    in_stock: bool = False
    sort: Sort = "relevance"
    page: int = 1
    size: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


@dataclass(frozen=True)
class SearchHit:
    document: SearchDocument
    # The title as HTML-escaped text with the matched words wrapped in <mark>…</mark>.
    highlighted_title: str
    score: float


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
