"""ISO 4217 currencies and ISO 3166 countries, as Babel knows them.

ISO 4217 also gives codes to things nobody pays a shop in: "no currency" (XXX), a testing
code (XTS), precious metals, IMF and bond-market units of account. Babel lists them among
its currencies; Haitao refuses them wherever a price, a rate or a payout needs a currency.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from babel import Locale
from babel.numbers import get_currency_precision, list_currencies
from pydantic import AfterValidator

# ISO 4217 codes that are not money (code → what it stands for), refused like unknown codes.
NOT_MONEY = {
    "XXX": "no currency",
    "XTS": "a code reserved for testing",
    "XAU": "gold",
    "XAG": "silver",
    "XPD": "palladium",
    "XPT": "platinum",
    "XBA": "a bond-market unit",
    "XBB": "a bond-market unit",
    "XBC": "a bond-market unit",
    "XBD": "a bond-market unit",
    "XDR": "the IMF's special drawing right",
    "XSU": "a unit of account (SUCRE)",
    "XUA": "a unit of account (African Development Bank)",
    "XAD": "a unit of account (Arab Monetary Fund)",
    "XEU": "the European Currency Unit (replaced by EUR)",
    "XFO": "a gold franc (a unit of account)",
    "XFU": "a UIC franc (a unit of account)",
    "XRE": "a RINET funds code",
}


@cache
def known_currencies() -> frozenset[str]:
    """The ISO 4217 codes of money: Babel's list without `NOT_MONEY`."""
    return frozenset(list_currencies()) - NOT_MONEY.keys()


@cache
def known_countries() -> frozenset[str]:
    return frozenset(code for code in Locale("en").territories if len(code) == 2)


def is_currency(code: str) -> bool:
    return code in known_currencies()


def currency_problem(code: str) -> str | None:
    """Why `code` is not a currency Haitao can price in (for an error message); None if it is."""
    if code in NOT_MONEY:
        return f"{code} is ISO 4217's code for {NOT_MONEY[code]}, not a currency"
    if not is_currency(code):
        return f"unknown currency {code!r}"
    return None


def is_country(code: str) -> bool:
    return code in known_countries()


@cache  # Money.rounded asks for every amount: Babel's lookup is the slow part of it
def minor_digits(currency: str) -> int:
    """Digits after the decimal point in the currency's minor unit (JPY 0, USD 2)."""
    return get_currency_precision(currency)


def currency_code(value: str) -> str:
    """`value` if it is a currency Haitao prices in; ValueError saying what is expected (for
    the config-file models, through `CurrencyCode`)."""
    if value in NOT_MONEY:
        raise ValueError(currency_problem(value))
    if not is_currency(value):
        raise ValueError("an ISO 4217 currency code, like USD or JPY")
    return value


def country_code(value: str) -> str:
    """`value` if it is an ISO 3166 country; ValueError saying what is expected otherwise."""
    if not is_country(value):
        raise ValueError("an ISO 3166 country code, like US or JP")
    return value


# Fields of the config-file models that hold a code, checked the one way.
CurrencyCode = Annotated[str, AfterValidator(currency_code)]
CountryCode = Annotated[str, AfterValidator(country_code)]
