"""Turn raw extracted fields into Decimal prices, GTIN-14s, kilograms and plain text."""

from __future__ import annotations

from crawler.extract.shipping import shipping_quote
from crawler.field_values import (
    availability,
    canonical_url,
    gtin14,
    parse_price,
    plain_text,
    weight_kg,
)
from crawler.items import OfferItem, ProductItem, ShippingQuote


class NormalisePipeline:
    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    def process_item(self, item: ProductItem) -> ProductItem:
        store = self.crawler.spider.store
        item.description = plain_text(item.description)
        item.url = canonical_url(item.url, store.url) or store.url
        item.image_url = canonical_url(item.image_url, store.url)
        for offer in item.offers:
            offer.price = parse_price(offer.raw_price)
            offer.was_price = parse_price(offer.raw_was_price)
            offer.weight_kg = weight_kg(offer.raw_weight, offer.weight_unit)
            offer.currency = (offer.currency or store.currency).upper()
            offer.availability = availability(offer.raw_availability, offer.available)
            if offer.availability is not None:
                offer.available = offer.availability.buyable
            offer.gtin = gtin14(offer.raw_gtin)
            if offer.raw_gtin and offer.gtin is None:
                self.crawler.stats.inc_value("haitao/gtin_invalid")
            if offer.raw_shipping:
                offer.shipping = self.shipping(offer, store.country)
        return item

    def shipping(self, offer: OfferItem, country: str) -> list[ShippingQuote]:
        """The offer's feed rates that make sense; each other one is counted by its reason."""
        quotes = []
        for raw in offer.raw_shipping:
            quote = shipping_quote(raw, country, offer.currency or "")
            if isinstance(quote, str):
                self.crawler.stats.inc_value("haitao/shipping_invalid")
                self.crawler.stats.inc_value(f"haitao/shipping_invalid/{quote}")
            else:
                quotes.append(quote)
        return quotes
