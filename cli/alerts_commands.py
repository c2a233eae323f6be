"""`haitao alerts`: check every alert now, list them, or set one up for a user."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from core.catalogs import LANGUAGES
from core.errors import HaitaoError
from core.settings import Settings
from operations.bootstrap import migrated_sessions


@click.group()
def alerts() -> None:
    """Price alerts on net delivered cost: check them now, list them, add one."""


@alerts.command()
@click.pass_obj
def check(settings: Settings) -> None:
    """Evaluate every active alert now and send what fires (SMTP from SMTP_HOST, else
    the log; webhooks as JSON POSTs). The scheduler runs the same after crawls, reindexes and
    rate refreshes."""
    from operations.alert_checks import check_alerts

    migrated_sessions(settings)
    click.echo(check_alerts(settings))


@alerts.command(name="list")
@click.option("--email", default=None, help="Only this user's alerts.")
@click.pass_obj
def list_alerts(settings: Settings, email: str | None) -> None:
    """Every alert with its rule, last cost and last trigger."""
    from alerts.evaluate import describe_rule
    from alerts.tables import Alert

    with migrated_sessions(settings)() as session:
        query = select(Alert).order_by(Alert.id)
        if email:
            query = query.where(Alert.email == email)
        rows = list(session.scalars(query))
        table = Table("id", "e-mail", "product", "to", "rule", "last cost", "last fired", "state")
        for a in rows:
            table.add_row(
                str(a.id),
                a.email,
                f"{a.product_id} {a.product.title[:40]}",
                a.destination,
                describe_rule(a),
                f"{a.last_cost} {a.currency}" if a.last_cost is not None else "-",
                a.last_fired_at.strftime("%Y-%m-%d %H:%M") if a.last_fired_at else "never",
                ("armed" if a.armed else "fired") if a.active else "stopped",
            )
    Console().print(table)


@alerts.command()
@click.argument("email")
@click.argument("product_id", type=int)
@click.option("--to", "destination", required=True, help="Destination country (ISO 3166).")
@click.option("--currency", required=True, help="The shopper's currency (ISO 4217).")
@click.option("--target", default=None, help="Fire at or below this net delivered cost.")
@click.option("--drop", "drop_percent", default=None, help="Fire on a drop of this many %.")
@click.option("--in-stock", is_flag=True, help="Fire when the product is back in stock.")
@click.option("--webhook", default=None, help="POST JSON here instead of sending an e-mail.")
@click.option(
    "--language", type=click.Choice(LANGUAGES), default="en", show_default=True,
    help="The language its messages are written in.",
)  # fmt: skip
@click.pass_obj
def add(settings: Settings, email: str, product_id: int, **options) -> None:
    """Set up an alert for the user with this e-mail address on a catalog product."""
    from alerts.evaluate import AlertRequest, create_alert
    from operations.alert_checks import cost_book
    from pricing.exchange_rates.rate_table import require_latest_table
    from rebates.accounts import find_user

    request = _request(email, product_id, **options)
    with migrated_sessions(settings).begin() as session:
        user = find_user(session, email)
        if user is None:
            raise HaitaoError(f"no user {email!r} (add one with `haitao users add`)")
        book = cost_book(session, settings, require_latest_table(session))
        alert = create_alert(session, book, AlertRequest(user_id=user.id, **request))
        cost = f"{alert.last_cost} {alert.currency}" if alert.last_cost is not None else "no price"
        click.echo(
            f"alert {alert.id}: {alert.kind} on product {product_id} "
            f"to {alert.destination}, now {cost}"
        )


def _request(
    email, product_id, destination, currency, target, drop_percent, in_stock, webhook, language
):
    kinds = [
        k for k, on in (("target", target), ("drop", drop_percent), ("in_stock", in_stock)) if on
    ]
    if len(kinds) != 1:
        raise click.UsageError("give exactly one of --target, --drop and --in-stock")
    return {
        "email": email,
        "product_id": product_id,
        "destination": destination.upper(),
        "currency": currency.upper(),
        "kind": kinds[0],
        "target": target,
        "drop_percent": drop_percent,
        "channel": "webhook" if webhook else "email",
        "webhook_url": webhook,
        "language": language,
    }


COMMANDS = (alerts,)
