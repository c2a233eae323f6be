"""Site benchmark: the served site (waitress) under a mix of shopper requests.

    python bench/site.py                          # 100,000 products (12 stores × 8,334)
    python bench/site.py --products 200 --seconds 20   # a quick run
    python bench/site.py --record                 # also append the figures to bench/RESULTS.md
    python bench/site.py --home DIR --cpu [--profile]  # CPU per request in process, cold/warm
    python bench/site.py --home DIR --workers 2   # gunicorn's 2 processes, for information

Builds a catalog the way `haitao demo` does (the sample stores scaled to `--products` per
store, crawled with the real spiders over loopback, the bundled rebate programs, a reindex), or
reuses one with `--home DIR` (built there on the first run). Then it serves the site with
`haitao serve` (waitress, `--threads` 2, its default; gunicorn with `--workers` above 1) in its
own process, and runs `--clients` client threads (default 8) for `--seconds`, each on its own
keep-alive HTTP connection (Python's http.client: this script is the load tool), over a fixed
mix: 40% search page, 40% search API, 20% product page, with the queries shoppers type in six
languages and destinations CN, US, DE, JP. Reported: requests/s, latency p50/p95/p99 (ms),
errors, and the CPU seconds the client threads and the server's processes used (the client
shares the machine's two cores with the server, so its share is part of the figure), and the
load average around the run. Targets: p99 ≤ 100 ms and ≥ 200 requests/s. Run it only on a quiet
machine.
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import json
import os
import pstats
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.processes import cpu_seconds  # noqa: E402  (after the checkout is on the path)
from web.serve import DEFAULT_THREADS  # noqa: E402

WORDS = [
    "formula", "Feuchtigkeitscreme", "保湿", "분유", "无线耳机", "vitamin c", "crème hydratante",
    "wireless earbuds", "ビタミン", "serum", "耳机", "cream", "",
]  # fmt: skip
DESTS = [("CN", "CNY", "zh"), ("US", "USD", "en"), ("DE", "EUR", "en"), ("JP", "JPY", "en")]
MIX = (("page", 0.4), ("api", 0.4), ("product", 0.2))
# The clients all come from 127.0.0.1: under the API's per-client limit (120 a minute) most
# API requests would be answered 429, fast, and counted as errors and as throughput.
NO_API_LIMIT = "100000000"


def build_catalog(home: Path, products: int) -> Path:
    """Sample stores → `haitao crawl --all` → `haitao rebates load` → `haitao reindex`, into
    `home` (the commands a newcomer runs, each in its own process); returns the stores file."""
    from crawler.samples.assortment import SAMPLE_STORES
    from crawler.samples.server import SampleStoreServer

    server = SampleStoreServer(ports={p.id: 0 for p in SAMPLE_STORES}, products=products)
    server.start()
    try:
        stores_file = server.write_stores_file(home / "stores.yaml")
        env = {**os.environ, "HAITAO_HOME": str(home), "HAITAO_STORES": str(stores_file)}
        steps = (
            ("db", "upgrade"),
            ("crawl", "--all", "--log-level", "ERROR"),
            ("rebates", "load"),
            ("reindex",),
        )
        for step in steps:
            subprocess.run([sys.executable, "-m", "cli", *step], cwd=ROOT, env=env, check=True)
    finally:
        server.stop()
    (home / "built").write_text(datetime.now(UTC).isoformat())
    return stores_file


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(
    home: Path, port: int, threads: int = DEFAULT_THREADS, workers: int = 1
) -> subprocess.Popen:
    env = {**os.environ, "HAITAO_HOME": str(home), "HAITAO_STORES": str(home / "stores.yaml")}
    env["HAITAO_API_RATE_LIMIT"] = NO_API_LIMIT
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port), "--threads", str(threads)]
    if workers > 1:  # gunicorn, for information beside the one-process figure
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the site did not start within 60 s")


def product_ids(port: int) -> list[str]:
    """Product ids of many searches' hits, for the product-page share of the mix."""
    found = []
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for word in WORDS:
        conn.request("GET", "/api/v1/search?" + urlencode({"q": word, "size": 50}))
        body = json.loads(conn.getresponse().read())
        found += [hit["product_id"] for hit in body["hits"]]
    conn.close()
    return sorted(set(found))


def request_path(rng: random.Random, products: list[str]) -> tuple[str, str]:
    kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
    dest, currency, lang = rng.choice(DESTS)
    settings = {"dest": dest, "currency": currency, "lang": lang}
    if kind == "product":
        return kind, f"/products/{quote(rng.choice(products))}?" + urlencode(settings)
    query = {"q": rng.choice(WORDS), **settings}
    if kind == "api":
        return kind, "/api/v1/search?" + urlencode(query)
    return kind, "/?" + urlencode(query)


