"""Turn raw extracted fields into Decimal prices, GTIN-14s, kilograms and plain text.

Every format's text passes through the same `clean_text` here, once: extraction keeps what
the store sent (entities, double spaces) and never cleans on its own.
"""

from __future__ import annotations

from core.stores import StoreConfig
from crawler.extract.shipping import shipping_quote
from crawler.field_values import (
    availability,
    canonical_url,
    clean_text,
    gtin14,
    parse_price,
    plain_text,
    round_to_minor_unit,
    weight_kg,
)
from crawler.items import OfferItem, ProductItem, ShippingQuote
from crawler.product_batches import ProductBatch, products_of


class NormalisePipeline:
    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    def process_item(self, item: ProductItem | ProductBatch) -> ProductItem | ProductBatch:
        store = self.crawler.spider.store
        for product in products_of(item):
            self.normalise(product, store)
        return item

    def normalise(self, item: ProductItem, store: StoreConfig) -> None:
        item.title = clean_text(item.title)
        item.brand = clean_text(item.brand)
        item.category = clean_text(item.category)
        item.description = plain_text(item.description)
        item.url = canonical_url(item.url, store.url) or store.url
        item.image_url = canonical_url(item.image_url, store.url)
        for offer in item.offers:
            offer.title = clean_text(offer.title)
            offer.sku = clean_text(offer.sku)
            offer.currency = (clean_text(offer.currency) or store.currency).upper()
            self.prices(offer)
            offer.weight_kg = weight_kg(offer.raw_weight, offer.weight_unit)
            offer.availability = availability(offer.raw_availability, offer.available)
            if offer.availability is not None:
                offer.available = offer.availability.buyable
            offer.gtin = gtin14(offer.raw_gtin)
            if offer.raw_gtin and offer.gtin is None:
                self.crawler.stats.inc_value("haitao/gtin_invalid")
            if offer.raw_shipping:
                offer.shipping = self.shipping(offer, store.country)

    def prices(self, offer: OfferItem) -> None:
        """Price and was-price to the currency's minor unit (each rounding counted); a
        was-price only when strictly above the price, else it is no markdown."""
        offer.price = self.rounded(parse_price(offer.raw_price), offer.currency)
        offer.was_price = self.rounded(parse_price(offer.raw_was_price), offer.currency)
        if offer.was_price is not None and (offer.price is None or offer.was_price <= offer.price):
            self.crawler.stats.inc_value("haitao/was_price_not_above_price")
            offer.was_price = None

    def rounded(self, amount, currency: str | None):
        rounded = round_to_minor_unit(amount, currency)
        if rounded != amount:
            self.crawler.stats.inc_value("haitao/price_rounded")
        return rounded

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
