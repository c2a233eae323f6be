"""WooCommerce Store API extraction, against a saved page."""

from decimal import Decimal
from pathlib import Path

import pytest

from crawler.extract import ExtractionError
from crawler.extract.woocommerce import (
    minor_units,
    parse_catalog_page,
    parse_products_page,
    parse_variations_page,
    total_pages,
)

PAGE = (
    Path(__file__).parents[1] / "sample_data" / "woocommerce" / "products-page.json"
).read_bytes()
BASE = "https://drogerie.example"


def test_saved_page_gives_one_item_per_product():
    items = parse_products_page(PAGE, "de-shop", BASE)
    assert [item.external_id for item in items] == ["34", "40", "50"]
    cream = items[0]
    assert (cream.title, cream.brand, cream.category) == (
        "Aqua Glow Feuchtigkeitscreme 50 ml",
        "Aqua Glow",
        "Hautpflege",
    )
    assert cream.url == "https://drogerie.example/product/aqua-glow-cream/"
    assert cream.image_url == "https://drogerie.example/wp-content/uploads/aqua.jpg"
    (offer,) = cream.offers
    assert (offer.external_id, offer.sku, offer.raw_gtin) == ("34", "AG-50", "4006381333931")


def test_minor_units_become_exact_decimals_and_sale_prices_keep_the_regular_price():
    cream, _, matcha = parse_products_page(PAGE, "de-shop", BASE)
    offer = cream.offers[0]
    assert (offer.raw_price, offer.raw_was_price, offer.currency) == (
        Decimal("12.99"),
        Decimal("15.99"),
        "EUR",
    )
    assert (matcha.offers[0].raw_price, matcha.offers[0].currency) == (Decimal(3980), "JPY")
    # regular == price: not on sale, which the normaliser decides for every format
    assert matcha.offers[0].raw_was_price == matcha.offers[0].raw_price
    assert matcha.offers[0].raw_availability == "on-backorder"


def test_variable_products_give_one_offer_per_variation():
    formula = parse_products_page(PAGE, "de-shop", BASE)[1]
    assert [(o.external_id, o.title, o.sku) for o in formula.offers] == [
        ("41", "600 g", "BP-600"),
        ("42", "1200 g", "BP-1200"),
    ]
    assert formula.offers[1].raw_was_price == Decimal("39.95")
    assert formula.offers[1].available is False
    assert formula.description == "Pre-Nahrung von Geburt an"  # short one when no long one


@pytest.mark.parametrize(
    ("prices", "expected"),
    [
        ({"price": "1299", "currency_minor_unit": 2}, Decimal("12.99")),
        ({"price": "1299", "currency_minor_unit": 0}, Decimal(1299)),
        ({"price": "12.99", "currency_minor_unit": 2}, None),
        ({"price": "1299", "currency_minor_unit": "2"}, None),
        ({"price": "1299", "currency_minor_unit": 9}, None),
        ({"price": "٣٤", "currency_minor_unit": 2}, None),
        ({}, None),
    ],
)
def test_minor_units(prices, expected):
    assert minor_units(prices, "price") == expected


@pytest.mark.parametrize(
    ("header", "pages"), [(b"7", 7), (b" 12 ", 12), (b"x", None), (None, None)]
)
def test_total_pages_header(header, pages):
    assert total_pages(header) == pages


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"[{", "bad_json"), (b'{"products": []}', "bad_shape"), (b"\xff", "bad_json")],
)
def test_pages_that_are_not_product_lists_name_their_problem(body, reason):
    with pytest.raises(ExtractionError) as error:
        parse_products_page(body, "de-shop", BASE)
    assert error.value.reason == reason


# The Store API as real shops serve it: a variable product lists only its variations' ids and
# attribute slugs; the variations come from `?type=variation&parent=ID`.
VARIABLE = (
    (PAGE_DIR := Path(__file__).parents[1] / "sample_data" / "woocommerce")
    .joinpath("variable-products.json")
    .read_bytes()
)
VARIATIONS = (PAGE_DIR / "variations.json").read_bytes()


def test_a_variable_product_waits_for_its_variations_and_a_simple_one_does_not():
    ready, waiting = parse_catalog_page(VARIABLE, "in-shop", "https://shop.example.in")
    assert [item.external_id for item in ready] == ["1128600"]
    assert [(item.external_id, item.offers) for item in waiting] == [("1128586", [])]


def test_each_variation_is_an_offer_with_its_own_id_price_stock_and_label():
    offers = parse_variations_page(VARIATIONS)["1128586"]
    assert [
        (o.external_id, o.title, o.sku, o.raw_price, o.raw_was_price, o.available) for o in offers
    ] == [
        ("1128598", "Blue", "ACER-M-BL", Decimal("699.00"), Decimal("1499.00"), True),
        ("1128599", "Green", "ACER-M-GR", Decimal("799.00"), Decimal("799.00"), False),
    ]
    assert {o.currency for o in offers} == {"INR"}
