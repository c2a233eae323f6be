"""Judged relevance: recall@20 and nDCG@10 of the judged query set, per language and backend.

    python bench/relevance.py                  # embedded and Elasticsearch (osmem-server)
    python bench/relevance.py --products 40 --backends embedded
    python bench/relevance.py --record         # also append the table to bench/RESULTS.md

The catalog is every sample store's (`--products` each, titled in its own language); each
generated product knows its kind, so the relevant products of a query are exactly the
products of the kinds `bench/relevance_queries.yaml` names for it, in every store. Results
are product groups (one hit per product), so judgments are per group. Figures:
- recall@20: relevant groups in the first 20 hits, over min(20, relevant groups);
- recall: relevant groups among everything the query matches, over relevant groups (does
  the query reach every store's language at all?);
- nDCG@10: binary gains, the ideal ranking puts min(10, relevant) relevant groups first.
The Elasticsearch figures come from osmem-server, a functional stand-in: they say what the
query does, not how fast (never benchmark osmem).
"""

from __future__ import annotations

import argparse
import math
import platform
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.search import _variant_docs
from crawler.samples.assortment import SAMPLE_STORES, generate_catalog
from indexer.concepts import LANGUAGES, document_concepts
from indexer.documents import SearchDocument
from indexer.query import SearchQuery

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
    """Every sample store's documents, tagged with concepts, and each group's product kind."""
    docs: list[SearchDocument] = []
    kinds: dict[str, str] = {}
    for profile in SAMPLE_STORES:
        for product in generate_catalog(profile, products=products, seed=seed):
            for doc in _variant_docs(profile, product):
                concepts = document_concepts(doc.title, doc.category, doc.brand)
                docs.append(replace(doc, concepts=concepts))
                kinds[doc.group_key] = product.kind
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


@contextmanager
def elasticsearch() -> Iterator[object]:
    """The Elasticsearch backend against a private osmem-server on a free loopback port."""
    from osmem_server import OsmemServer

    from indexer.backends.elasticsearch import ElasticsearchBackend
    from tests.indexer.es_compat import JsonCompatNode

    server = OsmemServer.start(addr="127.0.0.1:0")
    try:
        backend = ElasticsearchBackend(server.url, index="relevance", node_class=JsonCompatNode)
        try:
            yield backend
        finally:
            backend.close()
    finally:
        server.close()
        if server.process.stdout is not None:
            server.process.stdout.close()


BACKENDS = {"embedded": embedded, "elasticsearch": elasticsearch}


def table(results: dict[str, dict[str, Scores]]) -> list[str]:
    lines = [
        "| backend | language | recall@20 | recall (all matches) | nDCG@10 |",
        "|---|---|---|---|---|",
    ]
    for name, means in results.items():
        for language, s in means.items():
            lines.append(
                f"| {name} | {language} | {s.recall_at_20:.3f} | {s.recall:.3f}"
                f" | {s.ndcg_at_10:.3f} |"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=40, help="per sample store")
    parser.add_argument("--backends", nargs="+", default=list(BACKENDS), choices=BACKENDS)
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    args = parser.parse_args()
    queries = judged_queries()
    docs, kinds = catalog(args.products)
    print(f"{len(docs)} documents, {len(set(kinds))} groups, {len(queries)} judged queries")
    results = {}
    for name in args.backends:
        with BACKENDS[name]() as backend:
            backend.rebuild(docs)
            results[name] = evaluate(backend, kinds, queries)
            for s, q in worst(backend, kinds, queries):
                print(f"  {name} weakest: {q.language} {q.text!r} {s}")
    lines = table(results)
    print("\n".join(lines))
    if args.record:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        head = f"\n### relevance: {args.products} products/store, {stamp}, {platform.node()}\n"
        with Path(__file__).with_name("RESULTS.md").open("a", encoding="utf-8") as out:
            out.write(head + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
