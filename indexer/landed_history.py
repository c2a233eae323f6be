"""Drops and lows of the delivered cost, per destination, from an offer's price observations.

The store-price badges (`price_drop`, `lowest_90d`) follow the store's own price. A shopper
pays the delivered cost in their currency, which also moves with the exchange rates: here each
observed price is priced delivered (`indexer.build.landed_routes`) at its own day's rates, in
the destination's own currency (the one its customs rules are written in), and
`pricing.price_moves.window_signals` finds the 30-day drop and the 90-day low of that series,
today's cost (at today's rates) included. So an exchange-rate move alone can make a drop.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from indexer.documents import DESTINATIONS
from pricing.exchange_rates.history import RateHistory
from pricing.exchange_rates.rate_table import PIVOT, RateTable, UnknownRate
from pricing.landed.rulebook import bundled_rulebook
from pricing.money import Money
from pricing.price_moves import window_signals

DROP_DAYS, LOW_DAYS = 30, 90
# a store price at one day's rates → its cheapest landed cost per destination, in the pivot
LandedCost = Callable[[Money, RateTable], Mapping[str, Money]]


class LandedHistory:
    """Delivered-cost signals for many offers at one moment (rate tables built once a day)."""

    def __init__(self, history: RateHistory, rates: RateTable, now: datetime) -> None:
        self.history, self.rates, self.now = history, rates, now
        rulebook = bundled_rulebook()
        self.local = {dest: rulebook.currency_of(dest) for dest in DESTINATIONS}
        self._tables: dict[date, RateTable] = {}

    def signals(
        self,
        observed: Sequence[tuple[datetime, Decimal]],
        price: Money,
        landed_now: Mapping[str, Money],
        landed: LandedCost,
    ) -> tuple[dict[str, Decimal], tuple[str, ...]]:
        """(destination → drop share, destinations at their 90-day low) of one offer.

        `observed` are its store prices (from when, price), oldest first, led by the one in
        force when the 90-day window opened; `landed_now` today's landed costs (pivot)."""
        points = self._dated(observed)
        if not points:
            return {}, ()
        try:
            series = self._series(points, price.currency, landed)
            current = {d: self._local(cost, d, self.rates) for d, cost in landed_now.items()}
        except UnknownRate:
            return {}, ()
        drops, lows = {}, []
        for dest in DESTINATIONS:
            if dest not in current or not series.get(dest):
                continue
            drop, lowest = window_signals(series[dest], current[dest], self.now)
            if drop > 0:
                drops[dest] = drop
            if lowest:
                lows.append(dest)
        return drops, tuple(lows)

    def _dated(
        self, observed: Sequence[tuple[datetime, Decimal]]
    ) -> list[tuple[datetime, Decimal]]:
        """The observations inside the 90-day window, plus the prices in force when the 90-
        and the 30-day windows opened, dated then (so they convert at those days' rates)."""
        opens = [self.now - timedelta(days=days) for days in (LOW_DAYS, DROP_DAYS)]
        points = [(at, price) for at, price in observed if at > opens[0]]
        for moment in opens:
            before = [price for at, price in observed if at <= moment]
            if before:
                points.append((moment, before[-1]))
        return sorted(points)

    def _series(
        self, points: list[tuple[datetime, Decimal]], currency: str, landed: LandedCost
    ) -> dict[str, list[tuple[datetime, Decimal]]]:
        series: dict[str, list[tuple[datetime, Decimal]]] = {}
        for at, amount in points:
            table = self._table(at.date())
            for dest, cost in landed(Money(amount, currency), table).items():
                if dest in self.local:
                    series.setdefault(dest, []).append((at, self._local(cost, dest, table)))
        return series

    def _local(self, cost: Money, destination: str, table: RateTable) -> Decimal:
        local = self.local[destination]
        return cost.amount if local == PIVOT else cost.amount * table.rate(PIVOT, local)

    def _table(self, day: date) -> RateTable:
        if day not in self._tables:
            self._tables[day] = self.history.table_on(day)
        return self._tables[day]
