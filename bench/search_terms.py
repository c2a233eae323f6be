"""What issue 17's index-time additions cost: concept tags and the typo dictionary.

    python bench/search_terms.py               # 20k documents, 3 rounds
    python bench/search_terms.py --docs 100000 --rounds 2

Concept tagging (`indexer.concepts.document_concepts`) runs once per document in
`indexer/build.py`: its CPU time per document is measured over the sample stores' titles.
The typo dictionary is filed by the embedded writer on every write
(`indexer/backends/embedded/terms.py`): rebuilds of the same documents with and without it,
alternated in one run, give its share of a rebuild (CPU time of this process, and wall).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.backends.embedded import EmbeddedBackend, terms
from indexer.concepts import document_concepts
from tests.indexer.relevance import catalog


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    per_store = max(1, args.docs // 12 * 5 // 6)
    docs = catalog(per_store)[0][: args.docs]
    print(f"{len(docs)} documents; load average {os.getloadavg()[0]:.2f}")
    start = time.process_time()
    for doc in docs:
        document_concepts(doc.title, doc.category, doc.brand)
    tag_us = (time.process_time() - start) / len(docs) * 1e6
    print(f"concept tags: {tag_us:.1f} µs CPU per document")
    with_terms, without = [], []
    with tempfile.TemporaryDirectory() as folder:
        backend = EmbeddedBackend(Path(folder) / "search.sqlite", writer_from=None)
        docs = [replace(d) for d in docs]
        for _ in range(args.rounds):
            with_terms.append(_rebuild(backend, docs))
            with mock.patch.object(terms, "remember", lambda conn, titles: None):
                without.append(_rebuild(backend, docs))
        backend.close()
    for label, runs in (("with the typo dictionary", with_terms), ("without", without)):
        cpu = statistics.median(c for c, _ in runs)
        wall = statistics.median(w for _, w in runs)
        rate = len(docs) / wall
        print(f"rebuild {label:25} CPU {cpu:.2f} s  wall {wall:.2f} s  ({rate:,.0f} docs/s)")


def _rebuild(backend: EmbeddedBackend, docs) -> tuple[float, float]:
    start, start_cpu = time.perf_counter(), time.process_time()
    backend.rebuild(docs)
    return time.process_time() - start_cpu, time.perf_counter() - start


if __name__ == "__main__":
    main()
