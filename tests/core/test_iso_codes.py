"""ISO 4217 currencies and ISO 3166 countries, and each currency's minor unit."""

from __future__ import annotations

import pytest

from core.iso_codes import (
    NOT_MONEY,
    CountryCode,
    CurrencyCode,
    currency_problem,
    is_country,
    is_currency,
    minor_digits,
)


@pytest.mark.parametrize("code", ["USD", "CNY", "JPY", "KRW", "EUR", "HKD", "TWD", "UAH"])
def test_currencies_shoppers_meet_are_known(code):
    assert is_currency(code)


@pytest.mark.parametrize("code", ["XYZ", "usd", "", "EURO"])
def test_anything_else_is_not_a_currency(code):
    assert not is_currency(code)


@pytest.mark.parametrize("code", ["XXX", "XTS", "XAU", "XDR", "XBA", "XUA"])
def test_iso_codes_that_are_not_money_are_not_currencies(code):
    assert not is_currency(code)
    assert (
        currency_problem(code) == f"{code} is ISO 4217's code for {NOT_MONEY[code]}, not a currency"
    )


@pytest.mark.parametrize("code", ["XOF", "XAF", "XPF", "XCD"])
def test_the_cfa_and_pacific_francs_and_the_east_caribbean_dollar_are_money(code):
    assert is_currency(code)
    assert currency_problem(code) is None


def test_a_code_nobody_knows_is_an_unknown_currency():
    assert currency_problem("XYZ") == "unknown currency 'XYZ'"


@pytest.mark.parametrize(
    ("code", "known"), [("CN", True), ("HK", True), ("TW", True), ("XX", False)]
)
def test_countries(code, known):
    assert is_country(code) is known


@pytest.mark.parametrize(("currency", "digits"), [("USD", 2), ("JPY", 0), ("KRW", 0), ("EUR", 2)])
def test_minor_units(currency, digits):
    assert minor_digits(currency) == digits


def test_config_models_check_codes_through_the_annotated_types():
    from pydantic import TypeAdapter, ValidationError

    currency, country = TypeAdapter(CurrencyCode), TypeAdapter(CountryCode)
    assert (currency.validate_python("JPY"), country.validate_python("JP")) == ("JPY", "JP")
    with pytest.raises(ValidationError, match="an ISO 4217 currency code, like USD or JPY"):
        currency.validate_python("usd")
    with pytest.raises(ValidationError, match="XXX is ISO 4217's code for no currency"):
        currency.validate_python("XXX")
    with pytest.raises(ValidationError, match="an ISO 3166 country code, like US or JP"):
        country.validate_python("XX")
