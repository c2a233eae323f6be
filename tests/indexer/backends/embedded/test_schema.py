"""The embedded index's columns and encodings: exact millionths, epoch microseconds, stable
group ids, pivot-only money and the per-destination columns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.backends.embedded.schema import (
    COLUMN,
    COLUMNS,
    direct_column,
    epoch_micros,
    group_id,
    landed_column,
    micros,
    pivot_micros,
)
from indexer.documents import DESTINATIONS
from pricing.money import Money


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("12.345678", 12_345_678), ("0.0000005", 1), ("-0.0000005", -1), ("3", 3_000_000)],
)
def test_micros_are_exact_millionths_rounded_half_up(amount, expected):
    assert micros(Decimal(amount)) == expected


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=6))
def test_micros_keep_the_order_of_amounts(amount):
    assert micros(amount) < micros(amount + Decimal("0.000001"))


def test_naive_times_are_utc_and_aware_ones_are_converted():
    moment = datetime(2026, 11, 1, 12, 0, 0, 1)
    assert epoch_micros(moment) == epoch_micros(moment.replace(tzinfo=UTC))
    tokyo = moment.replace(tzinfo=timezone(timedelta(hours=9)))
    assert epoch_micros(moment) - epoch_micros(tokyo) == 9 * 3600 * 10**6
    assert epoch_micros(datetime(1970, 1, 1)) == 0


def test_group_ids_are_stable_positive_63_bit_numbers():
    assert group_id("gtin:00012345678905") == group_id("gtin:00012345678905")
    assert group_id("gtin:00012345678905") != group_id("gtin:00012345678912")
    ids = [group_id(f"k-{n}") for n in range(1000)]
    assert all(0 <= i < 2**63 for i in ids) and len(set(ids)) == 1000


def test_only_pivot_money_is_indexed():
    assert pivot_micros(None, "was_price") is None
    assert pivot_micros(Money(Decimal("1.5"), "EUR"), "price_pivot") == 1_500_000
    with pytest.raises(ValueError, match="landed_cn is in USD, not the pivot currency EUR"):
        pivot_micros(Money(Decimal(1), "USD"), "landed_cn")


def test_per_destination_columns_exist_only_for_indexed_destinations():
    for destination in DESTINATIONS:
        assert landed_column(destination) in COLUMNS
        assert direct_column(destination) in COLUMNS
    assert landed_column("ZZ") is None and direct_column("ZZ") is None


def test_each_indexed_field_names_its_column():
    assert COLUMN["price_pivot"] == "price_pivot_micros"
    assert COLUMN["checked_at"] == "checked_at_us"
    assert COLUMN["id"] == "doc_id" and "doc_id" not in COLUMNS  # it comes first, apart
