"""Search benchmark: index speed and query latency of the embedded backend (and Elasticsearch).

    python bench/search.py                     # 100k and 1M documents
    python bench/search.py --docs 20000        # a quick run
    python bench/search.py --record            # also append the table to bench/RESULTS.md

Documents come from the sample stores' generator (real multilingual titles and descriptions,
shared GTINs); each size is rebuilt `--repeat` times (median reported; the embedded backend
also once more per repeat with its writer process off, for the ratio);
queries are a fixed mix of what shoppers type — one word or several, in six languages, with
two filters, all facets, and the delivered-cost sort. Latency is measured per query with 1, 4
and 16 client threads sharing the backend, after one warm-up pass over the mix; the slowest
query of that first pass (which loads the embedded backend's in-memory columns after an index
change) is reported on its own. With HAITAO_BENCH_ES_URL set, the same run measures
that Elasticsearch cluster side by side. Never point it at osmem-server: it is a stand-in.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.field_values import gtin14, plain_text
from crawler.samples.assortment import FX_PER_USD, SAMPLE_STORES, generate_catalog
from indexer.build import group_key
from indexer.documents import DESTINATIONS, SearchDocument
from indexer.query import SearchQuery
from pricing.money import Money

WORDS = [
    "formula", "infant formula stage", "Feuchtigkeitscreme", "保湿", "保湿クリーム", "분유",
    "무선 이어폰", "无线耳机", "奶粉", "vitamin c", "crème hydratante", "wireless earbuds",
    "ビタミン", "cashmere scarf", "Kopfhörer", "serum", "lait infantile", "캐시미어",
]  # fmt: skip
FILTER_PAIRS = [
    {"in_stock": True, "direct_only": True},
    {"store_countries": ("JP", "KR"), "in_stock": True},
    {"has_rebate": True, "landed_max": Decimal("150")},
    {"in_stock": True, "landed_max": Decimal("80")},
]
CLIENTS = (1, 4, 16)
USD_PER_EUR = Decimal("1.158")


def documents(total: int, seed: int = 2026) -> list[SearchDocument]:
    """About `total` documents: the sample stores scaled up, one document per variant."""
    per_store = max(1, total // len(SAMPLE_STORES) * 5 // 6)  # ~1.2 variants per product
    docs: list[SearchDocument] = []
    for profile in SAMPLE_STORES:
        for product in generate_catalog(profile, products=per_store, seed=seed):
            docs.extend(_variant_docs(profile, product))
    return docs[:total]


_plain_text = cache(plain_text)  # the generator repeats descriptions; the crawl would not


def _variant_docs(profile, product) -> list[SearchDocument]:
    rng = random.Random(f"{profile.id}:{product.id}")
    docs = []
    for variant in product.variants:
        pivot = variant.price / FX_PER_USD[profile.currency] / USD_PER_EUR
        gtin = gtin14(variant.gtin)
        docs.append(
            SearchDocument(
                id=f"{profile.id}:{product.id}:{variant.id}",
                store_id=profile.id,
                store_name=profile.name,
                store_country=profile.country,
                title=product.title,
                brand=product.vendor,
                category=product.product_type,
                description=_plain_text(product.body_html),
                gtin=gtin,
                group_key=group_key(gtin, product.vendor, product.title),
                price=Money(variant.price, profile.currency),
                was_price=None,
                price_pivot=Money(pivot, "EUR"),
                available=variant.available,
                url="",
                image_url=None,
                language=profile.language,
                checked_at=datetime(2026, 11, 1, tzinfo=UTC),
                fx_as_of=date(2026, 10, 30),
                fx_source="bench",
                landed={
                    d: Money(pivot * Decimal("1.2") + rng.randint(3, 30), "EUR")
                    for d in DESTINATIONS
                },
                direct_to=tuple(d for d in DESTINATIONS if rng.random() < 0.4),
                rebate_rate=Decimal("0.05") if rng.random() < 0.3 else None,
                price_drop=Decimal(rng.randint(0, 30)) / 100,
            )
        )
    return docs


def queries(count: int = 200, seed: int = 7) -> list[SearchQuery]:
    rng = random.Random(seed)
    return [
        SearchQuery(
            text=rng.choice(WORDS),
            destination=rng.choice(("CN", "US", "DE", "JP")),
            sort="landed_asc",
            **rng.choice(FILTER_PAIRS),
        )
        for _ in range(count)
    ]


def time_index(backend, docs: list[SearchDocument], repeat: int) -> list[float]:
    """Documents per second of `repeat` full rebuilds."""
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        backend.rebuild(docs)
        rates.append(len(docs) / (time.perf_counter() - start))
    return rates


def time_cold(backend, mix: list[SearchQuery]) -> float:
    """The slowest query (ms) of the mix's first pass after an index change.

    That pass loads the embedded backend's in-memory columns; the latency figures are
    measured after it, in the steady state.
    """
    slowest = 0.0
    for query in mix:
        begin = time.perf_counter()
        backend.search(query)
        slowest = max(slowest, time.perf_counter() - begin)
    return slowest * 1000


def time_queries(backend, mix: list[SearchQuery], clients: int) -> tuple[float, float, float]:
    """p50 and p99 latency in ms, and queries per second, with `clients` threads."""
    latencies: list[float] = []
    lock = threading.Lock()

    def client(share: list[SearchQuery]) -> None:
        mine = []
        for query in share:
            start = time.perf_counter()
            backend.search(query)
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(mine)

    for query in mix:  # steady state: caches warm, in-memory columns loaded
        backend.search(query)
    work = mix * max(1, clients // 4)
    threads = [threading.Thread(target=client, args=(work[i::clients],)) for i in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    cuts = statistics.quantiles(latencies, n=100)
    return statistics.median(latencies), cuts[98], len(latencies) / elapsed


def backends(workdir: Path):
    from indexer.backends.embedded import EmbeddedBackend

    yield "embedded", EmbeddedBackend(workdir / "search.sqlite")
    if url := os.environ.get("HAITAO_BENCH_ES_URL"):
        from indexer.backends.elasticsearch import ElasticsearchBackend

        yield "elasticsearch", ElasticsearchBackend(url, index="haitao-bench")


def run(sizes: list[int], repeat: int) -> list[str]:
    rows = [
        "| backend | documents | index docs/s | clients | p50 ms | p99 ms | queries/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    print("\n".join(rows), flush=True)
    mix = queries()
    notes: list[str] = []
    for size in sizes:
        docs = documents(size)
        with tempfile.TemporaryDirectory() as workdir:
            for name, backend in backends(Path(workdir)):
                rates = time_index(backend, docs, repeat)
                rate = statistics.median(rates)
                notes.append(f"- {name}, {len(docs):,} documents: index docs/s {_figures(rates)}")
                if name == "embedded":
                    notes.append(_one_process(Path(workdir), docs, repeat))
                print(notes[-1], flush=True)
                cold = time_cold(backend, mix)
                print(f"{name} {len(docs):,}: slowest query right after the rebuild {cold:.0f} ms")
                notes.append(
                    f"- {name}, {len(docs):,} documents: slowest query of the first pass after "
                    f"the rebuild (loading the in-memory columns): {cold:.0f} ms"
                )
                for clients in CLIENTS:
                    p50, p99, qps = time_queries(backend, mix, clients)
                    rows.append(
                        f"| {name} | {len(docs):,} | {rate:,.0f} | {clients} | {p50:.1f} | "
                        f"{p99:.1f} | {qps:,.0f} |"
                    )
                    print(rows[-1], flush=True)
                backend.close()
        del docs
    return [*rows, "", *notes]


def _figures(rates: list[float]) -> str:
    return f"{statistics.median(rates):,.0f} (median of {' · '.join(f'{r:,.0f}' for r in rates)})"


def _one_process(workdir: Path, docs: list[SearchDocument], repeat: int) -> str:
    """The same rebuilds with the writer process off, for the side-by-side ratio."""
    from indexer.backends.embedded import EmbeddedBackend

    with EmbeddedBackend(workdir / "one-process.sqlite", writer_from=None) as backend:
        rates = time_index(backend, docs, repeat)
    (workdir / "one-process.sqlite").unlink()
    return f"  - the same in one process (writer off): {_figures(rates)}"


def machine() -> str:
    return (
        f"{date.today()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"SQLite {sqlite3.sqlite_version}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, action="append", help="documents (repeatable)")
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument("--note", default="", help="a line recorded with the figures")
    parser.add_argument("--repeat", type=int, default=3, help="rebuilds timed per size")
    args = parser.parse_args()
    sizes = args.docs or [100_000, 1_000_000]
    print(machine())
    rows = run(sizes, args.repeat)
    if args.record:
        record(rows, args.note)


def record(rows: list[str], note: str) -> None:
    results = Path(__file__).resolve().parent / "RESULTS.md"
    block = [f"\n## Search (`python bench/search.py`) — {machine()}", ""]
    if note:
        block += [note, ""]
    results.write_text(
        (results.read_text() if results.exists() else "# Benchmark results\n")
        + "\n".join([*block, *rows])
        + "\n"
    )
    print(f"recorded in {results}")


if __name__ == "__main__":
    main()
