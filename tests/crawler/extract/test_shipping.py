"""Feed shipping rates (`g:shipping`): sub-fields or flat text in, quotes or a named reason out."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.extract.shipping import shipping_quote, split_flat
from crawler.items import ShippingQuote

REASONS = {"bad_format", "bad_country", "no_price", "bad_price", "negative_price",
           "unknown_currency"}  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {"country": "US", "region": "CA", "service": "Standard", "price": "4.95 USD"},
            ShippingQuote("US", "Standard", Decimal("4.95"), "USD", "CA"),
        ),
        ("US::Standard:4.95 USD", ShippingQuote("US", "Standard", Decimal("4.95"), "USD")),
        ("us:::4.95 usd", ShippingQuote("US", None, Decimal("4.95"), "USD")),
        # no country: the feed's own market; no currency: the offer's
        ({"price": "700"}, ShippingQuote("JP", None, Decimal(700), "JPY")),
        ("::Express:1.299,00 €", ShippingQuote("JP", "Express", Decimal("1299.00"), "JPY")),
        ({"country": "DE", "price": "0 EUR"}, ShippingQuote("DE", None, Decimal(0), "EUR")),
        ("US:Standard:4.95 USD", "bad_format"),
        ("US:CA:90210:Standard:4.95 USD", "bad_format"),
        (42, "bad_format"),
        ({"country": "USA", "price": "4.95 USD"}, "bad_country"),
        ({"country": "US"}, "no_price"),
        ({"country": "US", "price": "free"}, ShippingQuote("US", None, Decimal(0), "JPY")),
        ({"country": "US", "price": "n/a"}, "bad_price"),
        ({"country": "US", "price": "9999999999 USD"}, "bad_price"),
        ({"country": "US", "price": "-1 USD"}, "negative_price"),
        ({"country": "US", "price": "4.95 XYZ"}, "unknown_currency"),
        ({"country": "US", "price": "4.95 kg"}, "unknown_currency"),
    ],
)
def test_a_rate_gives_a_quote_or_the_reason_it_is_dropped(raw, expected):
    assert shipping_quote(raw, "JP", "JPY") == expected


def test_a_long_service_name_is_cut_to_fit_its_column():
    quote = shipping_quote({"price": "1 USD", "service": "x" * 300}, "US", "USD")
    assert len(quote.service) == 100


@pytest.mark.parametrize(
    ("cell", "rates"),
    [
        ("US:CA:Overnight:16.00 USD,US::Ground:8.00 USD",
         ["US:CA:Overnight:16.00 USD", "US::Ground:8.00 USD"]),
        ("DE:::1.299,00 EUR, FR:::9,50 EUR", ["DE:::1.299,00 EUR", "FR:::9,50 EUR"]),
        (":::4.95 USD,:::5 USD", [":::4.95 USD", ":::5 USD"]),
        ("", []),
    ],
)  # fmt: skip
def test_a_cell_splits_into_its_rates_but_not_at_decimal_commas(cell, rates):
    assert split_flat(cell) == rates


FUZZ = settings(max_examples=int(os.environ.get("HAITAO_FUZZ_EXAMPLES", "40")), deadline=None)
FIELD = st.sampled_from(["country", "region", "service", "price", "other"])
RAW = st.one_of(
    st.text(max_size=60),
    st.builds(":".join, st.lists(st.text(max_size=12), max_size=6)),
    st.dictionaries(FIELD, st.one_of(st.text(max_size=20), st.integers(), st.none())),
    st.none(),
    st.integers(),
)


@FUZZ
@given(raw=RAW, country=st.sampled_from(["US", "JP"]), currency=st.sampled_from(["USD", ""]))
def test_any_input_gives_a_quote_or_a_named_reason_never_an_exception(raw, country, currency):
    result = shipping_quote(raw, country, currency)
    if isinstance(result, str):
        assert result in REASONS
    else:
        assert isinstance(result.price, Decimal) and result.price >= 0
        assert len(result.country) == 2 and len(result.currency) == 3


@FUZZ
@given(cell=st.text(max_size=80))
def test_any_cell_splits_into_rates_each_of_which_parses_or_is_named(cell):
    for raw in split_flat(cell):
        result = shipping_quote(raw, "GB", "GBP")
        assert isinstance(result, ShippingQuote) or result in REASONS
