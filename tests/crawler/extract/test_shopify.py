"""Shopify `/products.json` extraction, against a saved page and against garbage."""

import contextlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.extract import ExtractionError
from crawler.extract.shopify import parse_products_page

PAGE = (Path(__file__).parents[1] / "sample_data" / "shopify" / "products-page.json").read_bytes()
BASE = "https://shop.example.jp"


def test_saved_page_gives_one_item_per_product_and_one_offer_per_variant():
    items = parse_products_page(PAGE, "jp-shop", BASE)
    assert [item.external_id for item in items] == ["7981234561", "7981234562", "7981234563"]
    cream, formula, untitled = items
    assert cream.title == "Sakura Bio 保湿クリーム 50g"
    assert cream.brand == "Sakura Bio"
    assert cream.category == "スキンケア"
    assert cream.url == "https://shop.example.jp/products/sakura-bio-moisture-cream-50g"
    assert cream.image_url == "https://cdn.example.jp/files/sakura-cream.jpg?v=1"
    (offer,) = cream.offers
    assert offer.title is None  # Shopify's "Default Title" means "no variant name"
    assert (offer.raw_price, offer.raw_was_price, offer.raw_gtin) == (
        "3980",
        "4400",
        "4901234567894",
    )
    assert (offer.raw_weight, offer.weight_unit, offer.available) == (120, "g", True)
    assert formula.category == "Baby"  # empty product_type falls back to the first tag
    assert [o.title for o in formula.offers] == ["800g", "400g"]
    assert formula.offers[1].available is False
    assert untitled.title is None  # left for validation to drop with a reason


def test_json_numbers_arrive_as_decimals_not_floats():
    body = json.dumps({"products": [{"id": 1, "title": "t", "variants": [{"id": 2}]}]})
    body = body.replace('{"id": 2}', '{"id": 2, "price": 12.10}')
    (item,) = parse_products_page(body.encode(), "s", BASE)
    assert item.offers[0].raw_price == Decimal("12.10")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"products": [{"id": 1, "tit', "bad_json"),
        (b"<html>Service Unavailable</html>", "bad_json"),
        (b'{"errors": "Not Found"}', "bad_shape"),
        (b"[]", "bad_shape"),
        (b"\xff\xfe\x00", "bad_json"),
    ],
)
def test_unusable_pages_raise_with_a_reason(body, reason):
    with pytest.raises(ExtractionError) as error:
        parse_products_page(body, "s", BASE)
    assert error.value.reason == reason


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(["id", "title", "variants", "price", "images"]), children)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), JSON.map(lambda v: json.dumps({"products": v}).encode())))
def test_any_bytes_give_items_or_a_counted_reason(body):
    try:
        items = parse_products_page(body, "s", BASE)
    except ExtractionError as error:
        assert error.reason in {"bad_json", "bad_shape"}
    else:
        assert all(isinstance(item.external_id, str) for item in items)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_saved_pages_never_raise_anything_else(data):
    cut = data.draw(st.integers(0, len(PAGE)))
    flip = data.draw(st.integers(0, len(PAGE) - 1))
    mutated = bytearray(PAGE[:cut] + PAGE[cut + 1 :])
    if flip < len(mutated):
        mutated[flip] = data.draw(st.integers(0, 255))
    with contextlib.suppress(ExtractionError):
        parse_products_page(bytes(mutated), "s", BASE)
