"""`haitao rates`: fetch exchange rates and show the stored ones with their source and date."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import click
from rich.console import Console
from rich.table import Table

from core.db import session_factory
from core.errors import HaitaoError
from core.settings import Settings
from operations.bootstrap import require_current_schema
from pricing.exchange_rates.rate_table import latest_table, set_manual_rate
from pricing.exchange_rates.refresh import FetchAttempt, recent_attempts, refresh_stored_rates


@click.group()
def rates() -> None:
    """Exchange rates: refresh them from their sources, or show what is stored."""


@rates.command()
@click.pass_obj
def refresh(settings: Settings) -> None:
    """Fetch rates: forex-python, then the ECB daily XML, then the bundled snapshot.

    Each source gets a short deadline (HAITAO_FX_DEADLINE seconds, default 10); its rates must
    be positive and within 20% of the last good ones. A failing source falls back to the next,
    and every attempt is recorded (see `haitao rates show`).
    """
    require_current_schema(settings)
    outcome = refresh_stored_rates(settings)
    attempts, table = outcome.attempts, outcome.table
    console = Console(stderr=True, highlight=False)
    for attempt in attempts:
        outcome = "ok" if attempt.ok else "failed"
        console.print(
            f"{attempt.source}: {outcome}: {attempt.reason}", markup=False, soft_wrap=True
        )
    click.echo(f"rates: {table.source}, {table.as_of.isoformat()} ({len(table.per_pivot)} rates)")
    from operations.alert_checks import check_alerts_quietly

    console.print(check_alerts_quietly(settings), markup=False)


@rates.command(name="import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.pass_obj
def import_file(settings: Settings, path: str) -> None:
    """Store every day of an ECB reference-rates file: the daily file, the 90-day history
    (eurofxref-hist-90d.xml) or the full history (eurofxref-hist.xml). Days already stored
    from the ECB are kept as they are."""
    from pathlib import Path

    from pricing.exchange_rates.ecb import EcbFormatError, parse_ecb_days
    from pricing.exchange_rates.rate_table import store_tables

    require_current_schema(settings)
    try:
        tables = parse_ecb_days(Path(path).read_bytes())
    except EcbFormatError as exc:
        raise HaitaoError(f"{path}: not an ECB rates file ({exc})") from None
    with session_factory(settings.database_url).begin() as session:
        store_tables(session, tables)
    first, last = tables[0].as_of.isoformat(), tables[-1].as_of.isoformat()
    click.echo(f"rates: {len(tables)} days of ECB reference rates, {first} to {last}")


@rates.command()
@click.pass_obj
def show(settings: Settings) -> None:
    """The rates in use (one source and date, and manual rates for what it lacks) and the
    latest fetch attempts."""
    require_current_schema(settings)
    with session_factory(settings.database_url)() as session:
        table = latest_table(session)
        attempts = recent_attempts(session)
    if table is None:
        raise HaitaoError("no exchange rates stored: run `haitao db upgrade`")
    shown = Table("currency", "per 1 EUR", "source", "date", title="Rates in use")
    for currency, rate in sorted(table.per_pivot.items()):
        source, as_of = table.source_of(currency)
        shown.add_row(currency, str(rate), source, as_of.isoformat())
    console = Console()
    console.print(shown)
    if attempts:
        console.print(_attempts_table(attempts))


@rates.command(name="set")
@click.argument("currency")
@click.argument("rate")
@click.option(
    "--date",
    "day",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day the rate is for (YYYY-MM-DD): it is shown beside every converted price.",
)
@click.pass_obj
def set_rate(settings: Settings, currency: str, rate: str, day) -> None:
    """Set a manual rate: 1 EUR = RATE CURRENCY on --date, for a currency no source
    publishes (UAH, …). It is shown with source "manual" and its own date; a published
    rate for the currency, once one exists, is used instead. Run `haitao reindex` after."""
    require_current_schema(settings)
    try:
        amount = Decimal(rate)
    except InvalidOperation:
        raise HaitaoError(f"rate {rate!r}: not a number") from None
    with session_factory(settings.database_url).begin() as session:
        set_manual_rate(session, currency, amount, day.date())
    click.echo(f"rate: 1 EUR = {amount} {currency.upper()} (manual, {day.date().isoformat()})")


def _attempts_table(attempts: list[FetchAttempt]) -> Table:
    table = Table("when (UTC)", "source", "outcome", "date", "reason", title="Fetch attempts")
    for attempt in attempts:
        table.add_row(
            attempt.attempted_at.strftime("%Y-%m-%d %H:%M:%S"),
            attempt.source,
            "ok" if attempt.ok else "failed",
            attempt.as_of.isoformat() if attempt.as_of else "",
            attempt.reason,
        )
    return table


COMMANDS = (rates,)
