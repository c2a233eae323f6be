"""Done when (issue #14): a crawl of a real-world-shaped catalog gets every required field
right or drops the item with a named reason.

Every saved real-shaped file under sample_data/ goes through the real extraction, then the
normalise and validate pipelines, as in a crawl. For each product the table below states its
required fields (id, title, URL) and each offer's (id, price, currency, was-price,
availability, GTIN), checked field by field; a product the pipelines drop must be listed here
with its reason. The share of correct fields is printed (`pytest -s`) and must be 100 %.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from core.stores import StoreConfig
from crawler.extract import ExtractionError, schemaorg, shopify, woocommerce
from crawler.extract.feeds import parse_csv_feed, parse_xml_feed
from crawler.items import ProductItem
from crawler.pipelines.normalise import NormalisePipeline
from crawler.pipelines.validate import ValidatePipeline
from tests.crawler.extract.test_feeds import COLUMNS, YML_COLUMNS

DATA = Path(__file__).parent / "sample_data"
PAGE = "https://shop.example/p/x"  # where the schema.org pages are said to have been fetched

# The required fields of a product and of each of its offers.
Offer = tuple[str, str, str, str | None, bool | None, str | None]  # id, price, cur, was, …
Expected = tuple[str, str, str, list[Offer]] | str  # (id, title, url, offers) or drop reason


def _read(path: str) -> bytes:
    return (DATA / path).read_bytes()


def _page(name: str) -> list[ProductItem]:
    return schemaorg.parse_page(_read(f"schemaorg/{name}").decode(), PAGE, "shop").products


FIXTURES: dict[str, tuple[str, Callable[[], list[ProductItem]], list[Expected]]] = {
    "feeds/google-rss.xml": ("JPY", lambda: parse_xml_feed(_read("feeds/google-rss.xml"), "shop", "https://denki.example"), [  # noqa: E501
        ("P-1", "Wireless Earbuds", "https://denki.example/p/earbuds", [
            ("SKU-1-S", "9800", "JPY", "12800", True, "04901234567894"),
            ("SKU-1-B", "12800", "JPY", None, False, None),  # its GTIN's check digit is wrong
        ]),
        ("SKU-2", "USB Cable", "https://denki.example/p/cable", [
            ("SKU-2", "1.50", "USD", None, True, None),
        ]),
    ]),
    "feeds/google-atom.xml": ("GBP", lambda: parse_xml_feed(_read("feeds/google-atom.xml"), "shop", "https://denki.example"), [  # noqa: E501
        ("B-1", "Rose Serum 30 ml", "https://beauty.example/rose", [
            ("B-1", "24.00", "GBP", None, True, None),
        ]),
    ]),
    "feeds/yml-export.xml": ("UAH", lambda: parse_xml_feed(_read("feeds/yml-export.xml"), "shop", "https://kavoman.example.ua", "offer", YML_COLUMNS), [  # noqa: E501
        ("10", "Кава в зернах Lavazza Qualità Oro 1 кг",
         "https://kavoman.example.ua/p/lavazza-qualita-oro?size=1kg", [
            ("101", "449.00", "UAH", None, True, "08000070012820"),  # was-price = price
            ("102", "139.90", "UAH", "159.90", False, None),
        ]),
        ("201", "Френч-прес Bodum Chambord 0,35 л", "https://kavoman.example.ua/p/french-press", [
            ("201", "612.00", "UAH", None, True, None),
        ]),
    ]),
    "feeds/datafeed.csv": ("EUR", lambda: parse_csv_feed(_read("feeds/datafeed.csv"), "shop", "https://apo.example", COLUMNS, ";"), [  # noqa: E501
        ("G-1", "Windeln Größe 3", "https://apo.example/w3", [
            ("A-1", "1299.00", "EUR", None, True, "04006381333931"),  # "1.299,00 €"
            ("A-2", "14.99", "EUR", "19.99", False, None),
        ]),
        ("A-3", "Kamillentee", "https://apo.example/tee", [
            ("A-3", "3.49", "EUR", None, True, None),
        ]),
    ]),
    "shopify/products-page.json": ("JPY", lambda: shopify.parse_products_page(_read("shopify/products-page.json"), "shop", "https://shop.example"), [  # noqa: E501
        ("7981234561", "Sakura Bio 保湿クリーム 50g",
         "https://shop.example/products/sakura-bio-moisture-cream-50g", [
            ("43811111111", "3980", "JPY", "4400", True, "04901234567894"),
        ]),
        ("7981234562", "Milkwell Infant Formula Stage 1",
         "https://shop.example/products/milkwell-formula-stage-1", [
            ("43811111112", "4980", "JPY", None, True, "09312345678907"),
            ("43811111113", "2780", "JPY", None, False, None),
        ]),
        "no_title",  # product 7981234563 has a blank title
    ]),
    "woocommerce/products-page.json": ("EUR", lambda: woocommerce.parse_products_page(_read("woocommerce/products-page.json"), "shop", "https://shop.example"), [  # noqa: E501
        ("34", "Aqua Glow Feuchtigkeitscreme 50 ml",
         "https://drogerie.example/product/aqua-glow-cream/", [
            ("34", "12.99", "EUR", "15.99", True, "04006381333931"),
        ]),
        ("40", "Babynahrung Pre", "https://drogerie.example/product/baby-pre/", [
            ("41", "19.95", "EUR", None, True, "04006381333931"),
            ("42", "34.95", "EUR", "39.95", False, None),
        ]),
        ("50", "抹茶 Matcha 100 g", "https://shop.example/product/matcha/", [
            ("50", "3980", "JPY", None, True, None),
        ]),
    ]),
    "schemaorg/aggregate-offer-only.html": ("KRW", lambda: _page("aggregate-offer-only.html"), [
        ("TV-55", '55" 4K TV', PAGE, [("TV-55", "498000", "KRW", None, None, None)]),
    ]),
    "schemaorg/charset-header-only.html": ("EUR", lambda: _page("charset-header-only.html"), [
        ("FC-50", "Feuchtigkeitscreme für trockene Haut", PAGE,
         [("FC-50", "12.95", "EUR", None, None, None)]),
    ]),
    "schemaorg/graph-aggregate-offer.html": ("EUR", lambda: _page("graph-aggregate-offer.html"), [
        ("https://shop.example/creme#product", "Feuchtigkeitscreme 50 ml", PAGE, [
            ("AG-50", "12.99", "EUR", "15.99", True, "04006381333931"),
            ("AG-100", "21.50", "EUR", None, False, "04006381333931"),
        ]),
    ]),
    "schemaorg/json-ld-offers-list.html": ("USD", lambda: _page("json-ld-offers-list.html"), [
        ("P-100", "Sonic Earbuds", "https://shop.example/products/sonic-earbuds?utm_source=x", [
            ("SE-W", "1299.00", "USD", None, True, "00036000291452"),
            ("SE-B", "1299.00", "USD", None, True, "00000096385074"),
        ]),
    ]),
    "schemaorg/listing-json-ld-itemlist.html": ("GBP", lambda: _page("listing-json-ld-itemlist.html"), [  # noqa: E501
        ("9780241987650", "The Lighthouse Keeper’s Daughter",
         "https://books.example.co.uk/books/9780241987650",
         [("9780241987650", "8.99", "GBP", None, True, "09780241987650")]),
        ("9781529111736", "A Winter Garden", "https://shop.example/books/9781529111736",
         [("9781529111736", "12.99", "GBP", None, True, None)]),
    ]),
    "schemaorg/listing-microdata-prestashop.html": ("PLN", lambda: _page("listing-microdata-prestashop.html"), [  # noqa: E501
        ("KAW-21", "Kawa Etiopia Yirgacheffe 250 g",
         "https://sklep.example.pl/kawa-ziarnista/21-kawa-etiopia-yirgacheffe.html",
         [("KAW-21", "17.00", "PLN", None, True, None)]),  # " 17,00 zł " as text only
        ("KAW-22", "Kawa Kolumbia Huila 1 kg",
         "https://sklep.example.pl/kawa-ziarnista/22-kawa-kolumbia-huila.html",
         [("KAW-22", "89.99", "PLN", None, False, None)]),  # content="89.990001"
        ("KAW-23", "Espresso Crema 500 g",
         "https://sklep.example.pl/kawa-ziarnista/23-espresso-crema.html",
         [("KAW-23", "42.00", "PLN", None, None, None)]),
    ]),
    "schemaorg/microdata.html": ("JPY", lambda: _page("microdata.html"), [
        ("MC-1", "宇治抹茶 100g", PAGE, [("MC-1-100", "3980", "JPY", None, True, "04901234567894")]),  # noqa: E501
    ]),
    "schemaorg/no-structured-data-h1.html": ("PLN", lambda: _page("no-structured-data-h1.html"), [
        (PAGE, "Herbata zielona Sencha 100 g", PAGE, [(f"{PAGE}#0", "17.00", "PLN", None, None, None)]),  # noqa: E501
    ]),
    "schemaorg/no-structured-data-og.html": ("PLN", lambda: _page("no-structured-data-og.html"), [
        ("https://shop.example.pl/p/kettle-nordic", "Kettle “Nordic” 1.7 l",
         "https://shop.example.pl/p/kettle-nordic",
         [("https://shop.example.pl/p/kettle-nordic#0", "189.00", "PLN", None, None, None)]),
    ]),
    "schemaorg/orphan-itemprops.html": ("GBP", lambda: _page("orphan-itemprops.html"), [
        (PAGE, "Collected Poems & Letters", PAGE,
         [(f"{PAGE}#0", "14.99", "GBP", None, True, "09780571209859")]),
    ]),
    "schemaorg/rdfa.html": ("GBP", lambda: _page("rdfa.html"), [
        ("MS-1", "Merino Sweater", PAGE, [("MS-1-M", "67.95", "GBP", None, True, "00012345600012")]),  # noqa: E501
    ]),
}  # fmt: skip


def crawled(currency: str, items: list[ProductItem]) -> list[ProductItem | str]:
    """Each item through the normalise and validate pipelines: the item, or its drop reason."""
    store = StoreConfig(id="shop", name="Shop", platform="shopify", url="https://shop.example",
                        country="US", currency=currency, language="en")  # fmt: skip
    crawler = get_crawler(Spider)
    crawler.spider = Spider(name="shop")
    crawler.spider.store = store
    normalise, validate = NormalisePipeline(crawler), ValidatePipeline(crawler)
    out: list[ProductItem | str] = []
    for item in items:
        try:
            out.append(validate.process_item(normalise.process_item(item)))
        except DropItem as drop:
            reason = str(drop).split(":")[0]
            assert crawler.stats.get_value(f"haitao/dropped/{reason}"), "a drop is counted"
            out.append(reason)
    return out


def fields(item: ProductItem | str) -> list:
    """The required fields of a crawled product in the table's shape (a drop: its reason)."""
    if isinstance(item, str):
        return [item]
    offers = [
        (o.external_id, o.price, o.currency, o.was_price, o.available, o.gtin) for o in item.offers
    ]
    return [item.external_id, item.title, item.url, *[v for offer in offers for v in offer]]


