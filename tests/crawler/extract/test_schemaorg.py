"""schema.org Product extraction from saved pages: JSON-LD, @graph, microdata and RDFa."""

from decimal import Decimal
from pathlib import Path

import pytest

from crawler.extract import ExtractionError
from crawler.extract.schemaorg import parse_product_page
from crawler.field_values import availability, gtin14, parse_price

DATA = Path(__file__).parents[1] / "sample_data" / "schemaorg"
URL = "https://shop.example/products/page"


def page(name: str):
    return parse_product_page((DATA / name).read_bytes(), URL, "shop")


def test_json_ld_product_with_an_offers_list():
    item = page("json-ld-offers-list.html")
    assert (item.external_id, item.title, item.brand, item.category) == (
        "P-100",
        "Sonic Earbuds",
        "Kaito",
        "Electronics",
    )
    assert item.url == "https://shop.example/products/sonic-earbuds?utm_source=x"  # canonical
    assert item.image_url == "https://shop.example/img/earbuds.jpg"
    white, black = item.offers
    assert (white.external_id, white.title, white.currency) == ("SE-W", "White", "USD")
    assert parse_price(white.raw_price) == Decimal("1299.00")
    assert parse_price(black.raw_price) == Decimal(1299)
    assert (gtin14(white.raw_gtin), gtin14(black.raw_gtin)) == ("00036000291452", "00000096385074")
    assert [availability(o.raw_availability) for o in item.offers] == ["in_stock", "preorder"]
    assert (white.raw_weight, white.weight_unit) == ("52", "g")


def test_graph_aggregate_offer_and_price_specifications():
    item = page("graph-aggregate-offer.html")
    assert (item.external_id, item.title, item.brand) == (
        "https://shop.example/creme#product",
        "Feuchtigkeitscreme 50 ml",
        "Aqua Glow",
    )
    small, large = item.offers
    assert (small.raw_price, small.raw_was_price, small.currency) == ("12.99", "15.99", "EUR")
    assert (large.raw_price, large.raw_was_price) == ("21.50", None)
    assert small.raw_gtin == "4006381333931"  # the product's GTIN when the offer has none
    assert availability(large.raw_availability) == "out_of_stock"


def test_aggregate_offer_without_offers_gives_its_low_price():
    (offer,) = page("aggregate-offer-only.html").offers
    assert (offer.external_id, offer.raw_price, offer.currency) == ("TV-55", "498000", "KRW")


def test_microdata_only_page():
    item = page("microdata.html")
    assert (item.external_id, item.title, item.brand) == ("MC-1", "宇治抹茶 100g", "Uji-en")
    (offer,) = item.offers
    assert (offer.sku, offer.raw_price, offer.currency) == ("MC-1-100", "3980", "JPY")
    assert offer.raw_gtin == "4901234567894"
    assert availability(offer.raw_availability) == "in_stock"


def test_rdfa_only_page():
    item = page("rdfa.html")
    assert (item.title, item.brand, item.external_id) == ("Merino Sweater", "Highland Loom", "MS-1")
    (offer,) = item.offers
    assert (offer.sku, offer.raw_price, offer.currency) == ("MS-1-M", "67.95", "GBP")
    assert gtin14(offer.raw_gtin) == "00012345600012"
    assert availability(offer.raw_availability) == "limited"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ((DATA / "no-product.html").read_bytes(), "no_product"),
        (b"", "bad_markup"),
        (b"<html><body><p>hello</p></body></html>", "no_product"),
    ],
)
def test_pages_without_a_product_name_their_problem(body, reason):
    with pytest.raises(ExtractionError) as error:
        parse_product_page(body, URL, "shop")
    assert error.value.reason == reason
