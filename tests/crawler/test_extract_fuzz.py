"""Arbitrary bytes and mutated saved pages into every extraction function: the only outcomes
are items (which the normalisers and validation then take without error) or an
ExtractionError naming its reason, which the spiders count as a dropped page.

CI runs 40 examples per case; HAITAO_FUZZ_EXAMPLES=2000 digs deeper."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract import ExtractionError, feeds, schemaorg, shopify, woocommerce
from crawler.extract.shipping import shipping_quote
from crawler.field_values import (
    availability,
    canonical_url,
    gtin14,
    parse_price,
    plain_text,
    weight_kg,
)
from crawler.items import ProductItem, ShippingQuote
from crawler.pipelines.validate import offer_problem, product_problem

DATA = Path(__file__).parent / "sample_data"
BASE = "https://shop.example"
CSV_COLUMNS = {"id": "Artikel-ID", "group_id": "Gruppe", "title": "Name", "price": "Preis",
               "was_price": "UVP", "weight": "Gewicht", "availability": "Lager",
               "shipping": "Versand"}  # fmt: skip


def _as_list(item: ProductItem | list[ProductItem]) -> list[ProductItem]:
    return item if isinstance(item, list) else [item]


EXTRACTORS: dict[str, tuple[Callable[[bytes], object], Path]] = {
    "shopify": (
        lambda b: shopify.parse_products_page(b, "s", BASE),
        DATA / "shopify" / "products-page.json",
    ),
    "woocommerce": (
        lambda b: woocommerce.parse_products_page(b, "s", BASE),
        DATA / "woocommerce" / "products-page.json",
    ),
    "schemaorg-json-ld": (
        lambda b: schemaorg.parse_product_page(b, BASE + "/p", "s"),
        DATA / "schemaorg" / "graph-aggregate-offer.html",
    ),
    "schemaorg-microdata": (
        lambda b: schemaorg.parse_product_page(b, BASE + "/p", "s"),
        DATA / "schemaorg" / "microdata.html",
    ),
    "schemaorg-rdfa": (
        lambda b: schemaorg.parse_product_page(b, BASE + "/p", "s"),
        DATA / "schemaorg" / "rdfa.html",
    ),
    "xml-feed": (
        lambda b: feeds.parse_xml_feed(b, "s", BASE),
        DATA / "feeds" / "google-rss.xml",
    ),
    "csv-feed": (
        lambda b: feeds.parse_csv_feed(b, "s", BASE, CSV_COLUMNS, ";"),
        DATA / "feeds" / "datafeed.csv",
    ),
}
FUZZ = settings(
    max_examples=int(os.environ.get("HAITAO_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def mutations(original: bytes) -> st.SearchStrategy[bytes]:
    """The saved page cut short, with bytes overwritten, or with a slice repeated/removed."""
    size = len(original)
    cut = st.integers(0, size).map(lambda n: original[:n])
    overwrite = st.tuples(st.integers(0, size), st.binary(min_size=1, max_size=8)).map(
        lambda p: original[: p[0]] + p[1] + original[p[0] + len(p[1]) :]
    )
    splice = st.tuples(st.integers(0, size), st.integers(0, size)).map(
        lambda p: original[: min(p)] + original[max(p) :] + original[min(p) : max(p)]
    )
    return st.one_of(cut, overwrite, splice)


def outcome(extract: Callable[[bytes], object], body: bytes) -> str:
    """Run one extraction and everything downstream of it that could trip on its output."""
    try:
        items = _as_list(extract(body))  # type: ignore[arg-type]
    except ExtractionError as error:
        assert error.reason and error.reason.isidentifier()
        return f"dropped:{error.reason}"
    for item in items:
        assert isinstance(item, ProductItem)
        plain_text(item.description)
        canonical_url(item.url, BASE)
        canonical_url(item.image_url, BASE)
        for offer in item.offers:
            offer.price = parse_price(offer.raw_price)
            parse_price(offer.raw_was_price)
            weight_kg(offer.raw_weight, offer.weight_unit)
            gtin14(offer.raw_gtin)
            availability(offer.raw_availability, offer.available)
            offer.currency = (offer.currency or "USD").upper()
            for raw in offer.raw_shipping:
                quote = shipping_quote(raw, "US", offer.currency)
                assert isinstance(quote, ShippingQuote) or quote.isidentifier()
            offer_problem(offer)
        product_problem(item)
    return "items"


@pytest.mark.parametrize("name", EXTRACTORS)
def test_saved_pages_give_items(name):
    extract, page = EXTRACTORS[name]
    assert outcome(extract, page.read_bytes()) == "items"


@pytest.mark.parametrize("name", EXTRACTORS)
@FUZZ
@given(body=st.binary(max_size=2000))
def test_arbitrary_bytes_give_items_or_a_named_drop(name, body):
    result = outcome(EXTRACTORS[name][0], body)
    assert result == "items" or result.startswith("dropped:")


@pytest.mark.parametrize("name", EXTRACTORS)
@FUZZ
@given(data=st.data())
def test_mutated_saved_pages_give_items_or_a_named_drop(name, data):
    extract, page = EXTRACTORS[name]
    body = data.draw(mutations(page.read_bytes()))
    result = outcome(extract, body)
    assert result == "items" or result.startswith("dropped:")
