"""Crawl benchmark: sample store → real `haitao crawl` (child process) → catalog database.

    .venv/bin/python bench/crawl.py                 # the figures of bench/RESULTS.md
    .venv/bin/python bench/crawl.py --products 2000 --memory-products 0 --feed-products 0
    .venv/bin/python bench/crawl.py --only-feeds      # just the 1,000,000-product feed crawls

Prints, per format, products/s (and pages/s for schema.org pages) over the crawl run as the
catalog records it (crawl_runs.started_at → finished_at) and over the whole command
(process start to exit), the ratio of schema.org pages/s to `scrapy bench` run in the same
session, the peak resident memory of the crawl process for a large catalog, and the
1,000,000-product XML and CSV feed crawls (targets: peak ≤ 300 MB, ≥ 5,000 products/s).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml
from sqlalchemy import func, select

from core.db import session_factory
from core.settings import Settings
from core.tables import CrawlRun, Product
from crawler.samples.assortment import sample_store
from crawler.samples.server import SampleStoreServer

FORMATS = {  # format → the sample store that serves it
    "shopify": "us-vitashop",
    "woocommerce": "de-drogerie",
    "xml_feed": "jp-denki",
    "csv_feed": "uk-beautyhall",
    "sitemap": "us-megamart",
}
TARGETS = {"shopify": 3000, "woocommerce": 3000, "xml_feed": 5000, "csv_feed": 5000}
FEED_PEAK_MB = 300  # a feed of any size: its crawl's peak resident memory
IN_PROCESS_PRODUCTS = 200_000  # bigger sample catalogs are served from a child process
STORE_TUNING = {"concurrency": 16}  # the per-store setting an operator would raise


@dataclass
class Result:
    fmt: str
    products: int
    pages: int
    run_seconds: float
    wall_seconds: float
    peak_mb: float
    cpu_seconds: float = 0.0  # of the crawl process, user + system

    @property
    def cpu_ms_per_1000(self) -> float:
        return 1e6 * self.cpu_seconds / self.products

    @property
    def per_second(self) -> float:
        return self.products / self.run_seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=20_000, help="per JSON/feed store")
    parser.add_argument("--pages", type=int, default=3_000, help="schema.org product pages")
    parser.add_argument("--memory-products", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--bench-seconds", type=int, default=15)
    parser.add_argument("--feed-products", type=int, default=1_000_000)
    parser.add_argument("--only-feeds", action="store_true", help="only the big feed crawls")
    args = parser.parse_args(argv)
    print(f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {_machine()}")
    if args.only_feeds:
        big_feeds(args.feed_products)
        return
    results: dict[str, list[Result]] = {}
    for fmt, store_id in FORMATS.items():
        count = args.pages if fmt == "sitemap" else args.products
        results[fmt] = [crawl_once(store_id, count) for _ in range(args.repeat)]
        report(fmt, results[fmt])
    bench = [scrapy_bench(args.bench_seconds) for _ in range(args.repeat)]
    pages = statistics.median(r.pages / r.run_seconds for r in results["sitemap"])
    print(
        f"scrapy bench: median {statistics.median(bench):.0f} pages/s "
        f"({', '.join(f'{b:.0f}' for b in bench)}); schema.org pages/s {pages:.0f} = "
        f"{pages / statistics.median(bench):.0%} of scrapy bench (target >= 70%)"
    )
    for fmt in ("shopify",) if args.memory_products else ():
        big = crawl_once(FORMATS[fmt], args.memory_products)
        print(
            f"memory: {big.products} products ({fmt}) in {big.run_seconds:.1f} s "
            f"({big.per_second:.0f}/s), peak RSS of the crawl process {big.peak_mb:.0f} MB "
            "(target < 500 MB)",
            flush=True,
        )

    if args.feed_products:
        big_feeds(args.feed_products)


def big_feeds(products: int) -> None:
    """The XML and the CSV feed of `products` products, each crawled once."""
    for fmt in ("xml_feed", "csv_feed"):
        load = os.getloadavg()[0]
        big = crawl_once(FORMATS[fmt], products)
        print(
            f"feed: {big.products} products ({fmt}) in {big.run_seconds:.1f} s in the run "
            f"({big.per_second:.0f}/s; target >= {TARGETS[fmt]}), {big.wall_seconds:.1f} s "
            f"with process start, peak RSS of the crawl process {big.peak_mb:.0f} MB "
            f"(target <= {FEED_PEAK_MB} MB), CPU {big.cpu_seconds:.1f} s "
            f"({big.cpu_ms_per_1000:.0f} ms per 1,000 products), load {load:.1f} -> "
            f"{os.getloadavg()[0]:.1f}",
            flush=True,
        )


def report(fmt: str, runs: list[Result]) -> None:
    rates = [r.per_second for r in runs]
    walls = [r.products / r.wall_seconds for r in runs]
    target = TARGETS.get(fmt)
    line = (
        f"{fmt:<12} {runs[0].products:>7} products {runs[0].pages:>6} pages: median "
        f"{statistics.median(rates):>6.0f} products/s in the run "
        f"({', '.join(f'{r:.0f}' for r in rates)}), {statistics.median(walls):.0f}/s "
        "with process start"
    )
    if target:
        line += f" (target >= {target})"
    print(line, flush=True)


def crawl_once(store_id: str, products: int) -> Result:
    """One fresh catalog, one crawl of `store_id` serving `products` products."""
    with (
        tempfile.TemporaryDirectory(prefix="haitao-bench-") as tmp,
        store_server(store_id, products, Path(tmp) / "served.yaml") as stores_yaml,
    ):
        home = Path(tmp)
        env = _env(home, stores_yaml)
        _run(["db", "upgrade"], env)
        started = time.perf_counter()
        cpu = _children_cpu()
        peak_kb = _run(["crawl", store_id, "--no-index", "--log-level", "WARNING"], env)
        cpu = _children_cpu() - cpu
        wall = time.perf_counter() - started
        with session_factory(Settings.from_env(env).database_url)() as session:
            run = session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc())).first()
            count = session.scalar(select(func.count()).select_from(Product))
            seconds = (run.finished_at - run.started_at).total_seconds()
            pages = int(run.stats.get("response_received_count", 0))
    if run.state != "finished" or count != products:
        raise SystemExit(f"{store_id}: crawl {run.state} with {count}/{products} products")
    return Result(store_id, count, pages, seconds, wall, peak_kb / 1024, cpu)


def _children_cpu() -> float:
    """CPU seconds of the finished child processes so far (the crawl's, once it is reaped)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def store_server(store_id: str, products: int, stores_file: Path) -> Iterator[str]:
    """The sample store serving `products` products; yields its stores-file text.

    A big catalog is served from a child process: a crawl started from a parent holding
    gigabytes of catalog inherits that in its ru_maxrss, and Scrapy's memory limit (which
    reads ru_maxrss) would stop it at once."""
    if products <= IN_PROCESS_PRODUCTS:
        profiles = [sample_store(store_id)]
        with SampleStoreServer(profiles, ports={store_id: 0}, products=products) as server:
            yield server.stores_yaml()
        return
    command = [sys.executable, __file__, "--serve", store_id, str(products), str(stores_file)]
    child = subprocess.Popen(command, stdin=subprocess.PIPE)
    try:
        while not stores_file.exists():
            if child.poll() is not None:
                raise SystemExit(f"the sample store {store_id} did not start")
            time.sleep(0.5)
        yield stores_file.read_text(encoding="utf-8")
    finally:
        child.stdin.close()  # the child serves until its stdin closes
        child.wait()


def serve(store_id: str, products: int, stores_file: Path) -> None:
    """`--serve`: run one sample store until stdin closes (see `store_server`)."""
    profiles = [sample_store(store_id)]
    with SampleStoreServer(profiles, ports={store_id: 0}, products=products) as server:
        entry = yaml.safe_load(server.stores_yaml())["stores"][0]
        if "feed" in entry:  # rendered once, before the crawl and its clock start
            url = entry["url"] + entry["feed"]["url"]
            with urllib.request.urlopen(url) as feed, open(os.devnull, "wb") as sink:
                shutil.copyfileobj(feed, sink, 1 << 20)
        partial = stores_file.with_suffix(".part")
        partial.write_text(server.stores_yaml(), encoding="utf-8")
        partial.rename(stores_file)
        sys.stdin.read()


def _env(home: Path, stores_yaml: str) -> dict[str, str]:
    stores = yaml.safe_load(stores_yaml)
    for entry in stores["stores"]:
        entry.update(STORE_TUNING)
    (home / "stores.yaml").write_text(yaml.safe_dump(stores, allow_unicode=True), "utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "HAITAO_STORES")}
    return {**env, "HAITAO_HOME": str(home), "HAITAO_STORES": str(home / "stores.yaml")}


def _run(args: list[str], env: dict[str, str]) -> int:
    """Run `haitao ARGS`; return the child's peak resident set in KB.

    The peak is read from /proc (VmHWM) while the child runs: getrusage's ru_maxrss would also
    count the parent's memory, which a forked child carries until it execs.
    """
    with tempfile.TemporaryFile("w+") as stderr:  # a pipe left unread could fill and block
        process = subprocess.Popen(
            [sys.executable, "-m", "cli", *args], env=env, stdout=subprocess.DEVNULL,
            stderr=stderr,
        )  # fmt: skip
        peak = 0
        while process.poll() is None:
            peak = max(peak, _high_water_kb(process.pid))
            time.sleep(0.05)
        if process.returncode != 0:
            stderr.seek(0)
            raise SystemExit(f"haitao {' '.join(args)} failed:\n{stderr.read()[-3000:]}")
    return peak


def _high_water_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # it has just exited
        return 0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


def scrapy_bench(seconds: int) -> float:
    """Pages/s of `scrapy bench` (its own local server and spider) for `seconds`."""
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}"],
        capture_output=True, text=True, check=True, cwd=tempfile.gettempdir(),
    )  # fmt: skip
    pages = int(re.search(r"'response_received_count': (\d+)", result.stderr).group(1))
    elapsed = float(re.search(r"'elapsed_time_seconds': ([\d.]+)", result.stderr).group(1))
    return pages / elapsed


def _machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )  # fmt: skip
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
    else:
        main()
