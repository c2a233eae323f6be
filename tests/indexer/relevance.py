"""The judged query set and how to score a backend against it (`bench/relevance.py`,
`tests/indexer/test_relevance.py`).

Each generated sample product knows its kind; a query's relevant products are exactly those
of the kinds `relevance_queries.yaml` names for it, in every store and language.
"""

from __future__ import annotations

import math
import statistics
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from indexer.concepts import LANGUAGES
from indexer.documents import SearchDocument
from indexer.query import SearchQuery
from operations.sample_documents import sample_documents

QUERIES = Path(__file__).with_name("relevance_queries.yaml")
RECALL_AT, NDCG_AT, EVERYTHING = 20, 10, 10_000
TARGET = 0.9


@dataclass(frozen=True)
class Judged:
    language: str
    text: str
    kinds: frozenset[str]


@dataclass(frozen=True, slots=True)
class Scores:
    recall_at_20: float
    recall: float
    ndcg_at_10: float


def judged_queries(path: Path = QUERIES) -> list[Judged]:
    data = yaml.safe_load(path.read_text("utf-8"))["queries"]
    return [
        Judged(language, text, frozenset(kinds))
        for language in LANGUAGES
        for text, kinds in data[language].items()
    ]


def catalog(products: int, seed: int = 2026) -> tuple[list[SearchDocument], dict[str, str]]:
    """Every sample store's documents (`operations.sample_documents`: one per variant, tagged
    with concepts as the indexer tags them) and each product group's kind."""
    docs: list[SearchDocument] = []
    kinds: dict[str, str] = {}
    for doc, kind in sample_documents(products, seed):
        docs.append(doc)
        kinds[doc.group_key] = kind
    return docs, kinds


def score(search: Callable[[SearchQuery], list[str]], judged: Judged, kinds: dict) -> Scores:
    """The figures of one query; `search` returns the group keys of the hits, in order."""
    relevant = {group for group, kind in kinds.items() if kind in judged.kinds}
    if not relevant:
        raise ValueError(f"no product answers {judged.text!r}: a larger catalog is needed")
    everything = search(SearchQuery(text=judged.text, size=EVERYTHING))
    top = everything[:RECALL_AT]
    gains = [1.0 if group in relevant else 0.0 for group in top[:NDCG_AT]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(NDCG_AT, len(relevant))))
    return Scores(
        recall_at_20=len(relevant.intersection(top)) / min(RECALL_AT, len(relevant)),
        recall=len(relevant.intersection(everything)) / len(relevant),
        ndcg_at_10=dcg / ideal,
    )


def evaluate(backend, kinds: dict[str, str], queries: list[Judged]) -> dict[str, Scores]:
    """Mean figures per language (and "all") of the judged queries on a loaded backend."""

    def search(query: SearchQuery) -> list[str]:
        return [hit.document.group_key for hit in backend.search(query).hits]

    per_query = {q: score(search, q, kinds) for q in queries}
    means = {}
    for language in (*LANGUAGES, "all"):
        scores = [s for q, s in per_query.items() if language in ("all", q.language)]
        means[language] = Scores(
            *(statistics.fmean(getattr(s, f) for s in scores) for f in Scores.__slots__)
        )
    return means


def worst(backend, kinds: dict[str, str], queries: list[Judged], count: int = 5) -> list:
    def search(query: SearchQuery) -> list[str]:
        return [hit.document.group_key for hit in backend.search(query).hits]

    scored = [(score(search, q, kinds), q) for q in queries]
    scored.sort(key=lambda pair: (pair[0].recall_at_20, pair[0].ndcg_at_10))
    return scored[:count]


@contextmanager
def embedded() -> Iterator[object]:
    from indexer.backends.embedded import EmbeddedBackend

    with tempfile.TemporaryDirectory() as folder:
        backend = EmbeddedBackend(Path(folder) / "search.sqlite")
        try:
            yield backend
        finally:
            backend.close()
