"""The sample feeds: a Google-Merchant RSS feed and a CSV datafeed of a sample catalog, which
the crawler's feed extractor reads back, shipping rates included."""

from __future__ import annotations

from crawler.extract.feeds import parse_csv_feed, parse_xml_feed
from crawler.field_values import parse_price
from crawler.samples.assortment import generate_catalog, sample_store
from crawler.samples.feeds import CSV_COLUMNS, XML_SHIPPING, render_csv, render_xml

BASE = "http://127.0.0.1:8111"


def catalog(store_id: str, count: int = 20):
    profile = sample_store(store_id)
    return profile, generate_catalog(profile, count)


def check_round_trip(products, items) -> None:
    by_id = {item.external_id: item for item in items}
    assert set(by_id) == {str(p.id) for p in products}
    for product in products:
        offers = by_id[str(product.id)].offers
        assert [o.external_id for o in offers] == [str(v.id) for v in product.variants]
        assert [parse_price(o.raw_price) for o in offers] == [v.price for v in product.variants]


def test_the_xml_feed_reads_back_product_by_product():
    profile, products = catalog("jp-denki")
    items = parse_xml_feed(render_xml(products, profile, BASE), profile.id, BASE)
    check_round_trip(products, items)


def test_the_xml_feed_publishes_its_shipping_rates_on_the_first_variant_only():
    profile, products = catalog("jp-denki")
    items = {
        i.external_id: i for i in parse_xml_feed(render_xml(products, profile, BASE), "j", BASE)
    }
    for position, rates in XML_SHIPPING.items():
        offers = items[str(products[position].id)].offers
        assert len(offers[0].raw_shipping) == len(rates)
        assert all(not offer.raw_shipping for offer in offers[1:])


def test_the_csv_feed_reads_back_through_its_own_column_mapping():
    profile, products = catalog("uk-beautyhall")
    body = render_csv(products, profile, BASE)
    assert body.decode().splitlines()[0].split(",") == list(CSV_COLUMNS.values())
    check_round_trip(products, parse_csv_feed(body, profile.id, BASE, CSV_COLUMNS))
