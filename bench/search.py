"""Search benchmark: the embedded backend beside tantivy (and Elasticsearch), same documents.

    python bench/search.py                     # 100k and 1M documents
    python bench/search.py --docs 20000        # a quick run
    python bench/search.py --home DIR          # keep the indexes in DIR/<size>, reuse them
    python bench/search.py --record            # also append the table to bench/RESULTS.md

Documents come from the sample stores' generator (`operations.sample_documents`: real
multilingual titles and descriptions, shared GTINs, concept tags, landed and net costs, the
same builder as the judged query set's); each size is rebuilt `--repeat` times (median
reported), or not at all when `--home` holds indexes of the very same documents (their
rates as measured when built). Queries are a fixed mix of what shoppers type — one word or
several, in six languages, with two filters, all facets, and the delivered-cost sort.
"embedded" is the index as `haitao serve` searches it, in its reader processes; the same index
searched in this process ("embedded, in-process") is measured beside it, and CPU per query
counts the readers' CPU too. The slowest query of a first pass over the mix (which loads the
embedded backend's in-memory columns) is reported on its own. Latency is measured per query
with 1 and 4 client threads sharing the backend, each after a warm-up pass over the mix by as
many threads (so that every reader process is warm too). Then the same mix sorted by relevance
with every word alone added (the broadest searches), the check that both engines answer the mix
alike, the ratios, the targets of issue 17, and the first broad searches after 1,000-offer
updates (undone afterwards, so a kept index stays reusable).
With HAITAO_BENCH_ES_URL set, the same run measures that Elasticsearch cluster side by side.
Never point it at osmem-server: it is a stand-in.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.processes import cpu_seconds
from crawler.samples.assortment import SAMPLE_STORES
from indexer.documents import SearchDocument
from indexer.fields import FORMAT, dump
from indexer.query import SearchQuery
from operations.sample_documents import sample_documents

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


def documents(total: int, seed: int = 2026) -> list[SearchDocument]:
    """About `total` documents: the sample stores scaled up, one document per variant."""
    per_store = max(1, total // len(SAMPLE_STORES) * 5 // 6)  # ~1.2 variants per product
    found = sample_documents(per_store, seed)
    return [doc for doc, _ in itertools.islice(found, total)]


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
    figures, touched = [], {}
    for round_ in range(rounds):
        sort = ("landed_asc", "relevance")[round_ % 2]
        broad = SearchQuery(text="formula", sort=sort)
        drawn = rng.sample(docs, UPDATE)
        touched.update((doc.id, doc) for doc in drawn)
        changed = [
            replace(doc, available=not doc.available, price_drop=Decimal(round_ + 1) / 100)
            for doc in drawn
        ]
        start = time.perf_counter()
        backend.upsert(changed)
        wrote = time.perf_counter()
        backend.search(broad)
        first = time.perf_counter()
        backend.search(broad)
        figures.append((sort, (wrote - start) * 1000, (first - wrote) * 1000, _ms_since(first)))
    backend.upsert(touched.values())  # as built again: a kept index (`--home`) stays reusable
    return figures


def _ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def time_queries(backend, mix: list[SearchQuery], clients: int) -> tuple[float, ...]:
    """p50 and p99 latency in ms, queries per second, and CPU ms per query (all threads, and
    the reader processes of an embedded backend).

    First the mix once by as many threads, unmeasured: the steady state, every cache warm,
    and with reader processes every reader's columns loaded (one thread warms only one).
    """
    latencies: list[float] = []
    lock = threading.Lock()

    def client(share: list[SearchQuery], record: bool = True) -> None:
        mine = []
        for query in share:
            start = time.perf_counter()
            backend.search(query)
            mine.append((time.perf_counter() - start) * 1000)
        if record:
            with lock:
                latencies.extend(mine)

    _in_threads(client, mix, clients, record=False)
    cpu, start = cpu_seconds(os.getpid()), time.perf_counter()
    _in_threads(client, mix * max(1, clients // 2), clients)
    elapsed, cpu = time.perf_counter() - start, cpu_seconds(os.getpid()) - cpu
    cuts = statistics.quantiles(latencies, n=100)
    n = len(latencies)
    return statistics.median(latencies), cuts[98], n / elapsed, cpu * 1000 / n


def _in_threads(client, work: list[SearchQuery], clients: int, **options) -> None:
    """`client` over the work dealt out to `clients` threads, until every thread is done."""
    threads = [
        threading.Thread(target=client, args=(work[i::clients],), kwargs=options)
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def engines(workdir: Path):
    """ "embedded" as `haitao serve` runs it (its reader processes), tantivy, and a cluster
    named by HAITAO_BENCH_ES_URL."""
    from indexer.backends.embedded import EmbeddedBackend
    from web.serve import default_search_readers

    yield "embedded", EmbeddedBackend(workdir / "search.sqlite", readers=default_search_readers(1))
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


def run(
    sizes: list[int],
    repeat: int,
    clients: tuple[int, ...],
    writer_off: bool,
    home: Path | None = None,
) -> list[str]:
    print("\n".join(HEADER), flush=True)
    rows, notes = [*HEADER], []
    for size in sizes:
        docs = documents(size)
        with _workdir(home, size) as workdir:
            found = dict(engines(workdir))
            rates = indexed(found, docs, repeat, workdir, notes)
            found, rates = with_in_process(found, rates, workdir)
            if writer_off:
                _note(notes, _one_process(workdir, docs, repeat))
            mix = queries()
            for name, engine in found.items():
                cold = time_cold(engine, mix)
                _note(notes, f"- {name}, {len(docs):,}: slowest query of the first pass (new "
                             f"index or process: loads the columns): {cold:.0f} ms")  # fmt: skip
            measured = {}
            for count in clients:
                for name, engine in found.items():  # alternated, in the same window
                    measured[name, count] = figures = time_queries(engine, mix, count)
                    rate = statistics.median(rates[name])
                    rows.append(_row(name, len(docs), rate, count, figures))
                    print(rows[-1], flush=True)
            relevance = {}
            for name, engine in found.items():
                relevance[name] = time_queries(engine, relevance_mix(mix), 1)
                p50, p99, _, cpu = relevance[name]
                _note(notes, f"- {name}, {len(docs):,}: relevance-sorted mix (the mix, and "
                             f"every word alone), 1 client: p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
                             f"CPU {cpu:.2f} ms/query")  # fmt: skip
            if "tantivy" in found:
                _note(notes, compare(found["embedded"], found["tantivy"], mix))
                for line in ratios(measured, rates, clients):
                    _note(notes, line)
            for line in targets(len(docs), measured, relevance["embedded"][1]):
                _note(notes, line)
            _note(notes, _after_updates(found["embedded"], docs))  # last: only it changes
            for engine in found.values():
                engine.close()
        del docs
    return [*rows, "", *notes]


@contextmanager
def _workdir(home: Path | None, size: int) -> Iterator[Path]:
    """Where the indexes of one size live: `home/<size>` (kept), else a temporary folder."""
    if home is None:
        with tempfile.TemporaryDirectory() as folder:
            yield Path(folder)
    else:
        folder = home / str(size)
        folder.mkdir(parents=True, exist_ok=True)
        yield folder


def indexed(found: dict, docs: list[SearchDocument], repeat: int, workdir: Path, notes) -> dict:
    """Index docs/s per engine: `repeat` rebuilds, or none when the folder already holds
    indexes of these very documents (`--home`): then the rates measured when they were built."""
    stamp_file = workdir / "built.json"
    stamp = {"format": FORMAT, "documents": fingerprint(docs)}
    try:
        built = json.loads(stamp_file.read_text())
    except (OSError, ValueError):
        built = {}
    reopened = built.get("stamp") == stamp and set(found) <= set(built.get("rates", {}))
    if reopened:
        reopened = all(
            engine.reopen() if hasattr(engine, "reopen") else engine.count() == len(docs)
            for engine in found.values()
        )
    if reopened:
        _note(notes, f"- reused the indexes in {workdir} (index docs/s: as measured when built)")
        return {name: built["rates"][name] for name in found}
    stamp_file.unlink(missing_ok=True)
    rates = {name: time_index(engine, docs, repeat) for name, engine in found.items()}
    for name, figures in rates.items():
        _note(notes, f"- {name}, {len(docs):,} documents: index docs/s {_figures(figures)}")
    stamp_file.write_text(json.dumps({"stamp": stamp, "rates": rates}))
    return rates


def fingerprint(docs: list[SearchDocument]) -> str:
    """Which documents these are: their count and every 97th of them, whole."""
    digest = hashlib.blake2b(str(len(docs)).encode(), digest_size=16)
    for doc in docs[::97]:
        digest.update(dump(doc))
    return digest.hexdigest()


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


IN_PROCESS = "embedded, in-process"


def with_in_process(found: dict, rates: dict, workdir: Path) -> tuple[dict, dict]:
    """The engines with the same embedded index searched in this process (no readers: the
    library's default, and what the served site did before them), right after "embedded"."""
    from indexer.backends.embedded import EmbeddedBackend

    if not found["embedded"].readers:
        return found, rates
    engines = {}
    for name, engine in found.items():
        engines[name] = engine
        if name == "embedded":
            engines[IN_PROCESS] = EmbeddedBackend(workdir / "search.sqlite")
    return engines, {**rates, IN_PROCESS: rates["embedded"]}


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
        for name in ("embedded", IN_PROCESS, "tantivy"):
            if (name, 1) not in measured:
                continue
            scale = measured[name, 4][2] / measured[name, 1][2]
            lines.append(f"- {name}: queries/s with 4 clients ÷ 1 client: {scale:.2f}×")
    return lines


def targets(size: int, measured: dict, relevance_p99: float) -> list[str]:
    """Issue 17's targets for this size, met or not (wall-clock figures: a quiet machine's)."""
    if size >= 1_000_000:
        checks = [("relevance-sorted p99 (1 client)", relevance_p99, "≤", 100.0, "ms")]
    elif size == 100_000:
        checks = []
        if ("tantivy", 1) in measured and ("embedded", 1) in measured:
            p99 = measured["embedded", 1][1] / measured["tantivy", 1][1]
            checks.append(("p99 ÷ tantivy's, 1 client", p99, "≤", 2.0, "×"))
        if ("embedded", 4) in measured and ("embedded", 1) in measured:
            scale = measured["embedded", 4][2] / measured["embedded", 1][2]
            checks.append(("queries/s, 4 clients ÷ 1", scale, "≥", 1.6, "×"))
        if ("tantivy", 4) in measured and ("embedded", 4) in measured:
            rate = measured["embedded", 4][2] / measured["tantivy", 4][2]
            checks.append(("queries/s ÷ tantivy's, 4 clients", rate, "≥", 0.8, "×"))
    else:
        return []
    lines = []
    for label, value, op, bound, unit in checks:
        met = value <= bound if op == "≤" else value >= bound
        verdict = "met" if met else "NOT met"
        lines.append(
            f"- target at {size:,}: {label} {value:.2f}{unit} ({op} {bound:g}{unit}): {verdict}"
        )
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
    parser.add_argument(
        "--home",
        type=Path,
        help="keep the indexes in HOME/<documents> and reuse them while the documents are the same",
    )
    args = parser.parse_args()
    sizes = args.docs or [100_000, 1_000_000]
    print(machine(), "· load average", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    rows = run(sizes, args.repeat, tuple(args.clients or CLIENTS), args.writer_off, args.home)
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
