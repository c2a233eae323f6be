"""`haitao landed-cost`: what an item costs delivered to a country, by every route."""

from __future__ import annotations

import json

import click
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from core.config_files import describe_error
from core.errors import HaitaoError
from core.settings import Settings
from core.stores import Seller, load_stores, sellers_of
from pricing.exchange_rates.rate_table import RateTable, latest_table, load_snapshot
from pricing.landed.breakdown import Breakdown
from pricing.landed.offers import sellers_for_offer
from pricing.landed.request import LandedCostRequest, answer, answer_json
from pricing.landed.rulebook import bundled_rulebook
from pricing.money import Money


@click.command("landed-cost")
@click.option("--to", "to", required=True, help="Destination country (ISO 3166), e.g. CN.")
@click.option("--price", required=True, help='Item price with its currency, e.g. "59.99 USD".')
@click.option("--category", required=True, help="Store category or duty category (skincare…).")
@click.option("--weight-kg", default=None, help="Shipping weight; estimated from the category.")
@click.option("--shipping", default=None, help='Direct shipping cost, e.g. "8 USD".')
@click.option("--from", "origin", default=None, help="Country it ships from (without --store).")
@click.option("--store", default=None, help="Store id: its origin and shipping table are used.")
@click.option(
    "--offer",
    default=None,
    help="An offer of --store (store:product:offer, as in search results): its feed's "
    "shipping prices are used. Needs a crawled catalog.",
)
@click.option(
    "--route",
    type=click.Choice(["direct", "forwarder", "bonded"]),
    default=None,
    help="Only this route (default: every route, the cheapest marked).",
)
@click.option(
    "--regime",
    type=click.Choice(["cbec", "postal", "general"]),
    default=None,
    help="China only: force a customs regime (default: from the route and the store).",
)
@click.option("--currency", default=None, help="Currency of the answer (default: destination's).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (decimals as strings).")
@click.pass_obj
def landed_cost(settings: Settings, as_json: bool, **given: str | None) -> None:
    """The landed cost of an item: item, shipping, duty, VAT/GST, fees, total, by route.

    Without --route every route is shown and the cheapest is marked. Rules come from
    config/destinations/, forwarders from config/forwarders.yaml, rates from the database
    (or the bundled snapshot before `haitao db upgrade`).
    """
    fields = {("from" if k == "origin" else k): v for k, v in given.items() if v is not None}
    try:
        request = LandedCostRequest.model_validate(fields)
    except ValidationError as exc:
        raise HaitaoError(describe_error(exc).replace("field 'from'", "--from")) from None
    sellers = sellers_of(load_stores(settings.stores_file)) if request.store else {}
    rates = current_rates(settings)
    if request.offer is not None:
        sellers = offer_sellers(settings, sellers, request.offer, rates)
    breakdowns = answer(request, bundled_rulebook(), rates, sellers)
    if as_json:
        click.echo(json.dumps(answer_json(breakdowns, rates), ensure_ascii=False, indent=2))
        return
    console = Console(highlight=False)
    for breakdown in breakdowns:
        console.print(_heading(breakdown), markup=False, style="bold", soft_wrap=True)
        console.print(_table(breakdown))
        for rule in breakdown.rules:
            console.print(f"  rule: {rule}", markup=False, soft_wrap=True)
        for warning in breakdown.warnings:
            console.print(f"  warning: {warning}", markup=False, style="yellow", soft_wrap=True)
        console.print()
    console.print(f"rates: {rates.source}, {rates.as_of.isoformat()}")


def offer_sellers(
    settings: Settings, sellers: dict[str, Seller], offer: str, rates: RateTable
) -> dict[str, Seller]:
    from operations.bootstrap import migrated_sessions

    with migrated_sessions(settings)() as session:
        return sellers_for_offer(session, sellers, offer, rates)


def current_rates(settings: Settings) -> RateTable:
    """The newest stored rates; the bundled snapshot when the database has none yet."""
    from core.db import session_factory
    from operations.bootstrap import require_current_schema

    try:
        require_current_schema(settings)
    except HaitaoError:
        return load_snapshot(settings.fx_snapshot_file)
    with session_factory(settings.database_url)() as session:
        return latest_table(session) or load_snapshot(settings.fx_snapshot_file)


def _heading(breakdown: Breakdown) -> str:
    title = f"{breakdown.destination} by {breakdown.route}"
    if breakdown.forwarder:
        title += f" ({breakdown.forwarder})"
    if breakdown.regime:
        title += f", {breakdown.regime}"
    if breakdown.cheapest:
        title += " ← cheapest"
    return title


def _table(breakdown: Breakdown) -> Table:
    table = Table("", breakdown.currency)
    for line in breakdown.lines:
        table.add_row(line.label, _shown(line.amount, breakdown.currency))
    table.add_row("total", _shown(breakdown.total.amount, breakdown.currency), style="bold")
    return table


def _shown(amount, currency: str) -> str:
    return str(Money(amount, currency).rounded().amount)


COMMANDS = (landed_cost,)
