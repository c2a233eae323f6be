"""Validation drops what cannot be shown to a shopper, each time for a named, counted reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import OfferItem, ProductItem
from crawler.pipelines.validate import ValidatePipeline, offer_problem, product_problem
from crawler.product_batches import ProductBatch
from crawler.spiders.shopify import ShopifySpider
from tests.crawler.scrapy_parts import crawler_for, stats_under, store


def offer(**fields) -> OfferItem:
    return OfferItem(**{"external_id": "v1", "price": Decimal("9.99"), "currency": "USD", **fields})


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({}, None),
        ({"price": Decimal(0)}, None),
        ({"external_id": ""}, "no_offer_id"),
        ({"price": None}, "no_price"),
        ({"price": Decimal("-0.01")}, "negative_price"),
        ({"currency": None}, "unknown_currency"),
        ({"currency": "XYZ"}, "unknown_currency"),
    ],
)
def test_an_offers_problem(fields, problem):
    assert offer_problem(offer(**fields)) == problem


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({}, None),
        ({"external_id": ""}, "no_id"),
        ({"title": None}, "no_title"),
        ({"title": ""}, "no_title"),
        ({"offers": []}, "no_valid_offer"),
    ],
)
def test_a_products_problem(fields, problem):
    item = {"store_id": "us-test", "external_id": "p1", "title": "Cream", "url": "http://x/p1",
            "offers": [offer()], **fields}  # fmt: skip
    assert product_problem(ProductItem(**item)) == problem


def pipeline() -> tuple[ValidatePipeline, Crawler]:
    crawler = crawler_for(ShopifySpider, store())
    return ValidatePipeline.from_crawler(crawler), crawler


def test_bad_offers_are_dropped_and_counted_while_the_product_stays():
    validate, crawler = pipeline()
    item = ProductItem("us-test", "p1", "Cream", "http://x/p1",
                       offers=[offer(), offer(external_id="v2", price=None)])  # fmt: skip
    assert validate.process_item(item) is item
    assert [o.external_id for o in item.offers] == ["v1"]
    assert stats_under(crawler, "haitao/") == {"haitao/offers_dropped/no_price": 1}


def test_a_product_left_without_offers_is_dropped_naming_its_reason():
    validate, crawler = pipeline()
    item = ProductItem("us-test", "p1", "Cream", "http://x/p1", offers=[offer(currency="??")])
    with pytest.raises(DropItem, match="no_valid_offer: product p1 of us-test"):
        validate.process_item(item)
    assert stats_under(crawler, "haitao/") == {
        "haitao/offers_dropped/unknown_currency": 1,
        "haitao/dropped/no_valid_offer": 1,
    }


def test_a_batch_keeps_its_listable_products_and_reports_each_dropped_one():
    validate, crawler = pipeline()
    good = ProductItem("us-test", "p1", "Cream", "http://x/p1", offers=[offer()])
    untitled = ProductItem("us-test", "p2", None, "http://x/p2", offers=[offer()])
    unpriced = ProductItem("us-test", "p3", "Soap", "http://x/p3", offers=[offer(price=None)])
    batch = ProductBatch([untitled, good, unpriced])
    assert validate.process_item(batch) is batch
    assert batch.products == [good]
    assert stats_under(crawler, "haitao/") == {
        "haitao/dropped/no_title": 1,
        "haitao/offers_dropped/no_price": 1,
        "haitao/dropped/no_valid_offer": 1,
    }
    assert stats_under(crawler, "item_dropped") == {
        "item_dropped_count": 2,
        "item_dropped_reasons_count/DropItem": 2,
    }
