"""Product ids: a group key, reversibly encoded and URL-safe."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from web.product_ids import UnknownProduct, group_key_of, product_id


@given(st.from_regex(r"\A[0-9]{8,14}\Z"))
def test_a_gtin_group_has_a_readable_id_that_decodes_back(gtin):
    key = f"gtin:{gtin}"
    assert product_id(key) == f"gtin-{gtin}"
    assert group_key_of(product_id(key)) == key


@given(st.text(max_size=40), st.text(min_size=1, max_size=80))
def test_a_brand_and_title_group_round_trips_through_a_url_safe_id(brand, title):
    key = f"brand:{brand.casefold()}|{title.casefold()}"
    encoded = product_id(key)
    assert encoded.replace("-", "").replace("_", "").isalnum()
    assert group_key_of(encoded) == key


@pytest.mark.parametrize(
    "bad", ["", "gtin-", "gtin-12ab", "gtin-1234567", "k-", "k-!!!", "k-aGVsbG8", "x-1", "nothing"]
)
def test_an_id_that_encodes_no_group_is_unknown(bad):
    with pytest.raises(UnknownProduct):
        group_key_of(bad)
