"""Commands on the catalog: the database schema, the stores file, crawls, the search index."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from core.crawl_runs import ensure_idle
from core.db import current_revision, head_revision, session_factory
from core.settings import Settings
from core.stores import StoreConfig, get_store, load_stores
from core.tables import CrawlRun
from operations.bootstrap import prepare_database, require_current_schema
from operations.runners.base import CRAWL_SETTINGS_MODULE
from pricing.exchange_rates.rate_table import RateTable, latest_table, load_snapshot

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
    """Validate the stores file and list its stores; warn of currencies no rate converts."""
    table = Table("id", "name", "platform", "country", "currency", "url")
    configured = load_stores(settings.stores_file)
    for store in configured.values():
        table.add_row(
            store.id, store.name, store.platform, store.country, store.currency, store.url
        )
    Console().print(table)
    rates = rates_in_use(settings)
    for store in configured.values():
        if not rates.converts(store.currency):
            console.print(
                f"warning: store '{store.id}' prices in {store.currency}, which no exchange rate "
                f"converts ({rates.source}, {rates.as_of}): its offers will not be searchable; "
                f"set one with `haitao rates set {store.currency} RATE --date YYYY-MM-DD`",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )


def rates_in_use(settings: Settings) -> RateTable:
    """The database's rates when it is migrated and has some, else the bundled snapshot
    (`haitao stores` works before `haitao db upgrade`, and creates no database)."""
    url = settings.database_url
    missing = url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists()
    try:
        if not missing and current_revision(url) == head_revision():
            with session_factory(url)() as session:
                table = latest_table(session)
                if table is not None:
                    return table
    except SQLAlchemyError:
        pass  # an unreachable database: the snapshot still tells which currencies it has
    return load_snapshot(settings.fx_snapshot_file)


def warn_unsearchable(settings: Settings) -> None:
    """One line per currency whose listed offers no exchange rate converts, and one for GTINs
    that products of different brands carry."""
    from indexer.coverage import (
        conflict_lines,
        gtin_conflicts,
        not_searchable_lines,
        offers_without_rate,
    )

    with session_factory(settings.database_url)() as session:
        table = latest_table(session)
        counts = offers_without_rate(session, table) if table is not None else {}
        conflicts = gtin_conflicts(session)
    for line in not_searchable_lines(counts) + conflict_lines(conflicts):
        console.print(f"warning: {line}", markup=False, highlight=False, soft_wrap=True)


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
        check_alerts_after(settings)
    warn_unsearchable(settings)
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
    warn_unsearchable(settings)
    check_alerts_after(settings)


def check_alerts_after(settings: Settings) -> None:
    """Delivered costs may have moved: check the alerts (as the scheduler does)."""
    from operations.alert_checks import check_alerts_quietly

    console.print(check_alerts_quietly(settings), markup=False)


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
