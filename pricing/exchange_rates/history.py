"""Exchange rates by date: every stored day kept, and a price converted at its own day's rate.

A price observed on 3 October is converted at the rates of 3 October (or of the nearest earlier
publication day: the ECB publishes on working days only), so a chart or a price move shows what
the price was worth then, not what it is worth at today's rate.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from pricing.exchange_rates.rate_table import PIVOT, FxRate, RateTable, UnknownRate
from pricing.landed.words import Words
from pricing.money import Money


@dataclass(frozen=True)
class DatedRate:
    day: date
    rate: Decimal  # units per 1 EUR
    source: str


@dataclass
class RateHistory:
    """Per currency, its EUR rate by day; a day without a publication takes the last before it
    (or, before the first, the first: the oldest rate known is the best guess there is)."""

    _days: dict[str, list[date]] = field(default_factory=dict)
    _rates: dict[str, list[DatedRate]] = field(default_factory=dict)
    # `table_on`'s tables by day: the same object for the same day keeps the landed-cost
    # engine's per-table caches (resolved rules, rates) warm across offers and requests.
    _tables: dict[date, RateTable] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_tables(cls, tables: Iterable[RateTable]) -> RateHistory:
        """Later tables of the same day win (pass them oldest fetch first)."""
        by_currency: dict[str, dict[date, DatedRate]] = {}
        for table in tables:
            for currency, rate in table.per_pivot.items():
                dated = DatedRate(table.as_of, rate, table.source)
                by_currency.setdefault(currency, {})[table.as_of] = dated
        history = cls()
        for currency, days in by_currency.items():
            ordered = [days[day] for day in sorted(days)]
            history._rates[currency] = ordered
            history._days[currency] = [dated.day for dated in ordered]
        return history

    def currencies(self) -> set[str]:
        return set(self._rates) | {PIVOT}

    def rate_on(self, currency: str, day: date) -> DatedRate:
        """The EUR rate of `currency` in force on `day`."""
        if currency == PIVOT:
            return DatedRate(day, Decimal(1), "pivot")
        days = self._days.get(currency)
        if not days:
            raise UnknownRate(Words("no %(pivot)s/%(currency)s rate stored", pivot=PIVOT,
                                    currency=currency))  # fmt: skip
        index = max(bisect_right(days, day) - 1, 0)
        return self._rates[currency][index]

    def rate(self, base: str, quote: str, day: date) -> Decimal:
        """How many `quote` one `base` bought on `day`, crossed through EUR."""
        return self.rate_on(quote, day).rate / self.rate_on(base, day).rate

    def convert(self, money: Money, currency: str, day: date) -> Money:
        """Exact (unrounded) conversion at `day`'s rates."""
        if money.currency == currency:
            return money
        return Money(money.amount * self.rate(money.currency, currency, day), currency)

    def table_on(self, day: date) -> RateTable:
        """Every currency's rate in force on `day`, as one table (for the landed-cost engine);
        made once per day."""
        table = self._tables.get(day)
        if table is None:
            table = self._tables[day] = self._table_on(day)
        return table

    def _table_on(self, day: date) -> RateTable:
        per_pivot = {c: self.rate_on(c, day).rate for c in self._rates}
        sources = {self.rate_on(c, day).source for c in self._rates}
        source = sources.pop() if len(sources) == 1 else "stored rates"
        return RateTable(source=source, as_of=day, per_pivot=per_pivot)


def load_history(session: Session, since: date | None = None) -> RateHistory:
    """The stored rates of every day (from `since`, plus the day in force then), every source;
    of two sources for one day, the later fetched wins."""
    query = select(FxRate.source, FxRate.quote, FxRate.rate, FxRate.as_of).where(
        FxRate.base == PIVOT
    )
    if since is not None:
        query = query.where(FxRate.as_of >= _last_day_before(session, since))
    rows = session.execute(query.order_by(FxRate.as_of, FxRate.fetched_at, FxRate.id))
    tables: dict[tuple[date, str], dict[str, Decimal]] = {}
    for source, quote, rate, as_of in rows:
        tables.setdefault((as_of, source), {})[quote] = rate
    return RateHistory.from_tables(
        RateTable(source=source, as_of=as_of, per_pivot=rates)
        for (as_of, source), rates in tables.items()
    )


def _last_day_before(session: Session, day: date) -> date:
    found = session.scalar(
        select(FxRate.as_of).where(FxRate.as_of <= day).order_by(FxRate.as_of.desc()).limit(1)
    )
    return found or day