def client(port: int, products: list[str], until: float, seed: int, out: list) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < until:
        kind, path = request_path(rng, products)
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            status = 0
        out.append((kind, status, (time.perf_counter() - started) * 1000))
    conn.close()


def load(port: int, server_pid: int, clients: int, seconds: float) -> dict:
    products = product_ids(port)
    warm = []
    client(port, products, time.monotonic() + 5, 99, warm)  # caches, columns, catalogs
    results: list = []
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    server_before = cpu_seconds(server_pid)
    until = time.monotonic() + seconds
    wall = run_clients(clients, lambda seed: (client, (port, products, until, seed, results)))
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (
        cpu_after.ru_stime - cpu_before.ru_stime
    )
    return figures(results, wall, client_cpu, cpu_seconds(server_pid) - server_before)


def figures(results: list, wall: float, client_cpu: float, server_cpu_s: float) -> dict:
    latencies = sorted(ms for _, status, ms in results if status == 200)
    by_kind = {
        kind: sorted(ms for k, status, ms in results if k == kind and status == 200)
        for kind, _ in MIX
    }
    return {
        "requests": len(results),
        "errors": sum(1 for _, status, _ in results if status != 200),
        "rps": len(results) / wall,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "p99_by_kind": {kind: percentile(values, 99) for kind, values in by_kind.items()},
        "client_cpu_s": client_cpu,
        "server_cpu_s": server_cpu_s,
        "wall_s": wall,
    }


