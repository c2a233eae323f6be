"""Commands on the catalog: the database schema, the stores file, crawls, the search index."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from core.crawl_runs import ensure_idle
from core.db import current_revision, session_factory
from core.settings import Settings
from core.stores import StoreConfig, get_store, load_stores
from core.tables import CrawlRun
from operations.bootstrap import prepare_database, require_current_schema
from operations.runners.base import CRAWL_SETTINGS_MODULE

console = Console(stderr=True)


@click.group()
def db() -> None:
    """The catalog database's schema."""


@db.command()
@click.pass_obj
def upgrade(settings: Settings) -> None:
    """Apply schema migrations and load the bundled FX snapshot if no rates are stored."""
    prepare_database(settings)
    click.echo(f"database {settings.database_url} is at {current_revision(settings.database_url)}")


@click.command()
@click.pass_obj
def stores(settings: Settings) -> None:
    """Validate the stores file and list its stores."""
    table = Table("id", "name", "platform", "country", "currency", "url")
    for store in load_stores(settings.stores_file).values():
        table.add_row(
            store.id, store.name, store.platform, store.country, store.currency, store.url
        )
    Console().print(table)


@click.command()
@click.argument("store_ids", nargs=-1, metavar="STORE_ID...")
@click.option("--all", "all_stores", is_flag=True, help="Crawl every store in the stores file.")
@click.option(
    "--log-level",
    default="INFO",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
)
@click.option(
    "--index/--no-index",
    default=True,
    show_default=True,
    help="Update the search index with what the crawl changed.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Keep the crawl queue in HAITAO_HOME/jobs/<store> so that an interrupted crawl "
    "(Ctrl-C, SIGTERM) continues where it stopped when run again with --resume; the folder "
    "is removed once the crawl finishes.",
)
@click.pass_obj
def crawl(
    settings: Settings,
    store_ids: tuple[str, ...],
    all_stores: bool,
    log_level: str,
    index: bool,
    resume: bool,
) -> None:
    """Crawl stores from the stores file into the catalog database."""
    configured = load_stores(settings.stores_file)
    if all_stores == bool(store_ids):
        raise click.UsageError("name one or more STORE_IDs, or pass --all")
    chosen = (
        list(configured.values()) if all_stores else [get_store(configured, s) for s in store_ids]
    )
    require_current_schema(settings)
    outcomes = run_crawls(settings, chosen, log_level, resume=resume)
    if index:
        update_index(settings, [run.id for run in outcomes])
    if any(run.state != "finished" for run in outcomes):
        raise click.ClickException("some crawls did not finish cleanly (see the table above)")


def run_crawls(
    settings: Settings, stores: list[StoreConfig], log_level: str, resume: bool = False
) -> list[CrawlRun]:
    """Crawl in this process, then print and return each store's newest run."""
    ensure_idle(session_factory(settings.database_url), [store.id for store in stores])
    from crawler.run import crawl as crawl_stores

    jobs_dir = settings.home / "jobs" if resume else None
    crawl_stores(stores, log_level, jobs_dir, settings_module=CRAWL_SETTINGS_MODULE)
    with session_factory(settings.database_url)() as session:
        runs = [
            session.scalars(
                select(CrawlRun).where(CrawlRun.store_id == s.id).order_by(CrawlRun.id.desc())
            ).first()
            for s in stores
        ]
    print_runs([run for run in runs if run is not None])
    return [run for run in runs if run is not None]


def print_runs(runs: list[CrawlRun]) -> None:
    table = Table("store", "state", "products", "dropped", "pages dropped", "gone", "seconds")
    for run in runs:
        seconds = (run.finished_at - run.started_at).total_seconds() if run.finished_at else 0
        table.add_row(
            run.store_id,
            run.state,
            str(run.items_scraped),
            str(run.items_dropped),
            str(run.stats.get("haitao/pages_dropped", 0)),
            str(run.stats.get("haitao/products_gone", 0)),
            f"{seconds:.1f}",
        )
    console.print(table)


@click.command()
@click.pass_obj
def reindex(settings: Settings) -> None:
    """Rebuild the search index from the catalog database."""
    require_current_schema(settings)
    reindex_catalog(settings)


def update_index(settings: Settings, run_ids: list[int]) -> None:
    from operations import indexing

    with console.status("updating the search index…"):
        update = indexing.update_index(settings, run_ids)
    console.print(f"search index: {update.written} offers written, {update.deleted} removed")


def reindex_catalog(settings: Settings) -> int:
    from operations.indexing import rebuild_index

    with console.status("indexing the catalog…"):
        count = rebuild_index(settings)
    console.print(f"indexed {count} offers")
    return count


COMMANDS = (db, stores, crawl, reindex)
