"""Drops and lows of the delivered cost: each observed store price landed at its own day's
rates, in the destination's own currency, against today's landed cost."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from indexer.landed_history import LandedHistory
from pricing.exchange_rates.history import RateHistory
from pricing.exchange_rates.rate_table import RateTable
from pricing.money import Money

NOW = datetime(2026, 12, 1, 12, 0)
FEE = Decimal(2)  # a flat delivery fee, in euros (the pivot)


def table(days_ago: int, usd: str) -> RateTable:
    """Rates published `days_ago` before NOW: `usd` dollars and 8 yuan to the euro."""
    day = NOW.date() - timedelta(days=days_ago)
    return RateTable("test", day, {"USD": Decimal(usd), "CNY": Decimal(8)})


def landed(price: Money, rates: RateTable) -> dict[str, Money]:
    """The store price in euros plus the fee, to China and to Germany."""
    cost = Money(rates.convert(price, "EUR").amount + FEE, "EUR")
    return {"CN": cost, "DE": cost}


def signals(tables: list[RateTable], observed: list[tuple[int, str]], today: str):
    """The signals of a dollar offer observed at (days ago, price), priced `today` now."""
    rates = tables[-1]
    history = LandedHistory(RateHistory.from_tables(tables), rates, NOW)
    points = [(NOW - timedelta(days=ago), Decimal(price)) for ago, price in observed]
    price = Money(Decimal(today), "USD")
    return history.signals(points, price, landed(price, rates), landed)


def test_a_store_price_cut_drops_the_cost_in_each_destinations_currency():
    # 25 $ = 20 € + 2 € = 22 € = 176 ¥ when the 30-day window opened; 20 $ → 18 € = 144 ¥ now
    drops, lows = signals([table(100, "1.25")], [(40, "25.00"), (12, "20.00")], "20.00")
    assert drops == {"CN": Decimal("0.182"), "DE": Decimal("0.182")}  # 32/176, 4/22
    assert lows == ("CN", "DE")


def test_an_exchange_rate_move_alone_is_a_drop_of_the_delivered_cost():
    """The price never moved; today the dollar buys more: 20 $ = 16 € + 2 € = 144 ¥ at the
    old rate, 12.5 € + 2 € = 116 ¥ at today's."""
    tables = [table(100, "1.25"), table(0, "1.6")]
    drops, lows = signals(tables, [(80, "20.00")], "20.00")
    assert drops == {"CN": Decimal("0.194"), "DE": Decimal("0.194")}  # 28/144, 3.5/18
    assert lows == ("CN", "DE")


def test_a_price_in_force_when_a_window_opened_converts_at_that_days_rates():
    """The dollar moved 45 days ago: a drop over 90 days but none over 30, so only a low."""
    tables = [table(100, "1.25"), table(45, "1.6")]
    assert signals(tables, [(95, "20.00")], "20.00") == ({}, ("CN", "DE"))


def test_a_cost_that_never_moved_is_no_drop_and_no_low():
    assert signals([table(100, "1.25")], [(60, "20.00")], "20.00") == ({}, ())


def test_no_observations_or_no_rate_for_the_local_currency_gives_no_signal():
    assert signals([table(100, "1.25")], [], "20.00") == ({}, ())
    no_yuan = RateTable("test", date(2026, 8, 1), {"USD": Decimal("1.25")})
    assert signals([no_yuan], [(40, "25.00"), (12, "20.00")], "20.00") == ({}, ())
