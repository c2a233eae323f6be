"""Money written the UI language's way: the fast path agrees with Babel everywhere."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_currency
from hypothesis import given
from hypothesis import strategies as st

from web.formatting import currency_text

CURRENCIES = ["CNY", "JPY", "KRW", "USD", "EUR", "GBP", "HKD", "TWD", "AUD", "CAD", "CHF"]


@pytest.mark.parametrize("locale", ["en", "zh", "de", "ja", "fr"])
@given(
    amount=st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False),
    currency=st.sampled_from(CURRENCIES),
)
def test_the_fast_path_writes_money_exactly_as_babel_does(locale, amount, currency):
    assert currency_text(amount, currency, locale) == format_currency(
        amount, currency, locale=locale
    )


def test_one_currency_is_written_one_way_per_language():
    assert currency_text(Decimal("85.27"), "CNY", "en") == "CN¥85.27"
    assert currency_text(Decimal("85.27"), "CNY", "zh") == "¥85.27"
    assert currency_text(Decimal("1234"), "JPY", "zh") == "JP¥1,234"