def wanted(expected: Expected) -> list:
    if isinstance(expected, str):
        return [expected]
    external_id, title, url, offers = expected
    values = [
        (oid, Decimal(price), cur, was and Decimal(was), available, gtin)
        for oid, price, cur, was, available, gtin in offers
    ]
    return [external_id, title, url, *[v for offer in values for v in offer]]


SCORE: dict[str, tuple[int, int]] = {}


@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_every_required_field_is_right_or_the_item_is_dropped_for_a_named_reason(fixture):
    currency, extract, expected = FIXTURES[fixture]
    got = [fields(item) for item in crawled(currency, extract())]
    want = [wanted(entry) for entry in expected]
    assert len(got) == len(want), f"{fixture}: {len(got)} products, expected {len(want)}"
    right = sum(g == w for got_item, want_item in zip(got, want, strict=True)
                for g, w in zip(got_item, want_item, strict=False))  # fmt: skip
    total = sum(len(w) for w in want)
    SCORE[fixture] = (right, total)
    assert got == want


def test_a_page_with_no_product_is_dropped_for_a_named_reason():
    with pytest.raises(ExtractionError) as dropped:
        _page("no-product.html")
    assert dropped.value.reason == "no_product"


def test_the_correct_field_share_over_all_fixtures_is_complete():
    if len(SCORE) < len(FIXTURES):
        pytest.skip("run with the fixture tests (the whole file)")
    right = sum(r for r, _ in SCORE.values())
    total = sum(t for _, t in SCORE.values())
    print(f"\nreal-world fixtures: {right}/{total} required fields right ({right / total:.1%}), "
          f"{len(FIXTURES)} files")  # fmt: skip
    assert right == total
