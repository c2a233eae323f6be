"""Scale benchmark: the search page at 8 concurrent clients, served by 1 web process
(waitress) and by 2 (gunicorn, `haitao serve --workers 2`), with the catalog on SQLite and
on PostgreSQL (the embedded search index either way), in one run.

    .ci/with-postgres .venv/bin/python bench/scale.py              # a PostgreSQL of its own
    python bench/scale.py --postgres postgresql+psycopg://u@host/db --products 500 --record

Builds one catalog per database the way `haitao demo` does (bench/site.py's build_catalog:
the sample stores scaled to `--products` per store, crawled over loopback, rebates, reindex),
then runs the four set-ups in turn, `--rounds` times alternating (the machine is shared: each
figure is the median of its rounds), each for `--seconds` with `--clients` keep-alive client
threads requesting only the search page (`/?q=…` in six languages, four destinations).
Reported per set-up: requests/s, p50/p99 latency (ms), errors, and the CPU seconds of the
server's whole process tree per 1,000 requests (the per-core figure: wall-clock rates move
with the load of the machine, CPU per request less so).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.site import DESTS, WORDS, build_catalog, free_port, percentile, run_clients  # noqa: E402

SETUPS = (("sqlite", 1), ("sqlite", 2), ("postgresql", 1), ("postgresql", 2))


def serve(home: Path, database_url: str | None, port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "HAITAO_HOME": str(home), "HAITAO_STORES": str(home / "stores.yaml")}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port), "--threads", "8"]
    command += ["--workers", str(workers)]
    log = (home / f"serve-{workers}.log").open("ab")  # why a request failed, if one did
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=log)
    log.close()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/?q=cream")
            if connection.getresponse().status == 200:
                connection.close()
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the site did not start within 90 s")


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and all its descendants (gunicorn's workers)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += tree_cpu(int(child))
    except (FileNotFoundError, ProcessLookupError):
        pass
    return total


def search_client(port: int, until: float, seed: int, out: list) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < until:
        dest, currency, lang = rng.choice(DESTS)
        query = {"q": rng.choice(WORDS), "dest": dest, "currency": currency, "lang": lang}
        started = time.perf_counter()
        try:
            connection.request("GET", "/?" + urlencode(query))
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            status = 0
        out.append((status, (time.perf_counter() - started) * 1000))
    connection.close()


def measure(port: int, pid: int, clients: int, seconds: float) -> dict:
    search_client(port, time.monotonic() + 3, 99, [])  # warm every worker's caches a little
    results: list = []
    cpu_before = tree_cpu(pid)
    until = time.monotonic() + seconds
    wall = run_clients(clients, lambda seed: (search_client, (port, until, seed, results)))
    latencies = sorted(ms for status, ms in results if status == 200)
    return {
        "rps": len(results) / wall,
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "errors": sum(1 for status, _ in results if status != 200),
        "cpu_per_1k": (tree_cpu(pid) - cpu_before) / max(len(results), 1) * 1000,
    }


def postgres_database(server_url: str) -> str:
    """A fresh database on the server `server_url` names, for this run's catalog."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"haitao_bench_{os.getpid()}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def build(home: Path, database_url: str | None, products: int) -> None:
    home.mkdir(parents=True, exist_ok=True)
    previous = os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    try:
        build_catalog(home, products)
    finally:
        os.environ.pop("DATABASE_URL", None)
        if previous is not None:
            os.environ["DATABASE_URL"] = previous


def run(args: argparse.Namespace) -> dict[tuple[str, int], list[dict]]:
    base = Path(tempfile.mkdtemp(prefix="haitao-bench-scale-"))
    urls = {"sqlite": None, "postgresql": postgres_database(args.postgres)}
    for kind, url in urls.items():
        print(f"building a {args.products * 12:,}-product catalog on {kind} …", flush=True)
        build(base / kind, url, args.products)
    found: dict[tuple[str, int], list[dict]] = {setup: [] for setup in SETUPS}
    for round_number in range(args.rounds):
        for kind, workers in SETUPS:
            port = free_port()
            server = serve(base / kind, urls[kind], port, workers)
            try:
                figures = measure(port, server.pid, args.clients, args.seconds)
            finally:
                server.terminate()
                server.wait(timeout=30)
            found[(kind, workers)].append(figures)
            print(f"round {round_number + 1}: {kind}, {workers} worker(s): {figures}", flush=True)
    return found


HEADER = (
    "| catalog | web processes | req/s | p50 ms | p99 ms | errors | server CPU s / 1,000 req |\n"
    "|---|---|---|---|---|---|---|"
)


def table(found: dict[tuple[str, int], list[dict]]) -> str:
    rows = [HEADER]
    for (kind, workers), rounds in found.items():
        median = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
        rows.append(
            f"| {kind} | {workers} | {median['rps']:.1f} | {median['p50']:.0f} | "
            f"{median['p99']:.0f} | {sum(r['errors'] for r in rounds)} | "
            f"{median['cpu_per_1k']:.1f} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=500, help="products per store (×12)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("HAITAO_TEST_DATABASE_URL"),
        help="a PostgreSQL server's URL (default HAITAO_TEST_DATABASE_URL, which "
        ".ci/with-postgres sets)",
    )
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    if not args.postgres:
        raise SystemExit("no PostgreSQL: run under .ci/with-postgres or pass --postgres URL")
    load = os.getloadavg()
    result = table(run(args))
    print(result)
    if args.record:
        command = " ".join(["python bench/scale.py", *sys.argv[1:]])
        note = (
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `{command}`, load average at start "
            f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
        )
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as results:
            results.write(f"\n### Scale path: search page, 1 and 2 web processes ({note})\n\n")
            results.write(result + "\n")


if __name__ == "__main__":
    main()
