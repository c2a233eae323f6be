"""Money is Decimal, rounded only to its currency's minor unit, converted through EUR."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from config import CONFIG_DIR
from pricing.exchange_rates.rate_table import RateTable, UnknownRate, load_snapshot
from pricing.money import Money, MoneyError

RATES = RateTable("test", date(2026, 11, 20), {"USD": Decimal("1.16"), "JPY": Decimal("178.4")})


@pytest.mark.parametrize(
    ("amount", "currency", "rounded"),
    [
        ("12.345", "USD", "12.34"),  # half-even
        ("12.355", "USD", "12.36"),
        ("3980.5", "JPY", "3980"),
        ("3981.5", "JPY", "3982"),
        ("12000.4", "KRW", "12000"),
        ("1.2345", "BHD", "1.234"),  # three minor digits
    ],
)
def test_rounding_follows_the_currency_minor_unit(amount, currency, rounded):
    assert Money.parse(amount, currency).rounded().amount == Decimal(rounded)


@pytest.mark.parametrize(
    "noisy",
    ["26.524999999999999999999999", "26.525", "26.525000000000000000000001"],
)
def test_noise_in_the_last_digits_does_not_flip_a_half_cent(noisy):
    """The fast repricer and the explained breakdown add the same amounts in another order;
    at a tie they differed by 1e-24 and rounded to 26.53 and 26.52 (a saved Hypothesis
    example of tests/pricing/landed/test_properties.py, KR in AUD)."""
    assert Money.parse(noisy, "AUD").rounded().amount == Decimal("26.52")


@pytest.mark.parametrize(
    ("money", "locale", "text"),
    [
        (Money.parse("3980", "JPY"), "ja_JP", "￥3,980"),
        (Money.parse("1234.56", "EUR"), "de_DE", "1.234,56\xa0€"),
        (Money.parse("12000", "KRW"), "ko_KR", "₩12,000"),
        (Money.parse("59.99", "USD"), "en_US", "$59.99"),
    ],
)
def test_formatting_per_locale(money, locale, text):
    assert money.format(locale) == text


@pytest.mark.parametrize("bad", [1.5, "abc", "inf"])
def test_floats_and_garbage_are_refused(bad):
    with pytest.raises(MoneyError):
        Money.parse(bad, "USD")


def test_unknown_currency_is_refused():
    with pytest.raises(MoneyError, match="unknown currency 'XYZ'"):
        Money.parse("1", "XYZ")


@pytest.mark.parametrize("code", ["XXX", "XTS", "XAU"])
def test_iso_codes_that_are_not_money_are_refused_with_what_they_are(code):
    with pytest.raises(MoneyError, match=f"{code} is ISO 4217's code for .*, not a currency"):
        Money.parse("1", code)


def test_no_conversion_into_or_out_of_xxx_even_with_a_rate_for_it():
    table = RateTable("test", date(2026, 11, 20), {"USD": Decimal("1.16"), "XXX": Decimal("1")})
    with pytest.raises(MoneyError, match="XXX is ISO 4217's code for no currency"):
        table.convert(Money.parse("10", "USD"), "XXX")


def test_cross_rates_go_through_the_pivot():
    converted = RATES.convert(Money.parse("100", "USD"), "JPY")
    assert converted.rounded() == Money(Decimal("15379"), "JPY")  # 100 / 1.16 * 178.4
    with pytest.raises(UnknownRate):
        RATES.convert(Money.parse("1", "USD"), "CNY")


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_a_round_trip_never_drifts_more_than_the_rounding(amount):
    there = RATES.convert(Money(amount, "USD"), "EUR")
    back = RATES.convert(there, "USD").rounded()
    assert back.amount == amount


def test_the_bundled_snapshot_is_dated_and_complete():
    table = load_snapshot(CONFIG_DIR / "fx-snapshot.yaml")
    assert table.as_of == date(2026, 11, 20)
    assert {"USD", "GBP", "JPY", "KRW", "AUD", "CNY", "HKD"} <= set(table.per_pivot)
