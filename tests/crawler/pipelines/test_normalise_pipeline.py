"""The normalise pipeline cleans every format's items the same way, and counts what it fixed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from core.stores import StoreConfig
from crawler.items import OfferItem, ProductItem
from crawler.pipelines.normalise import NormalisePipeline
from crawler.product_batches import ProductBatch

STORE = StoreConfig(id="us-shop", name="Shop", platform="shopify", url="https://shop.example",
                    country="US", currency="USD", language="en")  # fmt: skip


@pytest.fixture
def pipeline():
    crawler = get_crawler(Spider)
    crawler.spider = Spider(name="test")
    crawler.spider.store = STORE
    return NormalisePipeline(crawler)


def item(**offer) -> ProductItem:
    return ProductItem(
        store_id=STORE.id,
        external_id="1",
        title="Joe&#8217;s  &ldquo;Best&rdquo; Coffee&nbsp;&amp; Tea ",
        url="/products/joe",
        brand=" Joe&amp;#8217;s ",
        category="Food &amp;  Drink",
        description="&lt;p&gt;Rich &amp;amp; dark&lt;/p&gt;",
        offers=[OfferItem(external_id="1-1", title="  Large&nbsp; ", **offer)],
    )


def stat(pipeline, key):
    return pipeline.crawler.stats.get_value(key)


def test_every_text_field_is_decoded_and_collapsed(pipeline):
    out = pipeline.process_item(item(raw_price="12.99"))
    assert out.title == "Joe’s “Best” Coffee & Tea"
    assert out.brand == "Joe’s"  # escaped twice by the shop
    assert out.category == "Food & Drink"
    assert out.description == "Rich & dark"
    assert out.offers[0].title == "Large"


@pytest.mark.parametrize(
    ("price", "was", "kept"),
    [("12.99", "12.99", None), ("12.99", "10.00", None), ("12.99", "15.00", Decimal("15.00"))],
)
def test_a_was_price_is_kept_only_above_the_price(pipeline, price, was, kept):
    offer = pipeline.process_item(item(raw_price=price, raw_was_price=was)).offers[0]
    assert offer.was_price == kept
    assert stat(pipeline, "haitao/was_price_not_above_price") == (None if kept else 1)


def test_prices_are_rounded_to_the_minor_unit_and_counted(pipeline):
    offer = pipeline.process_item(item(raw_price="24.990001", raw_was_price="30")).offers[0]
    assert (offer.price, offer.was_price) == (Decimal("24.99"), Decimal("30.00"))
    assert stat(pipeline, "haitao/price_rounded") == 1  # 30 → 30.00 is no rounding
    jpy = pipeline.process_item(item(raw_price="3980.5", currency="JPY")).offers[0]
    assert (jpy.price, stat(pipeline, "haitao/price_rounded")) == (Decimal("3981"), 2)


def test_a_zero_weight_is_unknown(pipeline):
    offer = pipeline.process_item(item(raw_price="1", raw_weight=0)).offers[0]
    assert offer.weight_kg is None


def test_each_product_of_a_batch_is_normalised_and_counted_as_alone(pipeline):
    batch = ProductBatch([item(raw_price="24.990001"), item(raw_price="3.5", raw_weight="0")])
    assert pipeline.process_item(batch) is batch
    assert [p.title for p in batch.products] == ["Joe’s “Best” Coffee & Tea"] * 2
    assert [p.offers[0].price for p in batch.products] == [Decimal("24.99"), Decimal("3.50")]
    assert stat(pipeline, "haitao/price_rounded") == 1
