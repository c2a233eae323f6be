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
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.pass_obj
def serve(settings: Settings, host: str, port: int, threads: int) -> None:
    """Serve the site and the JSON API with waitress."""
    from web import create_app
    from web.formatting import compile_catalogs
    from web.serve import ensure_port_free
    from web.serve import serve as serve_app

    ensure_port_free(host, port)
    require_current_schema(settings)
    compile_catalogs()
    app = create_app(settings)
    serve_app(app, host, port, threads, on_ready=lambda: _announce(host, port))


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
@click.pass_obj
def demo(settings: Settings, host: str, port: int, products: int | None) -> None:
    """Sample stores → crawl → index → the site on http://127.0.0.1:5000."""
    from cli.crawl import reindex_catalog, run_crawls
    from crawler.samples.server import SampleStoreServer
    from web import create_app
    from web.formatting import compile_catalogs
    from web.serve import ensure_port_free
    from web.serve import serve as serve_app

    ensure_port_free(host, port)
    with console.status("preparing the database…"):
        prepare_database(settings)
    server = SampleStoreServer(products=products)
    with console.status("starting the sample stores…"):
        server.start()
    try:
        stores = sample_store_configs(server.stores_yaml())
        console.print(f"crawling {len(stores)} sample stores over 127.0.0.1…")
        run_crawls(settings, stores, log_level="WARNING")
        seed_rebates(settings)
        reindex_catalog(settings)
        compile_catalogs()
        app = create_app(settings)
        serve_app(app, host, port, on_ready=lambda: _announce(host, port))
    finally:
        server.stop()
    console.print("Stopped the site and the sample stores.")


def _announce(host: str, port: int) -> None:
    console.print(f"\n[bold]Open http://{host}:{port}/[/bold]  (Ctrl-C stops it)\n")


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