def run_clients(clients: int, job_of) -> float:
    """Run `clients` threads, each `job_of(seed)` → (target, args), to the end; wall seconds."""
    threads = [threading.Thread(target=t, args=a) for t, a in map(job_of, range(clients))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


def report(products: int, clients: int, found: dict, server: str, load: str) -> str:
    kinds = ", ".join(f"{k} {v:.0f}" for k, v in found["p99_by_kind"].items())
    busy = found["client_cpu_s"] + found["server_cpu_s"]
    share = found["client_cpu_s"] / busy if busy else 0
    per_request = found["server_cpu_s"] * 1000 / max(found["requests"], 1)
    return (
        f"| {server} | {products * 12:,} | {clients} | {found['requests']:,} | "
        f"{found['rps']:.0f} | {found['p50']:.1f} | {found['p95']:.1f} | "
        f"{found['p99']:.1f} ({kinds}) | {found['errors']} | "
        f"{found['client_cpu_s']:.1f} s ({share:.0%}) | {found['server_cpu_s']:.1f} s "
        f"({per_request:.1f} ms/request) | {load} |"
    )


HEADER = (
    "| server | products | clients | requests | req/s | p50 ms | p95 ms | p99 ms (by kind) | "
    "errors | client CPU (share) | server CPU | load |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def app_for(home: Path):
    os.environ["HAITAO_HOME"] = str(home)
    os.environ["HAITAO_STORES"] = str(home / "stores.yaml")
    os.environ["HAITAO_API_RATE_LIMIT"] = NO_API_LIMIT
    from core.catalogs import compile_catalogs
    from core.settings import Settings
    from web import create_app

    compile_catalogs()
    return create_app(Settings.from_env(), SERVER_NAME="127.0.0.1")


def paths(client, rng: random.Random, n: int) -> dict[str, list[str]]:
    """`n` request paths of each kind, as `request_path` makes them."""
    found: dict[str, list[str]] = {"page": [], "api": [], "product": []}
    products = product_ids_in_process(client)
    for _ in range(n):
        dest, currency, lang = rng.choice(DESTS)
        settings = {"dest": dest, "currency": currency, "lang": lang}
        query = urlencode({"q": rng.choice(WORDS), **settings})
        found["page"].append("/?" + query)
        found["api"].append("/api/v1/search?" + query)
        found["product"].append(f"/products/{quote(rng.choice(products))}?" + urlencode(settings))
    return found


def cpu_ms(client, path: str) -> float:
    started = time.process_time()
    response = client.get(path)
    spent = (time.process_time() - started) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return spent


def forget_answers(app) -> None:
    """Empty the answer cache and the priced-offer cache: what a request no other request
    asked for before finds (the rates, the rate history and the index's columns stay, as in
    a running server)."""
    app.extensions.pop("haitao.answer_cache", None)
    app.extensions.pop("haitao.price_cache", None)


def mix_cpu(app, client, requests: int) -> dict[str, float]:
    """CPU ms per request over `requests` requests of the load's mix, drawn as the clients
    draw them (`request_path`), in process and one at a time: the server's CPU per request
    without the HTTP server, which no other process's load moves much."""
    products = product_ids_in_process(client)
    rng = random.Random(5)
    spent: dict[str, list[float]] = {kind: [] for kind, _ in MIX}
    for _ in range(requests):
        kind, path = request_path(rng, products)
        spent[kind].append(cpu_ms(client, path))
    total = sum(sum(values) for values in spent.values())
    found = {kind: statistics.mean(values) for kind, values in spent.items() if values}
    return {"all": total / requests, **found}


def product_ids_in_process(client) -> list[str]:
    """`product_ids` through the test client."""
    found = []
    for word in WORDS:
        body = client.get("/api/v1/search", query_string={"q": word, "size": 50}).get_json()
        found += [hit["product_id"] for hit in body["hits"]]
    return sorted(set(found))


def cpu_per_request(home: Path, requests: int, with_profile: bool, mix: int) -> None:
    """`--cpu`: CPU per request in process, each kind cold (`forget_answers` before each
    request) and warm (the same request just answered), then over `mix` requests of the
    load's mix (`mix_cpu`); `--profile`: where each kind goes."""
    app = app_for(home)
    client = app.test_client()
    by_kind = paths(client, random.Random(7), requests)
    for kind_paths in by_kind.values():  # the index's columns, the rates: a server's state
        client.get(kind_paths[0])
    print(f"load average {os.getloadavg()[0]:.1f}; CPU ms per request (median, p90)")
    for kind, kind_paths in by_kind.items():
        cold = []
        for path in kind_paths:
            forget_answers(app)
            cold.append(cpu_ms(client, path))
        warm = []
        for path in kind_paths:  # the same request again: answered from the caches
            client.get(path)
            warm.append(cpu_ms(client, path))
        print(f"{kind:8} cold {_fig(cold)}   warm {_fig(warm)}")
    if mix:
        forget_answers(app)
        found = mix_cpu(app, client, mix)
        kinds = ", ".join(f"{kind} {found[kind]:.1f}" for kind, _ in MIX if kind in found)
        print(f"mix of {mix:,} requests: {found['all']:.2f} ms CPU per request ({kinds}), "
              f"at most {1000 / found['all']:.0f} requests/s on one core")  # fmt: skip
    if with_profile:
        for kind, kind_paths in by_kind.items():
            forget_answers(app)
            profile(client, f"{kind}, cold", kind_paths[0])
            profile(client, f"{kind}, warm", kind_paths[0])


def _fig(values: list[float]) -> str:
    ordered = sorted(values)
    return f"{statistics.median(ordered):6.1f} {ordered[int(len(ordered) * 0.9) - 1]:6.1f}"


def profile(client, kind: str, path: str) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    print(f"\n== {kind}: {path}\n{out.getvalue()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=8_334, help="products per store (×12)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="haitao serve's")
    parser.add_argument("--workers", type=int, default=1, help="above 1: gunicorn processes")
    parser.add_argument("--home", type=Path, default=None, help="keep the catalog here")
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--cpu", action="store_true", help="CPU per request, in process")
    parser.add_argument("--profile", action="store_true", help="with --cpu: cProfile each kind")
    parser.add_argument("--mix", type=int, default=6000, help="with --cpu: requests of the mix")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="haitao-bench-site-"))
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "built").exists():
        print(f"building a {args.products * 12:,}-product catalog in {home} …", flush=True)
        build_catalog(home, args.products)
    if args.cpu:
        cpu_per_request(home, 15, args.profile, args.mix)
        return
    port = free_port()
    server = serve(home, port, args.threads, args.workers)
    load_before = os.getloadavg()[0]
    try:
        found = load(port, server.pid, args.clients, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    kind = f"waitress, {args.threads} threads"
    if args.workers > 1:
        kind = f"gunicorn, {args.workers} workers × {args.threads} threads"
    loads = f"{load_before:.1f}–{os.getloadavg()[0]:.1f}"
    row = report(args.products, args.clients, found, kind, loads)
    print(HEADER)
    print(row)
    if args.record:
        command = " ".join(["python bench/site.py", *sys.argv[1:]])
        note = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `{command}`"
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as results:
            results.write(f"\n### Site under load ({note})\n\n{HEADER}\n{row}\n")


if __name__ == "__main__":
    main()
