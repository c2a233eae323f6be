"""What a search finds, before its hits become documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple


class Found(NamedTuple):
    """A search's answer, its page's hits as the search's `Loader` made them: `SearchHit`s
    in the searching process, (ranked hit, stored document) pairs in a reader process."""

    hits: list
    total: int
    total_offers: int
    facets: dict[str, list[tuple[str, int]]]
    corrected: str | None = None


# (connection, ranked hits as (key, rowid, offers, stores, min price), the searched text,
# the decoded documents of this generation if any) -> the page's hits, in the same read
# transaction as the search
Loader = Callable[..., list]
