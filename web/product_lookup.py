"""One product found by its id and priced for the shopper: what the product page and
`/api/v1/products/<id>` both show.

The priced offers are kept a minute in the answer cache under the product, destination,
currency, rates and the search index's generation (a crawl's new prices reach the pages with
the reindex that follows it)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.freshness import Freshness
from core.tables import Offer
from indexer.build import group_key
from pricing.exchange_rates.rate_table import RateTable
from pricing.landed.words import Words, words_of
from web.catalog_offers import offers_in_group, variant_labels
from web.freshness import current_freshness
from web.offer_pricing import PricedOffer, price_offers, pricing_for
from web.preferences import Preferences
from web.price_cache import answer_cache, cached
from web.priced_search import shopper_settings
from web.product_ids import UnknownProduct, group_key_of, product_id


@dataclass(frozen=True)
class ProductOffers:
    """What a product's page shows that depends on the catalog, not on the request."""

    offers: list[PricedOffer]  # by net cost, offers with none last
    variants: list[tuple[str, str]]  # (label, product id) of its variants; [] for one
    freshness: Freshness  # each store's last crawl and schedule, as of the lookup


@dataclass(frozen=True)
class PricedProduct:
    id: str
    group_key: str
    found: ProductOffers
    prefs: Preferences
    rates: RateTable
    currency: str  # what the offers are priced in (the shopper's, or one the rates know)

    @property
    def offers(self) -> list[PricedOffer]:
        return self.found.offers


def priced_product(product: str) -> PricedProduct:
    """The product's live offers priced by every route to the shopper's destination; a 404
    for an id that encodes no group or names one with no live offer."""
    try:
        key = group_key_of(product)
    except UnknownProduct as exc:
        abort(404, words_of(exc))
    prefs, rates, currency = shopper_settings()
    generation = current_app.extensions["haitao.search"].generation()
    cache_key = None
    if generation is not None:
        cache_key = ("product", key, prefs.dest, currency, rates.source, rates.as_of, generation)
    found = cached(answer_cache(), cache_key, lambda: _priced(key, prefs.dest, currency, rates))
    if found is None:
        abort(404, Words("no product '%(product)s'", product=product))
    return PricedProduct(product, key, found, prefs, rates, currency)


def _priced(key: str, dest: str, currency: str, rates: RateTable) -> ProductOffers | None:
    with current_app.extensions["haitao.sessions"]() as session:
        offers = offers_in_group(session, key)
        if not offers:
            return None
        priced = price_offers(session, offers, pricing_for(session, dest, currency, rates))
        return ProductOffers(priced, _variants(session, offers), current_freshness(session))


def _variants(session: Session, offers: list[Offer]) -> list[tuple[str, str]]:
    """(label, product id) of every variant of the products behind these offers."""
    product_ids = {offer.product_id for offer in offers}
    live = Offer.product_id.in_(product_ids), Offer.gone_at.is_(None)
    rows = list(session.scalars(select(Offer).where(*live)))
    labels = variant_labels(session, rows)
    found: dict[str, str] = {}
    for offer in rows:
        label = offer.title or labels.get(offer.gtin or "") or offer.product.title
        key = group_key(offer.gtin, offer.product.brand, offer.product.title)
        found.setdefault(product_id(key), label)
    if len(found) < 2:
        return []
    return sorted(((label, pid) for pid, label in found.items()), key=lambda pair: pair[0])
