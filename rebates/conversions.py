"""Conversions in: one path for postbacks, report imports and approved claims.

Idempotent on (network, transaction id): the first report creates the conversion and its
`earn` entry; later reports can only move it forward (pending → approved → reversed, or
pending → reversed), and each move is a compare-and-set on the status column followed by new
ledger entries in the same transaction, so concurrent or replayed reports never count twice.
The first report's amounts stand: a later report with other amounts for the same transaction
only moves its status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.errors import HaitaoError
from core.iso_codes import minor_digits
from core.tables import utcnow
from pricing.money import Money, MoneyError
from rebates.ledger import post
from rebates.programs import affiliate_share
from rebates.tables import Click, Conversion, Program

# new status → the statuses it may come from
TRANSITIONS = {"approved": ("pending",), "reversed": ("pending", "approved")}
EARLIEST = datetime(2000, 1, 1)


class ConversionError(HaitaoError):
    """A report that cannot become a conversion (unknown click, wrong network, bad amount)."""


class ConversionConflict(ConversionError):
    """A report about a known transaction that contradicts it (another click id)."""


@dataclass(frozen=True)
class ConversionReport:
    """What a network says about one order."""

    network: str
    transaction_id: str
    click_id: str
    order_amount: Decimal
    commission: Decimal
    currency: str
    status: str = "pending"
    occurred_at: datetime | None = None


def record(sessions: sessionmaker[Session], report: ConversionReport, source: str) -> str:
    """Apply a report; returns 'created', 'updated' or 'unchanged'."""
    if report.status not in ("pending", *TRANSITIONS):
        raise ConversionError(f"unknown status {report.status!r}")
    _check_known(sessions, report)
    conversion = _new_conversion(sessions, report, source)
    created = _insert(sessions, conversion)
    if not created:  # another report of this transaction was inserted meanwhile
        _check_known(sessions, report)
    moved = transition(sessions, report.network, report.transaction_id, report.status)
    return "created" if created else "updated" if moved else "unchanged"


def _check_known(sessions: sessionmaker[Session], report: ConversionReport) -> None:
    """A known transaction keeps its click: a report naming another one changes nothing."""
    with sessions() as session:
        known_click = session.scalar(
            select(Conversion.click_id).where(
                Conversion.network == report.network,
                Conversion.transaction_id == report.transaction_id,
            )
        )
    if known_click is not None and known_click != report.click_id:
        raise ConversionConflict(
            f"transaction {report.transaction_id!r} is already recorded with another click id"
        )


def _new_conversion(sessions: sessionmaker[Session], report: ConversionReport, source: str):
    with sessions() as session:
        return build_conversion(session, report, source)


def build_conversion(session: Session, report: ConversionReport, source: str) -> Conversion:
    """The conversion a first report makes (not yet added): checked against its click."""
    commission = _exact_money("commission", report.commission, report.currency)
    order = _exact_money("order_amount", report.order_amount, report.currency)
    click = session.scalar(select(Click).where(Click.click_id == report.click_id))
    if click is None:
        raise ConversionError(f"unknown click id {report.click_id!r}")
    program = session.get(Program, click.program_id)
    if program.network != report.network:
        raise ConversionError(f"click {report.click_id!r} is not from {report.network}")
    if report.currency != program.store.currency:
        raise ConversionError(
            f"currency {report.currency} is not the program's ({program.store.currency}); "
            "report amounts in the store's currency"
        )
    share = affiliate_share(program, commission)
    return Conversion(
        network=report.network,
        transaction_id=report.transaction_id,
        click_id=click.click_id,
        user_id=click.user_id,
        program_id=click.program_id,
        sub_id=click.sub_id,
        order_amount=order.amount,
        commission=commission.amount,
        share=share.amount,
        currency=report.currency,
        source=source,
        **({"occurred_at": occurred_at(report)} if report.occurred_at else {}),
    )


def _exact_money(name: str, amount: Decimal, currency: str) -> Money:
    """The amount as money, refused (never rounded) when it is negative or carries more
    decimals than the currency has (960.50 JPY), so nothing is booked other than reported."""
    try:
        money = Money(amount, currency)
        rounded = money.rounded()
    except (MoneyError, InvalidOperation) as exc:
        raise ConversionError(f"{name}: {exc}") from exc
    if rounded.amount != money.amount:
        raise ConversionError(
            f"{name} {amount} has more decimals than {currency} allows ({minor_digits(currency)})"
        )
    if money.amount < 0:
        raise ConversionError(f"{name} must not be negative")
    return rounded


def _insert(sessions: sessionmaker[Session], conversion: Conversion) -> bool:
    """Insert the conversion with its earn entry; False when it already exists."""
    try:
        with sessions.begin() as session:
            insert_conversion(session, conversion)
    except IntegrityError:
        return False
    return True


def insert_conversion(session: Session, conversion: Conversion) -> None:
    """Add the conversion and its `earn` entry (IntegrityError if the transaction is known)."""
    session.add(conversion)
    session.flush()
    moves = [("pending", conversion.share)]
    post(session, conversion.user_id, "earn", moves, conversion.currency, conversion=conversion)


def transition(sessions: sessionmaker[Session], network: str, transaction_id: str, to: str) -> bool:
    """Move a conversion to `to` if its current status allows it; False when nothing moved."""
    if to not in TRANSITIONS:
        return False
    with sessions.begin() as session:
        for source_status in TRANSITIONS[to]:
            moved = session.execute(
                update(Conversion)
                .where(
                    Conversion.network == network,
                    Conversion.transaction_id == transaction_id,
                    Conversion.status == source_status,
                )
                .values(status=to)
            )
            if moved.rowcount:
                _post_move(session, network, transaction_id, source_status, to)
                return True
    return False


def _post_move(session: Session, network: str, transaction_id: str, came_from: str, to: str):
    conversion = session.scalar(
        select(Conversion).where(
            Conversion.network == network, Conversion.transaction_id == transaction_id
        )
    )
    share = conversion.share
    account = "pending" if came_from == "pending" else "payable"
    moves = [(account, -share)] + ([("payable", share)] if to == "approved" else [])
    kind = "approve" if to == "approved" else "reverse"
    post(session, conversion.user_id, kind, moves, conversion.currency, conversion=conversion)


def occurred_at(report: ConversionReport) -> datetime:
    """The report's time as naive UTC, refused when it is not a plausible order time."""
    try:
        moment = naive_utc(report.occurred_at)
    except OverflowError as exc:  # year 1 or 9999 with an offset leaves the calendar
        raise ConversionError("occurred_at is out of range") from exc
    if moment < EARLIEST or moment > utcnow() + timedelta(days=1):
        raise ConversionError(
            f"occurred_at {moment.isoformat()} is not between {EARLIEST.date()} and tomorrow"
        )
    return moment


def naive_utc(moment: datetime) -> datetime:
    """Stored times are naive UTC; a report's offset, when it gives one, is honoured."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)
