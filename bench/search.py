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
from dataclasses import replace
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
CLIENTS = (1, 4)
UPDATE = 1000  # offers a crawl update changes
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


def relevance_mix(mix: list[SearchQuery]) -> list[SearchQuery]:
    """The mix sorted by relevance, and every word alone with no filter (the broadest)."""
    broad = [SearchQuery(text=word, sort="relevance") for word in WORDS] * 3
    return [replace(query, sort="relevance") for query in mix] + broad


def time_index(backend, docs: list[SearchDocument], repeat: int) -> list[float]:
    """Documents per second of `repeat` full rebuilds."""
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        backend.rebuild(docs)
        rates.append(len(docs) / (time.perf_counter() - start))
    return rates


def time_cold(backend, mix: list[SearchQuery]) -> float:
    """The slowest query (ms) of the mix's first pass after a rebuild.

    That pass loads the embedded backend's in-memory columns; the latency figures are
    measured after it, in the steady state.
    """
    slowest = 0.0
    for query in mix:
        begin = time.perf_counter()
        backend.search(query)
        slowest = max(slowest, time.perf_counter() - begin)
    return slowest * 1000


def time_after_updates(backend, docs: list[SearchDocument], rounds: int = 3) -> list[tuple]:
    """(write ms, first broad search ms, the same search again ms) after 1,000-offer updates.

    A crawl update: a thousand offers change availability and price drop. The first broad
    search after it is the one that used to reload the in-memory columns; the rounds
    alternate the delivered-cost sort and relevance.
    """
    rng = random.Random(11)
    figures = []
    for round_ in range(rounds):
        sort = ("landed_asc", "relevance")[round_ % 2]
        broad = SearchQuery(text="formula", sort=sort)
        changed = [
            replace(doc, available=not doc.available, price_drop=Decimal(round_ + 1) / 100)
            for doc in rng.sample(docs, UPDATE)
        ]
        start = time.perf_counter()
        backend.upsert(changed)
        wrote = time.perf_counter()
        backend.search(broad)
        first = time.perf_counter()
        backend.search(broad)
        figures.append((sort, (wrote - start) * 1000, (first - wrote) * 1000, _ms_since(first)))
    return figures


