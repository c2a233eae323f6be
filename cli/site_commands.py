"""Commands that run servers: the site, the sample stores, and the whole demo."""

from __future__ import annotations

import contextlib
import threading

import click
import yaml
from rich.console import Console

from core.settings import Settings
from core.stores import StoreConfig, StoresFile
from operations.bootstrap import prepare_database, require_current_schema

console = Console(stderr=True)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    help="Threads per web process (default: web.serve.DEFAULT_THREADS, 2); raise it where "
    "requests wait on a network (Elasticsearch).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Web processes. 1: waitress; more: gunicorn (POSIX). Share rate limits between them "
    "with RATE_LIMIT_STORAGE_URL=redis://host:port.",
)
@click.pass_obj
def serve(settings: Settings, host: str, port: int, threads: int | None, workers: int) -> None:
    """Serve the site and the JSON API: waitress, or gunicorn with --workers above 1."""
    from core.catalogs import compile_catalogs
    from web import create_app
    from web.serve import DEFAULT_THREADS, ensure_port_free, serve_workers, with_search_readers
    from web.serve import serve as serve_app

    threads = threads or DEFAULT_THREADS
    settings = with_search_readers(settings, workers)
    ensure_port_free(host, port)
    require_current_schema(settings)
    compile_catalogs()
    ready = lambda: _announce(host, port)  # noqa: E731
    if workers > 1:
        serve_workers(lambda: create_app(settings), host, port, workers, threads, on_ready=ready)
    else:
        serve_app(create_app(settings), host, port, threads, on_ready=ready)


@click.command()
@click.option(
    "--products",
    type=click.IntRange(1, 2_000_000),
    default=None,
    help="Products per store (default 120); scale up for benchmarks.",
)
@click.option("--seed", default=2026, show_default=True, help="Seed of the generated catalogs.")
@click.option(
    "--write-stores",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write a stores file pointing at the running sample stores.",
)
def samples(products: int | None, seed: int, write_stores: str | None) -> None:
    """Serve the sample overseas stores on 127.0.0.1 until Ctrl-C."""
    from crawler.samples.server import SampleStoreServer

    server = SampleStoreServer(products=products, seed=seed)
    with console.status("generating sample catalogs…"):
        server.start()
    try:
        if write_stores:
            server.write_stores_file(write_stores)
        for store_id, url in server.urls.items():
            platform = server.profiles[store_id].platform
            console.print(f"  {store_id:<16} {platform:<12} {url}")
        console.print("Sample stores are up (Ctrl-C stops them).")
        _wait_forever()
    finally:
        server.stop()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--products",
    type=click.IntRange(1, 100_000),
    default=None,
    help="Products per sample store (default 120).",
)
@click.option(
    "--history/--no-history",
    default=True,
    show_default=True,
    help="First crawl the sample stores as they were 75, 40 and 12 days ago (sample history).",
)
@click.pass_obj
def demo(settings: Settings, host: str, port: int, products: int | None, history: bool) -> None:
    """Sample stores → crawl (a few past dates, then today) → index → the site on
    http://127.0.0.1:5000."""
    from cli.crawl_commands import reindex_catalog, run_crawls
    from core.catalogs import compile_catalogs
    from crawler.samples.server import SampleStoreServer
    from web import create_app
    from web.serve import ensure_port_free, with_search_readers
    from web.serve import serve as serve_app

    ensure_port_free(host, port)
    settings = with_search_readers(settings, workers=1)
    with console.status("preparing the database…"):
        prepare_database(settings)
    server = SampleStoreServer(products=products)
    with console.status("starting the sample stores…"):
        server.start()
    try:
        stores = sample_store_configs(server.stores_yaml())
        if history:
            crawl_sample_history(settings, server)
        console.print(f"crawling {len(stores)} sample stores over 127.0.0.1…")
        run_crawls(settings, stores, log_level="WARNING")
        seed_rebates(settings)
        reindex_catalog(settings)
        # The demo has no mail server: its sign-ups are confirmed at once.
        compile_catalogs()
        app = create_app(settings, EMAIL_CONFIRMATION=False)
        serve_app(app, host, port, on_ready=lambda: _announce(host, port, demo=True))
    finally:
        server.stop()
    console.print("Stopped the site and the sample stores.")


def crawl_sample_history(settings: Settings, server) -> None:
    """Crawl the sample stores as on a few past dates, each crawl dated back to its day.

    Each crawl runs in a child `haitao crawl --all` (Twisted's reactor starts once per process,
    and this process crawls today's catalogs afterwards).
    """
    from datetime import date

    from core.db import session_factory
    from operations.sample_history import Watermark, date_back, history_days

    stores_file = server.write_stores_file(settings.ensure_home() / "demo-stores.yaml")
    sessions = session_factory(settings.database_url)
    for day in history_days(date.today()):
        server.set_as_of(day)
        with console.status(f"crawling the sample stores as they were on {day} (sample history)…"):
            with sessions() as session:
                since = Watermark(session)
            _crawl_child(settings, stores_file)
        with sessions.begin() as session:
            date_back(session, since, day)
    server.set_as_of(None)


def _crawl_child(settings: Settings, stores_file) -> None:
    import os
    import subprocess
    import sys

    from core.errors import HaitaoError

    env = {**os.environ, "HAITAO_HOME": str(settings.home), "HAITAO_STORES": str(stores_file)}
    env["DATABASE_URL"] = settings.database_url
    command = [
        sys.executable,
        "-m",
        "cli",
        "crawl",
        "--all",
        "--no-index",
        "--log-level",
        "WARNING",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise HaitaoError(f"a sample-history crawl failed: {done.stderr.strip()[-500:]}")


def _announce(host: str, port: int, demo: bool = False) -> None:
    console.print(f"\n[bold]Open http://{host}:{port}/[/bold]  (Ctrl-C stops it)\n")
    if demo:
        console.print(
            "Demo: affiliate sign-ups skip e-mail confirmation (`haitao serve` mails a link)."
        )


def seed_rebates(settings: Settings) -> None:
    from core.db import session_factory
    from rebates.buy_links import direct_to_stores
    from rebates.programs import seed_programs_if_none

    with session_factory(settings.database_url).begin() as session:
        if loaded := seed_programs_if_none(session):
            console.print(f"loaded {loaded} rebate programs from config/rebates.yaml")
        # The sample stores run here, their affiliate networks do not: buy links go straight
        # to the store (the click is still recorded).
        direct_to_stores(session)


def sample_store_configs(stores_yaml: str) -> list[StoreConfig]:
    return StoresFile.model_validate(yaml.safe_load(stores_yaml)).stores


def _wait_forever() -> None:
    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()


COMMANDS = (serve, samples, demo)
