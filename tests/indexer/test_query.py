"""What a shopper asks: paging offsets and the price band a pivot price falls in."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.query import DEFAULT_PRICE_BANDS, SORTS, SearchQuery, band_label


@pytest.mark.parametrize(("page", "size", "offset"), [(1, 20, 0), (2, 20, 20), (5, 7, 28)])
def test_the_offset_of_a_page(page, size, offset):
    assert SearchQuery(page=page, size=size).offset == offset


@pytest.mark.parametrize(
    ("price", "label"),
    [
        ("0", "0-10"),
        ("9.99", "0-10"),
        ("10", "10-25"),
        ("249.99", "100-250"),
        ("250", "250-"),
        ("1000000", "250-"),
    ],
)
def test_a_price_falls_in_the_band_below_its_upper_bound(price, label):
    assert band_label(DEFAULT_PRICE_BANDS, Decimal(price)) == label


@given(st.decimals(min_value="0", max_value="100000", places=4))
def test_every_price_is_in_exactly_one_band_whose_bounds_hold_it(price):
    low, _, high = band_label(DEFAULT_PRICE_BANDS, price).partition("-")
    assert Decimal(low) <= price
    assert high == "" or price < Decimal(high)


def test_the_default_query_lists_by_best_match_for_china():
    query = SearchQuery()
    assert (query.text, query.destination, query.sort, query.page) == ("", "CN", "relevance", 1)
    assert query.sort in SORTS