def _ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def time_queries(backend, mix: list[SearchQuery], clients: int) -> tuple[float, ...]:
    """p50 and p99 latency in ms, queries per second, and CPU ms per query (all threads)."""
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
    work = mix * max(1, clients // 2)
    threads = [threading.Thread(target=client, args=(work[i::clients],)) for i in range(clients)]
    cpu, start = time.process_time(), time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    cuts = statistics.quantiles(latencies, n=100)
    n = len(latencies)
    return statistics.median(latencies), cuts[98], n / elapsed, cpu * 1000 / n


def engines(workdir: Path):
    from indexer.backends.embedded import EmbeddedBackend

    yield "embedded", EmbeddedBackend(workdir / "search.sqlite")
    try:
        from bench.tantivy_engine import TantivyEngine
    except ImportError:  # the bench extra is not installed: the embedded figures alone
        print("tantivy is not installed (pip install 'haitao[bench]'): embedded only")
    else:
        yield "tantivy", TantivyEngine(workdir / "tantivy")
    if url := os.environ.get("HAITAO_BENCH_ES_URL"):
        from indexer.backends.elasticsearch import ElasticsearchBackend

        yield "elasticsearch", ElasticsearchBackend(url, index="haitao-bench")


HEADER = [
    "| engine | documents | index docs/s | clients | p50 ms | p99 ms | queries/s | CPU ms/query |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
]


def run(sizes: list[int], repeat: int, clients: tuple[int, ...], writer_off: bool) -> list[str]:
    print("\n".join(HEADER), flush=True)
    rows, notes = [*HEADER], []
    for size in sizes:
        docs = documents(size)
        with tempfile.TemporaryDirectory() as workdir:
            found = dict(engines(Path(workdir)))
            rates = {name: time_index(engine, docs, repeat) for name, engine in found.items()}
            for name, figures in rates.items():
                _note(notes, f"- {name}, {len(docs):,} documents: index docs/s {_figures(figures)}")
            if writer_off:
                _note(notes, _one_process(Path(workdir), docs, repeat))
            mix = queries()
            for name, engine in found.items():
                cold = time_cold(engine, mix)
                _note(notes, f"- {name}, {len(docs):,}: slowest query of the first pass after "
                             f"the rebuild: {cold:.0f} ms")  # fmt: skip
            measured = {}
            for count in clients:
                for name, engine in found.items():  # alternated, in the same window
                    measured[name, count] = figures = time_queries(engine, mix, count)
                    rate = statistics.median(rates[name])
                    rows.append(_row(name, len(docs), rate, count, figures))
                    print(rows[-1], flush=True)
            for name, engine in found.items():
                p50, p99, _, cpu = time_queries(engine, relevance_mix(mix), 1)
                _note(notes, f"- {name}, {len(docs):,}: relevance-sorted mix (the mix, and "
                             f"every word alone), 1 client: p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
                             f"CPU {cpu:.2f} ms/query")  # fmt: skip
            if "tantivy" in found:
                _note(notes, compare(found["embedded"], found["tantivy"], mix))
                for line in ratios(measured, rates, clients):
                    _note(notes, line)
            _note(notes, _after_updates(found["embedded"], docs))  # last: only it changes
            for engine in found.values():
                engine.close()
        del docs
    return [*rows, "", *notes]


def _note(notes: list[str], line: str) -> None:
    notes.append(line)
    print(line, flush=True)


def _row(name: str, size: int, rate: float, clients: int, figures: tuple) -> str:
    p50, p99, qps, cpu = figures
    return (
        f"| {name} | {size:,} | {rate:,.0f} | {clients} | {p50:.1f} | {p99:.1f} | "
        f"{qps:,.0f} | {cpu:.2f} |"
    )


def _after_updates(backend, docs: list[SearchDocument]) -> str:
    figures = time_after_updates(backend, docs, rounds=4)
    rounds = " · ".join(f"{s}: {w:.0f} / {f:.1f} / {a:.1f}" for s, w, f, a in figures)
    return (
        f"- embedded, {len(docs):,}: after a {UPDATE:,}-offer update, write ms / first broad "
        f"search ms / the same search again ms: {rounds}; a full reload of the columns "
        f"(the old way): {_full_reload_ms(backend):.0f} ms"
    )


def _full_reload_ms(backend) -> float:
    from indexer.backends.embedded import schema
    from indexer.backends.embedded.columns import Columns

    with backend._reading() as conn:
        start = time.perf_counter()
        Columns(conn, *conn.execute(schema.VERSION).fetchone())
        return _ms_since(start)


def compare(embedded, other, mix: list[SearchQuery]) -> str:
    """Whether both answer the mix alike: hits, group stats, offers, facets; groups apart."""
    differ, deviation = [], 0.0
    for query in mix:
        mine, theirs = embedded.search(query), other.search(query)
        if _answer(mine) != _answer(theirs):
            differ.append(query)
        deviation = max(deviation, abs(mine.total - theirs.total) / max(mine.total, 1))
    if differ:
        print("first difference:", differ[0])
    return (
        f"- same answers (hits in order, group offers, stores and minimum price, matching "
        f"offers, all five facets): {len(mix) - len(differ)} of {len(mix)} queries; total "
        f"groups (tantivy's cardinality is approximate) at most {deviation:.1%} apart"
    )


def _answer(results) -> tuple:
    hits = [
        (h.document.id, h.group_offers, h.group_stores, h.group_min_price) for h in results.hits
    ]
    return hits, results.total_offers, results.facets


def ratios(measured: dict, rates: dict, clients: tuple[int, ...]) -> list[str]:
    lines = []
    index = statistics.median(rates["embedded"]) / statistics.median(rates["tantivy"])
    lines.append(f"- embedded ÷ tantivy: index docs/s {index:.2f}×")
    for count in clients:
        e, t = measured["embedded", count], measured["tantivy", count]
        lines.append(
            f"- embedded ÷ tantivy, {count} client(s): p50 {e[0] / t[0]:.2f}×, "
            f"p99 {e[1] / t[1]:.2f}×, queries/s {e[2] / t[2]:.2f}×"
        )
    if 1 in clients and 4 in clients:
        for name in ("embedded", "tantivy"):
            scale = measured[name, 4][2] / measured[name, 1][2]
            lines.append(f"- {name}: queries/s with 4 clients ÷ 1 client: {scale:.2f}×")
    return lines


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
    parser.add_argument("--clients", type=int, action="append", help="client threads (repeatable)")
    parser.add_argument("--writer-off", action="store_true", help="also rebuild in one process")
    args = parser.parse_args()
    sizes = args.docs or [100_000, 1_000_000]
    print(machine(), "· load average", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    rows = run(sizes, args.repeat, tuple(args.clients or CLIENTS), args.writer_off)
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
