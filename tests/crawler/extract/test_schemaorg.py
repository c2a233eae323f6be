"""schema.org Product extraction from saved pages: JSON-LD, @graph, microdata and RDFa."""

from decimal import Decimal
from pathlib import Path

import lxml.html
import pytest
from scrapy.http import HtmlResponse

from crawler.extract import ExtractionError
from crawler.extract.schemaorg import parse_page, parse_product_page
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


# Real shops' markup as it is: listing pages, text prices, orphan itemprops, charsets.


def read(name: str, url: str = URL):
    return parse_page((DATA / name).read_bytes(), url, "shop")


def test_a_microdata_listing_page_gives_every_product_with_its_own_url():
    page = read("listing-microdata-prestashop.html", "https://sklep.example.pl/12-kawa-ziarnista")
    assert [(p.external_id, p.url) for p in page.products] == [
        ("KAW-21", "https://sklep.example.pl/kawa-ziarnista/21-kawa-etiopia-yirgacheffe.html"),
        ("KAW-22", "https://sklep.example.pl/kawa-ziarnista/22-kawa-kolumbia-huila.html"),
        ("KAW-23", "https://sklep.example.pl/kawa-ziarnista/23-espresso-crema.html"),
    ]
    assert not page.orphan_itemprops and not page.links


def test_text_prices_go_through_price_parser_and_long_ones_are_kept_for_rounding():
    first, second, _ = read("listing-microdata-prestashop.html").products
    assert parse_price(first.offers[0].raw_price) == Decimal("17.00")  # " 17,00 zł "
    assert first.offers[0].currency == "PLN"
    assert parse_price(second.offers[0].raw_price) == Decimal("89.990001")  # normalise rounds


def test_a_json_ld_item_list_gives_its_products_and_links_the_ones_it_only_names():
    page = read("listing-json-ld-itemlist.html", "https://books.example.co.uk/new/fiction")
    assert [(p.external_id, p.url) for p in page.products] == [
        ("9780241987650", "https://books.example.co.uk/books/9780241987650"),
        ("9781529111736", "https://books.example.co.uk/books/9781529111736"),
    ]
    assert page.links == ["https://books.example.co.uk/books/9780008532727"]
    first, second = (p.offers[0] for p in page.products)
    assert (first.raw_price, first.currency) == ("8.99", "GBP")
    assert (second.raw_price, second.raw_was_price) == ("12.99", "12.99")  # equal: no markdown


def test_orphan_itemprops_are_read_as_a_last_resort_and_flagged():
    page = read("orphan-itemprops.html")
    assert page.orphan_itemprops
    (book,) = page.products
    assert (book.title, book.brand) == ("Collected  Poems & Letters", "Faber & Faber")
    assert book.image_url == "https://shop.example/images/covers/collected-poems.jpg"
    (offer,) = book.offers
    assert (parse_price(offer.raw_price), offer.currency) == (Decimal("14.99"), "GBP")
    assert gtin14(offer.raw_gtin) == "09780571209859"
    assert availability(offer.raw_availability) == "in_stock"


def test_a_charset_only_in_the_http_header_is_honoured_through_response_text():
    body = (DATA / "charset-header-only.html").read_bytes()
    url = "https://shop.example/p/creme"
    headed = HtmlResponse(url, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
    product = parse_page(headed.text, url, "shop").products[0]
    assert product.title == "Feuchtigkeitscreme für trockene Haut"
    assert product.description == "Mit Sheabutter und Aloe – für täglich."
    # The page's bytes say nothing of their charset: lxml alone reads them as Latin-1 (the
    # mojibake extracting from `response.body` gave).
    assert "fÃ¼r" in lxml.html.document_fromstring(body).findtext(".//h1")
