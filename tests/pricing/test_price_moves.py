"""Moves explained: the store's move and the exchange-rate move always add up to the total."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pricing.exchange_rates.history import RateHistory
from pricing.exchange_rates.rate_table import RateTable
from pricing.money import Money
from pricing.price_moves import (
    Observed,
    costs,
    drop_percent,
    explain_move,
    is_lowest,
    move_since,
)

DAY0, DAY30 = date(2026, 10, 1), date(2026, 10, 31)


def history(cny0: str, cny1: str) -> RateHistory:
    return RateHistory.from_tables(
        [
            RateTable("ECB", DAY0, {"CNY": Decimal(cny0), "JPY": Decimal(160)}),
            RateTable("ECB", DAY30, {"CNY": Decimal(cny1), "JPY": Decimal(170)}),
        ]
    )


def seen(amount: str, currency: str, day: date) -> Observed:
    return Observed(Money.parse(amount, currency), datetime.combine(day, datetime.min.time()))


def test_the_issues_example_store_cut_and_euro_fall():
    move = explain_move(
        seen("21.50", "EUR", DAY0), seen("20.00", "EUR", DAY30), history("7.75", "7.73"), "CNY"
    )
    assert move.before == Money(Decimal("166.62"), "CNY")  # 21.50 × 7.75 = 166.625 → even
    assert move.after == Money(Decimal("154.60"), "CNY")
    assert move.store_change == Money(Decimal("-1.50"), "EUR")
    assert move.store_effect == Money(Decimal("-11.60"), "CNY")  # −1.50 × 7.73 = −11.595
    assert move.fx_effect == Money(Decimal("-0.42"), "CNY")
    assert move.describe(locale="en") == (
        "CN¥12.02 cheaper than 30 days ago: the store cut its price by €1.50 (CN¥11.60); "
        "the euro fell (CN¥0.42)"
    )


def test_an_fx_only_move_has_no_store_part():
    move = explain_move(
        seen("3980", "JPY", DAY0), seen("3980", "JPY", DAY30), history("8", "8"), "CNY"
    )
    assert move.store_change.amount == 0 and move.store_effect.amount == 0
    assert move.fx_effect.amount < 0  # 160 → 170 yen a euro: the yen fell against the yuan
    assert move.describe() == "CN¥11.71 cheaper than 30 days ago: the Japanese yen fell (CN¥11.71)"


def test_a_price_in_the_shoppers_currency_has_no_fx_part():
    move = explain_move(
        seen("200", "CNY", DAY0), seen("210", "CNY", DAY30), history("7.7", "7.9"), "CNY"
    )
    assert move.fx_effect.amount == 0
    assert (
        move.describe()
        == "CN¥10.00 dearer than 30 days ago: the store raised its price by CN¥10.00 (CN¥10.00)"
    )


def test_the_delivered_cost_is_split_with_any_cost_function():
    def delivered(price: Money, rates: RateTable) -> Money:  # 20% tax and a CNY 30 shipping fee
        return Money(rates.convert(price, "CNY").amount * Decimal("1.2") + 30, "CNY")

    move = explain_move(
        seen("20", "EUR", DAY0), seen("20", "EUR", DAY30), history("7.5", "8.0"), "CNY", delivered
    )
    assert move.before.amount == Decimal("210.00") and move.after.amount == Decimal("222.00")
    assert move.fx_effect.amount == Decimal("12.00")


amounts = st.decimals(min_value="0.01", max_value="100000", places=2)
rates = st.decimals(min_value="0.1", max_value="2000", places=4)
currencies = st.sampled_from(["CNY", "JPY", "KRW", "USD", "GBP", "EUR"])


@given(p0=amounts, p1=amounts, r0=rates, r1=rates, store=currencies, shopper=currencies)
def test_parts_add_up_exactly_to_the_total_in_minor_units(p0, p1, r0, r1, store, shopper):
    tables = [
        RateTable("s", DAY0, {"CNY": r0, "JPY": r0, "KRW": r0, "USD": r0, "GBP": r1}),
        RateTable("s", DAY30, {"CNY": r1, "JPY": r1 * 2, "KRW": r1, "USD": r0, "GBP": r1}),
    ]
    before = Observed(Money(p0, store).rounded(), datetime(2026, 10, 1))
    after = Observed(Money(p1, store).rounded(), datetime(2026, 10, 31))
    move = explain_move(before, after, RateHistory.from_tables(tables), shopper)
    assert move.store_effect.amount + move.fx_effect.amount == move.total.amount
    for money in (move.before, move.after, move.store_effect, move.fx_effect, move.total):
        assert money == money.rounded() and money.currency == shopper
    if p0 == p1 or before.price == after.price:
        assert move.store_effect.amount == 0
    if store == shopper:
        assert move.fx_effect.amount == 0


@given(p0=amounts, p1=amounts)
def test_the_exact_split_is_the_exact_change(p0, p1):
    h = history("7.7", "7.9")
    move = explain_move(seen(str(p0), "EUR", DAY0), seen(str(p1), "EUR", DAY30), h, "CNY")
    exact = p1 * Decimal("7.9") - p0 * Decimal("7.7")
    assert abs(move.total.amount - exact) <= Decimal("0.01")


def test_move_since_starts_from_the_price_in_force_then():
    observations = [
        seen("25", "EUR", date(2026, 9, 1)),
        seen("22", "EUR", date(2026, 9, 20)),
        seen("20", "EUR", date(2026, 10, 25)),
    ]
    move = move_since(observations, DAY30, 30, history("8", "8"), "CNY")
    assert move.since == date(2026, 10, 1) and move.store_change.amount == Decimal("-2.00")
    assert drop_percent(move) == Decimal("9.1")  # 176 → 160
    assert move_since([], DAY30, 30, history("8", "8"), "CNY") is None


def test_a_rise_is_no_drop():
    move = explain_move(seen("20", "EUR", DAY0), seen("22", "EUR", DAY30), history("8", "8"), "CNY")
    assert drop_percent(move) == 0


@pytest.mark.parametrize(("current", "lowest"), [("150", True), ("160", True), ("161", False)])
def test_lowest_in_90_days_counts_the_price_in_force_when_the_window_opened(current, lowest):
    today = date(2026, 12, 1)
    points = [
        (today - timedelta(days=200), Money.parse("100", "CNY")),  # long ago: not in the window
        (today - timedelta(days=100), Money.parse("170", "CNY")),  # in force as the window opens
        (today - timedelta(days=10), Money.parse("160", "CNY")),
    ]
    assert is_lowest(points, Money.parse(current, "CNY"), today, 90) is lowest
    assert not is_lowest(points[:0], Money.parse("1", "CNY"), today, 90)


def test_costs_convert_each_observation_at_its_own_day():
    observations = [seen("10", "EUR", DAY0), seen("10", "EUR", DAY30)]
    points = costs(observations, history("7", "8"), "CNY")
    assert [money.amount for _, money in points] == [Decimal(70), Decimal(80)]


def test_signals_count_an_fx_move_and_find_the_low():
    from pricing.price_moves import Signals, signals

    today = DAY30
    observations = [seen("20", "EUR", date(2026, 9, 1)), seen("20", "EUR", date(2026, 10, 20))]
    # Same store price; the euro fell from 8 to 7.2 yuan: 10 % cheaper for a Chinese shopper.
    found = signals(observations, history("8", "7.2"), today, "CNY")
    assert found.drop == Decimal("0.100") and found.lowest
    assert signals(observations, history("8", "8"), today, "CNY").drop == 0
    assert signals([], history("8", "8"), today, "CNY") == Signals(Decimal(0), False)


NOW = datetime(2026, 12, 6, 12)


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


@pytest.mark.parametrize(
    ("points", "current", "drop", "lowest"),
    [
        # Cut 12 days ago from a price set 40 days ago: the price in force 30 days ago counts.
        ([(ago(40), "25"), (ago(12), "20")], "20", "0.200", True),
        ([(ago(5), "20")], "20", "0", False),  # one price: no drop, no low
        ([(ago(100), "30"), (ago(60), "20"), (ago(10), "25")], "25", "0", False),
        ([(ago(100), "30"), (ago(60), "20"), (ago(10), "18")], "18", "0.100", True),
        ([(ago(120), "30"), (ago(100), "20")], "20", "0", False),  # the low is older than 90
        ([], "20", "0", False),
    ],
)
def test_drops_and_lows_from_observations(points, current, drop, lowest):
    from pricing.price_moves import window_signals

    observed = [(at, Decimal(price)) for at, price in points]
    assert window_signals(observed, Decimal(current), NOW) == (Decimal(drop), lowest)


@given(
    prices=st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=12),
    gaps=st.lists(st.integers(min_value=1, max_value=40), min_size=12, max_size=12),
)
def test_a_drop_is_never_negative_and_a_low_is_never_above_a_price_in_the_window(prices, gaps):
    from pricing.price_moves import window_signals

    when, points = NOW, []
    for price, gap in zip(reversed(prices), gaps, strict=False):
        when -= timedelta(days=gap)
        points.insert(0, (when, Decimal(price)))
    current = points[-1][1]
    drop, lowest = window_signals(points, current, NOW)
    assert Decimal(0) <= drop < 1
    if lowest:
        in_window = [p for at, p in points if at > ago(90)]
        assert all(current <= p for p in in_window)
