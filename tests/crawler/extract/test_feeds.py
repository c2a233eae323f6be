"""Product feeds: Google-Merchant RSS and Atom, and CSV datafeeds with a column mapping."""

from decimal import Decimal
from pathlib import Path

import pytest

from crawler.extract import ExtractionError
from crawler.extract.feeds import parse_csv_feed, parse_xml_feed
from crawler.field_values import availability, gtin14, parse_price, weight_kg

DATA = Path(__file__).parents[1] / "sample_data" / "feeds"
BASE = "https://denki.example"
COLUMNS = {
    "id": "Artikel-ID",
    "group_id": "Gruppe",
    "title": "Name",
    "url": "Link",
    "price": "Preis",
    "was_price": "UVP",
    "gtin": "EAN",
    "brand": "Marke",
    "availability": "Lager",
    "weight": "Gewicht",
    "variant": "Variante",
    "shipping": "Versand",
}


def test_rss_items_group_into_products_by_item_group_id():
    earbuds, cable = parse_xml_feed((DATA / "google-rss.xml").read_bytes(), "jp", BASE)
    assert (earbuds.external_id, earbuds.title, earbuds.brand) == (
        "P-1",
        "Wireless Earbuds",
        "Kaito",
    )
    assert earbuds.category == "Electronics > Audio"
    assert earbuds.description == "<p>Light &amp; small</p>"
    white, black = earbuds.offers
    assert (white.external_id, white.title, white.sku) == ("SKU-1-S", "White", "K-EB-1")
    # g:sale_price is what the shopper pays; g:price becomes the was-price.
    assert (parse_price(white.raw_price), parse_price(white.raw_was_price)) == (
        Decimal(9800),
        Decimal(12800),
    )
    assert white.currency == "JPY"  # from "9800 JPY", not from g:shipping's g:price
    assert weight_kg(white.raw_weight, white.weight_unit) == Decimal("0.12")
    assert availability(black.raw_availability) == "out_of_stock"
    assert gtin14(black.raw_gtin) is None  # "123" is no GTIN
    assert (cable.external_id, cable.offers[0].currency) == ("SKU-2", "USD")
    assert weight_kg(cable.offers[0].raw_weight, cable.offers[0].weight_unit) == Decimal("0.05")


def test_rss_shipping_rates_come_as_sub_fields_or_flat_text():
    earbuds, cable = parse_xml_feed((DATA / "google-rss.xml").read_bytes(), "jp", BASE)
    white, black = earbuds.offers
    assert white.raw_shipping == [
        {"country": "JP", "price": "500 JPY"},
        {"country": "US", "region": "HI", "service": "Air", "price": "2500 JPY"},
        "CN::EMS:1800 JPY",
    ]
    assert (black.raw_shipping, cable.offers[0].raw_shipping) == ([], [])


def test_csv_shipping_cells_hold_several_flat_rates():
    nappies, tea = parse_csv_feed((DATA / "datafeed.csv").read_bytes(), "de", BASE, COLUMNS, ";")
    assert nappies.offers[0].raw_shipping == ["DE:::4,95 EUR", "AT::DHL:9,90 EUR"]
    assert tea.offers[0].raw_shipping == []


def test_atom_entries_with_link_href():
    (serum,) = parse_xml_feed((DATA / "google-atom.xml").read_bytes(), "uk", BASE)
    assert (serum.title, serum.url, serum.brand, serum.description) == (
        "Rose Serum 30 ml",
        "https://beauty.example/rose",
        "Rose&Co",
        "Serum",
    )
    offer = serum.offers[0]
    assert (offer.raw_price, offer.currency) == ("24.00", "GBP")
    assert availability(offer.raw_availability) == "backorder"


