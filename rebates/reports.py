"""What an affiliate sees: totals, rates and breakdowns over a date range, and CSV exports."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.tables import Store
from pricing.money import Money
from rebates.ledger import balances
from rebates.tables import Click, Conversion, LedgerEntry, Program


@dataclass
class Breakdown:
    """One row of a breakdown: by store or by sub-ID."""

    key: str
    clicks: int = 0
    conversions: int = 0
    earnings: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))


@dataclass
class Report:
    start: date
    end: date
    clicks: int
    conversions: int
    by_status: dict[str, dict[str, Decimal]]
    by_store: list[Breakdown]
    by_sub_id: list[Breakdown]
    daily: dict[str, dict[date, Decimal]]
    balances: dict[str, dict[str, Decimal]]

    @property
    def conversion_rate(self) -> Decimal | None:
        """Conversions per counted click, as a percentage with two decimals."""
        if not self.clicks:
            return None
        return (Decimal(self.conversions) * 100 / self.clicks).quantize(Decimal("0.01"))

    def earnings(self) -> dict[str, Decimal]:
        """Earned and not reversed, per currency."""
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for status, per_currency in self.by_status.items():
            for currency, amount in per_currency.items():
                if status != "reversed":
                    totals[currency] += amount
        return dict(totals)

    def epc(self) -> dict[str, Money]:
        """Earnings per counted click, per currency, rounded to the currency's minor unit."""
        if not self.clicks:
            return {}
        return {c: Money(a / self.clicks, c).rounded() for c, a in self.earnings().items()}


def _range(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)


def build_report(session: Session, user_id: int, start: date, end: date) -> Report:
    low, high = _range(start, end)
    clicks = session.execute(
        select(Click.sub_id, Store.name)
        .join(Program, Program.id == Click.program_id)
        .join(Store, Store.id == Program.store_id)
        .where(Click.user_id == user_id, Click.counted.is_(True), Click.at >= low, Click.at < high)
    ).all()
    conversions = _conversions(session, user_id, low, high)
    by_status: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    by_store: dict[str, Breakdown] = {}
    by_sub: dict[str, Breakdown] = {}
    daily: dict[str, dict[date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for sub_id, store_name in clicks:
        by_store.setdefault(store_name, Breakdown(store_name)).clicks += 1
        by_sub.setdefault(sub_id, Breakdown(sub_id)).clicks += 1
    for conversion, store_name in conversions:
        by_status[conversion.status][conversion.currency] += conversion.share
        for row in (
            by_store.setdefault(store_name, Breakdown(store_name)),
            by_sub.setdefault(conversion.sub_id, Breakdown(conversion.sub_id)),
        ):
            row.conversions += 1
            if conversion.status != "reversed":
                row.earnings[conversion.currency] += conversion.share
        if conversion.status != "reversed":
            daily[conversion.currency][conversion.occurred_at.date()] += conversion.share
    return Report(
        start=start,
        end=end,
        clicks=len(clicks),
        conversions=len(conversions),
        by_status={status: dict(v) for status, v in by_status.items()},
        by_store=sorted(by_store.values(), key=lambda b: b.key),
        by_sub_id=sorted(by_sub.values(), key=lambda b: b.key),
        daily={currency: dict(v) for currency, v in daily.items()},
        balances=balances(session, user_id),
    )


def _conversions(session: Session, user_id: int, low: datetime, high: datetime):
    return session.execute(
        select(Conversion, Store.name)
        .join(Program, Program.id == Conversion.program_id)
        .join(Store, Store.id == Program.store_id)
        .where(
            Conversion.user_id == user_id,
            Conversion.occurred_at >= low,
            Conversion.occurred_at < high,
        )
        .order_by(Conversion.occurred_at)
    ).all()


CONVERSION_COLUMNS = [
    "occurred_at", "store", "sub_id", "network", "transaction_id", "status",
    "order_amount", "commission", "your_share", "currency", "source",
]  # fmt: skip


# A spreadsheet runs a cell starting with one of these as a formula (=HYPERLINK(…) phones home).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text from outside (transaction ids, store names, sub-IDs) is prefixed with a quote when
    a spreadsheet would read it as a formula; numbers stay numbers (a negative amount is -9.60)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose every row goes through `safe_cell`."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: list[object]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])


def conversions_csv(session: Session, user_id: int, start: date, end: date) -> str:
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(CONVERSION_COLUMNS)
    for c, store_name in _conversions(session, user_id, *_range(start, end)):
        writer.writerow([
            c.occurred_at.isoformat(timespec="seconds"), store_name, c.sub_id, c.network,
            c.transaction_id, c.status, c.order_amount, c.commission, c.share, c.currency,
            c.source,
        ])  # fmt: skip
    return out.getvalue()


def statement_csv(session: Session, user_id: int) -> str:
    """Every ledger entry of the affiliate, oldest first, then the balances they sum to."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["date", "kind", "account", "amount", "currency", "transaction_id", "payout"])
    entries = session.execute(
        select(LedgerEntry, Conversion.transaction_id)
        .outerjoin(Conversion, Conversion.id == LedgerEntry.conversion_id)
        .where(LedgerEntry.user_id == user_id)
        .order_by(LedgerEntry.id)
    ).all()
    for entry, transaction_id in entries:
        writer.writerow([
            entry.created_at.isoformat(timespec="seconds"), entry.kind, entry.account,
            entry.amount, entry.currency, transaction_id or "", entry.payout_id or "",
        ])  # fmt: skip
    for currency, accounts in sorted(balances(session, user_id).items()):
        for account, amount in accounts.items():
            writer.writerow(["balance", "", account, amount, currency, "", ""])
    return out.getvalue()
