"""Grouping feed rows into products, in memory for small feeds and through a temporary
SQLite file past SPILL_ROWS: the same products either way, and nothing before an error."""

from __future__ import annotations

import marshal
import tempfile
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.stores import FeedField
from crawler.extract import ExtractionError
from crawler.extract.feed_groups import _packed, _unpacked, group_rows


def as_pairs(key, rows):
    return (key, tuple(row["id"] for row in rows), rows[0].get("title"))


def test_a_row_waits_for_its_group_without_losing_a_field():
    row = {field: f"value of {field}" for field in get_args(FeedField)}
    row["shipping"] = [{"country": "US", "price": "4.95 USD"}, "CA::Standard:6 USD"]
    assert _unpacked(_packed(dict(row))) == row
    assert _unpacked(marshal.loads(marshal.dumps(_packed(dict(row))))) == row  # as spilled
    assert _unpacked(_packed({"id": "1", "title": "Tea"})) == {"id": "1", "title": "Tea"}


rows_strategy = st.lists(
    st.fixed_dictionaries(
        {"id": st.text(min_size=1, max_size=4), "title": st.text(max_size=5)},
        optional={"group_id": st.sampled_from(["g1", "g2", "g3", ""])},
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(rows_strategy, st.integers(min_value=1, max_value=10))
def test_spilling_to_disk_gives_the_same_products_as_memory(rows, spill_rows):
    in_memory = list(group_rows([dict(r) for r in rows], as_pairs, spill_rows=10**9))
    spilled = list(group_rows([dict(r) for r in rows], as_pairs, spill_rows=spill_rows))
    assert sorted(spilled) == sorted(in_memory)
    assert sum(len(ids) for _, ids, _ in spilled) == len(rows)


def test_a_feed_that_fails_past_the_spill_yields_nothing_and_leaves_no_file():
    def rows():
        for n in range(100):
            yield {"id": str(n), "group_id": str(n % 7)}
        raise ExtractionError("bad_xml", "cut short")

    before = set(Path(tempfile.gettempdir()).glob("haitao-feed-rows-*"))
    products = group_rows(rows(), as_pairs, spill_rows=10)
    with pytest.raises(ExtractionError):
        next(products)
    assert set(Path(tempfile.gettempdir()).glob("haitao-feed-rows-*")) == before
