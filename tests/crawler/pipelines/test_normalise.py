"""The normalise pipeline: raw fields become exact values in the store's terms, and what
cannot be read is counted rather than kept."""

from __future__ import annotations

from decimal import Decimal

from crawler.items import Availability, OfferItem, ProductItem, ShippingQuote
from crawler.pipelines.normalise import NormalisePipeline
from crawler.spiders.shopify import ShopifySpider
from tests.crawler.scrapy_parts import crawler_for, stats_under, store


def normalised(item: ProductItem, **store_fields):
    crawler = crawler_for(ShopifySpider, store(**store_fields))
    pipeline = NormalisePipeline.from_crawler(crawler)
    assert pipeline.process_item(item) is item
    return item, crawler


def product(*offers: OfferItem, **fields) -> ProductItem:
    return ProductItem("us-test", "p1", "Cream", fields.pop("url", "/products/cream?b=2&a=1"),
                       offers=list(offers), **fields)  # fmt: skip


def test_offers_get_exact_prices_kilograms_gtins_and_the_stores_currency():
    raw = OfferItem("v1", raw_price="1,299.00", raw_was_price="$1,499", raw_weight="250",
                    raw_gtin="4006381333931", raw_availability="InStock")  # fmt: skip
    item, crawler = normalised(product(raw), currency="GBP")
    offer = item.offers[0]
    assert (offer.price, offer.was_price) == (Decimal("1299.00"), Decimal("1499"))
    assert offer.weight_kg == Decimal("0.25") and offer.currency == "GBP"
    assert offer.gtin == "04006381333931" and offer.availability is Availability.IN_STOCK
    assert offer.available is True
    assert stats_under(crawler, "haitao/") == {}


def test_urls_become_absolute_in_the_store_and_the_description_plain_text():
    item, _ = normalised(product(description="<p>Rich &amp; <b>light</b></p>",
                                 image_url="//127.0.0.1:8999/img/1.jpg"))  # fmt: skip
    assert item.url.startswith("http://127.0.0.1:8999/products/cream?")
    assert item.image_url == "http://127.0.0.1:8999/img/1.jpg"
    assert item.description == "Rich & light"


def test_a_lower_case_currency_is_upper_cased_and_stock_wording_sets_available():
    raw = OfferItem("v1", raw_price="5", currency="jpy", raw_availability="out of stock",
                    available=True)  # fmt: skip
    offer = normalised(product(raw))[0].offers[0]
    assert offer.currency == "JPY"
    assert offer.availability is Availability.OUT_OF_STOCK and offer.available is False


def test_a_bad_gtin_is_dropped_and_counted():
    item, crawler = normalised(product(OfferItem("v1", raw_price="5", raw_gtin="4006381333932")))
    assert item.offers[0].gtin is None
    assert stats_under(crawler, "haitao/") == {"haitao/gtin_invalid": 1}


def test_feed_shipping_rates_are_kept_when_they_parse_and_counted_by_reason_when_not():
    raw = OfferItem("v1", raw_price="5", raw_shipping=["CN::EMS:18.00 USD", "KR:Std:9 USD"])
    item, crawler = normalised(product(raw))
    assert item.offers[0].shipping == [ShippingQuote("CN", "EMS", Decimal("18.00"), "USD")]
    assert stats_under(crawler, "haitao/shipping_invalid") == {
        "haitao/shipping_invalid": 1,
        "haitao/shipping_invalid/bad_format": 1,
    }
