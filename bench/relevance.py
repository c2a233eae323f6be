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
import platform
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.indexer.relevance import (
    Scores,
    catalog,
    embedded,
    evaluate,
    judged_queries,
    worst,
)


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
