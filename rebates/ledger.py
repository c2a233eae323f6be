"""The earnings ledger: append-only entries, balances derived from them, payout batches."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.errors import HaitaoError
from core.iso_codes import is_currency
from core.tables import utcnow
from pricing.money import Money
from rebates.tables import Conversion, LedgerEntry, Payout, PayoutItem

# Where an affiliate's money sits: earned but not yet approved by the network, approved and
# owed, reserved in an open payout batch, and paid out.
ACCOUNTS = ("pending", "payable", "processing", "paid")

Balances = dict[str, dict[str, Decimal]]


class PayoutError(HaitaoError):
    """A payout batch that cannot be created or paid."""


def post(
    session: Session,
    user_id: int,
    kind: str,
    moves: list[tuple[str, Decimal]],
    currency: str,
    *,
    conversion: Conversion | None = None,
    payout_id: int | None = None,
) -> None:
    """Append one entry per (account, amount) move; nothing in the ledger is ever edited."""
    for account, amount in moves:
        session.add(
            LedgerEntry(
                user_id=user_id,
                kind=kind,
                account=account,
                amount=amount,
                currency=currency,
                commission=conversion.commission if conversion and kind == "earn" else None,
                conversion_id=conversion.id if conversion else None,
                payout_id=payout_id,
            )
        )


def balances(session: Session, user_id: int | None = None) -> Balances:
    """{currency: {account: amount}} summed from the entries (Decimal, so sums are exact)."""
    query = select(LedgerEntry.currency, LedgerEntry.account, LedgerEntry.amount)
    if user_id is not None:
        query = query.where(LedgerEntry.user_id == user_id)
    totals: Balances = defaultdict(lambda: dict.fromkeys(ACCOUNTS, Decimal(0)))
    for currency, account, amount in session.execute(query):
        totals[currency][account] += amount
    # Every entry is already rounded; this only writes an empty account as 0.00 (or 0 yen).
    return {
        currency: {account: Money(a, currency).rounded().amount for account, a in accounts.items()}
        for currency, accounts in totals.items()
    }


def payable_by_user(session: Session, currency: str) -> dict[int, Decimal]:
    rows = session.execute(
        select(LedgerEntry.user_id, LedgerEntry.amount).where(
            LedgerEntry.currency == currency, LedgerEntry.account == "payable"
        )
    )
    owed: dict[int, Decimal] = defaultdict(Decimal)
    for user_id, amount in rows:
        owed[user_id] += amount
    return owed


MAX_MINIMUM = Decimal(10) ** 9


def create_payout(session: Session, currency: str, minimum: Decimal) -> Payout:
    """A batch paying every affiliate whose payable balance is at least `minimum`.

    The amounts move from payable to processing now, so approvals or reversals that arrive
    while the batch is open cannot change what it pays. There is at most one open batch per
    currency (a partial unique index, so two concurrent requests cannot both open one) and
    never an empty one. The batch row is written before the balances are read: on SQLite
    that takes the write lock first, so the balances read are the latest committed ones.
    """
    _check_payout_input(currency, minimum)
    open_batch = session.scalar(
        select(Payout.id).where(Payout.currency == currency, Payout.state == "open")
    )
    if open_batch is not None:
        raise PayoutError(f"payout batch {open_batch} in {currency} is still open; pay it first")
    payout = Payout(currency=currency, minimum=minimum)
    session.add(payout)
    try:
        session.flush()
    except IntegrityError as exc:
        raise PayoutError(f"another payout batch in {currency} was opened just now") from exc
    owed = {u: a for u, a in sorted(payable_by_user(session, currency).items()) if a >= minimum}
    if not owed:
        raise PayoutError(f"nobody is owed at least {minimum} {currency}; no batch was made")
    for user_id, amount in owed.items():
        session.add(PayoutItem(payout_id=payout.id, user_id=user_id, amount=amount))
        moves = [("payable", -amount), ("processing", amount)]
        post(session, user_id, "payout", moves, currency, payout_id=payout.id)
    session.flush()
    return payout


def _check_payout_input(currency: str, minimum: Decimal) -> None:
    if not is_currency(currency):
        raise PayoutError(f"unknown currency {currency!r} (an ISO 4217 code, like USD)")
    if not isinstance(minimum, Decimal) or not minimum.is_finite():
        raise PayoutError("the minimum payable amount must be a finite number")
    if minimum <= 0 or minimum > MAX_MINIMUM:
        raise PayoutError(f"the minimum payable amount must be above 0 and at most {MAX_MINIMUM}")


def mark_paid(session: Session, payout_id: int) -> Payout:
    """Record that the batch's money left the bank: processing → paid, once."""
    claimed = session.execute(
        update(Payout)
        .where(Payout.id == payout_id, Payout.state == "open")
        .values(state="paid", paid_at=utcnow())
    )
    payout = session.get(Payout, payout_id)
    if payout is None:
        raise PayoutError(f"no payout batch {payout_id}")
    if claimed.rowcount == 0:
        raise PayoutError(f"payout batch {payout_id} is already {payout.state}")
    for item in payout.items:
        moves = [("processing", -item.amount), ("paid", item.amount)]
        post(session, item.user_id, "paid", moves, payout.currency, payout_id=payout.id)
    return payout


def entry_count(session: Session) -> int:
    return session.scalar(select(func.count(LedgerEntry.id))) or 0
