"""Drop what cannot be shown to a shopper, always for a named, counted reason."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from core.iso_codes import is_currency
from crawler.items import OfferItem, ProductItem
from crawler.product_batches import ProductBatch, report_dropped


def offer_problem(offer: OfferItem) -> str | None:
    """Why an offer cannot be listed, or None if it can."""
    if not offer.external_id:
        return "no_offer_id"
    if offer.price is None:
        return "no_price"
    if offer.price < 0:
        return "negative_price"
    if not offer.currency or not is_currency(offer.currency):
        return "unknown_currency"
    return None


def product_problem(item: ProductItem) -> str | None:
    if not item.external_id:
        return "no_id"
    if not item.title:
        return "no_title"
    if not item.offers:
        return "no_valid_offer"
    return None


class ValidatePipeline:
    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    def process_item(self, item: ProductItem | ProductBatch) -> ProductItem | ProductBatch:
        """The item without its offers that cannot be listed; DropItem for a product that
        cannot be listed at all (reported one by one, out of a batch)."""
        if not isinstance(item, ProductBatch):
            return self.validated(item)
        kept = []
        for product in item.products:
            try:
                kept.append(self.validated(product))
            except DropItem as dropped:
                report_dropped(self.crawler, product, dropped)
        item.products = kept
        return item

    def validated(self, item: ProductItem) -> ProductItem:
        item.offers = [offer for offer in item.offers if self._keep(offer)]
        if reason := product_problem(item):
            self.stats.inc_value(f"haitao/dropped/{reason}")
            raise DropItem(f"{reason}: product {item.external_id or '?'} of {item.store_id}")
        return item

    def _keep(self, offer: OfferItem) -> bool:
        reason = offer_problem(offer)
        if reason:
            self.stats.inc_value(f"haitao/offers_dropped/{reason}")
        return reason is None
