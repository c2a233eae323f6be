"""ISO 4217 currencies and ISO 3166 countries, and each currency's minor unit."""

from __future__ import annotations

import pytest

from core.iso_codes import is_country, is_currency, minor_digits


@pytest.mark.parametrize("code", ["USD", "CNY", "JPY", "KRW", "EUR", "HKD", "TWD", "UAH"])
def test_currencies_shoppers_meet_are_known(code):
    assert is_currency(code)


@pytest.mark.parametrize("code", ["XYZ", "usd", "", "EURO"])
def test_anything_else_is_not_a_currency(code):
    assert not is_currency(code)


@pytest.mark.parametrize(
    ("code", "known"), [("CN", True), ("HK", True), ("TW", True), ("XX", False)]
)
def test_countries(code, known):
    assert is_country(code) is known


@pytest.mark.parametrize(("currency", "digits"), [("USD", 2), ("JPY", 0), ("KRW", 0), ("EUR", 2)])
def test_minor_units(currency, digits):
    assert minor_digits(currency) == digits
