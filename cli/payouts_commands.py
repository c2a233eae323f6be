"""Operator commands on money: missing-cashback claims and payout batches."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from cli.rebates_commands import DECIMAL
from core.settings import Settings
from operations.bootstrap import migrated_sessions

console = Console()


@click.group()
def claims() -> None:
    """Missing-cashback claims."""


@claims.command("list")
@click.option("--state", default="open", show_default=True)
@click.pass_obj
def list_claims(settings: Settings, state: str) -> None:
    """List claims in one state (open, approved, rejected, refused)."""
    from rebates.tables import Claim, User

    table = Table("id", "affiliate", "store", "order", "date", "amount", "click", "reason")
    with migrated_sessions(settings)() as session:
        rows = session.execute(
            select(Claim, User.email).join(User).where(Claim.state == state).order_by(Claim.id)
        )
        for claim, email in rows:
            table.add_row(
                str(claim.id), email, claim.program.store_id, claim.order_id,
                claim.order_date.isoformat(), f"{claim.amount} {claim.currency}",
                claim.click_id or "", claim.reason,
            )  # fmt: skip
    console.print(table)


@claims.command("approve")
@click.argument("claim_id", type=int)
@click.pass_obj
def approve(settings: Settings, claim_id: int) -> None:
    """Approve a claim: it becomes a pending conversion."""
    from rebates.claims import approve_claim

    claim = approve_claim(migrated_sessions(settings), claim_id)
    click.echo(f"claim {claim_id} approved as conversion {claim.conversion_id}")


@claims.command("reject")
@click.argument("claim_id", type=int)
@click.option("--reason", required=True, help="Shown to the affiliate.")
@click.pass_obj
def reject(settings: Settings, claim_id: int, reason: str) -> None:
    """Reject a claim with a reason the affiliate will read."""
    from rebates.claims import reject_claim

    with migrated_sessions(settings).begin() as session:
        reject_claim(session, claim_id, reason)
    click.echo(f"claim {claim_id} rejected")


@click.group()
def payouts() -> None:
    """Payout batches."""


@payouts.command("create")
@click.argument("currency")
@click.option("--minimum", type=DECIMAL, required=True, help="Minimum payable amount.")
@click.pass_obj
def create(settings: Settings, currency: str, minimum) -> None:
    """Batch every affiliate owed at least --minimum in CURRENCY."""
    from rebates.ledger import create_payout

    with migrated_sessions(settings).begin() as session:
        payout = create_payout(session, currency.upper(), minimum)
        total = sum((item.amount for item in payout.items), start=minimum * 0)
        click.echo(f"payout {payout.id}: {len(payout.items)} affiliates, {total} {currency}")


@payouts.command("paid")
@click.argument("payout_id", type=int)
@click.pass_obj
def paid(settings: Settings, payout_id: int) -> None:
    """Mark a batch paid (once the bank transfer went out)."""
    from rebates.ledger import mark_paid

    with migrated_sessions(settings).begin() as session:
        mark_paid(session, payout_id)
    click.echo(f"payout {payout_id} marked paid")


COMMANDS = [claims, payouts]
