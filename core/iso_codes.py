"""ISO 4217 currencies and ISO 3166 countries, as Babel knows them."""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import get_currency_precision, list_currencies


@cache
def known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


@cache
def known_countries() -> frozenset[str]:
    return frozenset(code for code in Locale("en").territories if len(code) == 2)


def is_currency(code: str) -> bool:
    return code in known_currencies()


def is_country(code: str) -> bool:
    return code in known_countries()


@cache  # Money.rounded asks for every amount: Babel's lookup is the slow part of it
def minor_digits(currency: str) -> int:
    """Digits after the decimal point in the currency's minor unit (JPY 0, USD 2)."""
    return get_currency_precision(currency)