def test_csv_datafeed_through_the_stores_column_mapping():
    body = (DATA / "datafeed.csv").read_bytes()
    nappies, tea = parse_csv_feed(body, "de", BASE, COLUMNS, delimiter=";")
    assert (nappies.external_id, nappies.brand) == ("G-1", "Pampi")
    three, four = nappies.offers
    assert parse_price(three.raw_price) == Decimal("1299.00")  # "1.299,00 €"
    assert (parse_price(four.raw_price), parse_price(four.raw_was_price)) == (
        Decimal("14.99"),
        Decimal("19.99"),
    )
    assert weight_kg(four.raw_weight, four.weight_unit) == Decimal("2.2")
    assert (three.title, three.currency) == ("Größe 3", None)  # the store's currency applies
    assert (tea.external_id, tea.offers[0].external_id) == ("A-3", "A-3")


@pytest.mark.parametrize(
    ("call", "reason"),
    [
        (lambda: parse_xml_feed(b"<rss><channel><item>", "s", BASE), "bad_xml"),
        (lambda: parse_xml_feed(b"", "s", BASE), "bad_xml"),
        (lambda: parse_csv_feed(b"a,b\n1,2\n", "s", BASE, COLUMNS), "bad_columns"),
        (lambda: parse_csv_feed(b"\xff\xfe", "s", BASE, COLUMNS), "bad_encoding"),
    ],
)
def test_unusable_feeds_name_their_problem(call, reason):
    with pytest.raises(ExtractionError) as error:
        call()
    assert error.value.reason == reason


def test_a_csv_feed_cut_mid_row_is_dropped_whole_rather_than_read_as_a_short_catalog():
    body = (DATA / "datafeed.csv").read_bytes()
    with pytest.raises(ExtractionError) as error:
        parse_csv_feed(body[:-20], "de", BASE, COLUMNS, delimiter=";")
    assert error.value.reason == "truncated_csv"


# A retailer's own XML export (Yandex Market YML, common in Ukraine), described by a mapping.
YML_COLUMNS = {
    "id": "@id",
    "group_id": "@group_id",
    "title": "name",
    "url": "url",
    "price": "price",
    "was_price": "oldprice",
    "currency": "currencyId",
    "brand": "vendor",
    "gtin": "barcode",
    "image_url": "picture",
    "availability": "@available",
    "description": "description",
    "weight": "weight",
}


def test_an_xml_export_in_its_own_shape_is_read_through_the_field_mapping():
    body = (DATA / "yml-export.xml").read_bytes()
    coffee, press = parse_xml_feed(
        body, "ua-shop", "https://kavoman.example.ua", "offer", YML_COLUMNS
    )
    assert (coffee.external_id, coffee.title, coffee.brand) == (
        "10",
        "Кава в зернах Lavazza Qualità Oro  1 кг",  # the normaliser collapses the spaces
        "Lavazza",
    )
    assert coffee.url == "https://kavoman.example.ua/p/lavazza-qualita-oro?size=1kg"
    assert coffee.description.startswith("<p>Арабіка 100%&nbsp;&mdash;")
    big, small = coffee.offers
    assert (big.external_id, big.raw_price, big.raw_was_price, big.currency) == (
        "101", "449.00", "449.00", "UAH",
    )  # fmt: skip
    assert gtin14(big.raw_gtin) == "08000070012820"
    assert [availability(o.raw_availability) for o in coffee.offers] == ["in_stock", "out_of_stock"]
    assert weight_kg(big.raw_weight, big.weight_unit) is None  # 0: unknown
    assert weight_kg(small.raw_weight, small.weight_unit) == Decimal("0.25")
    assert (press.external_id, press.offers[0].raw_price) == ("201", "612")


def test_a_path_reads_nested_elements_and_attributes_whatever_the_namespace():
    body = (
        b'<export xmlns="urn:shop"><p sku="A1"><t>Tee</t><prices><now cur="EUR">4.50</now>'
        b"</prices></p></export>"
    )
    columns = {"id": "@sku", "title": "t", "price": "prices/now", "currency": "prices/now/@cur"}
    (item,) = parse_xml_feed(body, "s", BASE, "p", columns)
    assert (item.external_id, item.title) == ("A1", "Tee")
    assert (item.offers[0].raw_price, item.offers[0].currency) == ("4.50", "EUR")
