"""One product found by its id and priced for the shopper: what the product page and
`/api/v1/products/<id>` both show.

The priced offers are kept a minute in the answer cache under the product, destination,
currency, rates and the search index's generation (a crawl's new prices reach the pages with
the reindex that follows it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.freshness import Freshness
from core.tables import Offer, OfferShipping
from pricing.exchange_rates.rate_table import RateTable
from pricing.landed.words import Words, words_of
from web.catalog_offers import feed_rates, group_key_for, offers_in_group, variant_labels
from web.freshness import current_freshness
from web.offer_pricing import PricedOffer, priced_offers, pricing_for
from web.preferences import Preferences
from web.price_cache import answer_cache, cached, index_generation
from web.priced_search import shopper_settings
from web.product_ids import UnknownProduct, group_key_of, product_id


@dataclass(frozen=True)
class GroupRows:
    """A product group's catalog rows, the same for every destination and currency: its live
    offers (detached, their products and stores loaded), their feed shipping and variant
    labels, and the variants of its products."""

    offers: list[Offer]
    shipping: dict[int, list[OfferShipping]]
    labels: dict[str, str]
    variants: list[tuple[str, str]]


@dataclass(frozen=True)
class ProductOffers:
    """What a product's page shows that depends on the catalog, not on the request."""

    offers: list[PricedOffer]  # by net cost, offers with none last
    variants: list[tuple[str, str]]  # (label, product id) of its variants; [] for one
    freshness: Freshness  # each store's last crawl and schedule, as of the lookup
    rows: list[Offer] = field(default_factory=list)  # the catalog offers, for their history


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


def catalog_product_id(catalog_id: int) -> str:
    """The product id (its group) of a catalog product, by its first live offer (else its
    first offer); a 404 when it has none. Alert e-mails name products by catalog id."""
    query = (
        select(Offer)
        .where(Offer.product_id == catalog_id)
        .order_by(Offer.gone_at.is_not(None), Offer.id)
        .limit(1)
    )
    with current_app.extensions["haitao.sessions"]() as session:
        offer = session.scalar(query)
        if offer is None:
            abort(404, Words("no product '%(product)s'", product=str(catalog_id)))
        return product_id(group_key_for(offer))


def priced_product(product: str) -> PricedProduct:
    """The product's live offers priced by every route to the shopper's destination; a 404
    for an id that encodes no group or names one with no live offer. A catalog product's
    number (alert webhooks name products by it) stands for its group."""
    if product.isdigit():
        product = catalog_product_id(int(product))
    try:
        key = group_key_of(product)
    except UnknownProduct as exc:
        abort(404, words_of(exc))
    prefs, rates, currency = shopper_settings()
    generation = index_generation()
    cache_key = None
    if generation is not None:
        cache_key = ("product", key, prefs.dest, currency, rates.key, generation)
    found = cached(
        answer_cache(), cache_key, lambda: _priced(key, prefs.dest, currency, rates, generation)
    )
    if found is None:
        abort(404, Words("no product '%(product)s'", product=product))
    return PricedProduct(product, key, found, prefs, rates, currency)


def _priced(
    key: str, dest: str, currency: str, rates: RateTable, generation: str | None
) -> ProductOffers | None:
    with current_app.extensions["haitao.sessions"]() as session:
        rows_key = ("group rows", key, generation) if generation is not None else None
        rows = cached(answer_cache(), rows_key, lambda: _group_rows(session, key))
        if rows is None:
            return None
        pricing = pricing_for(session, dest, currency, rates)
        priced = priced_offers(rows.offers, rows.shipping, rows.labels, pricing)
        return ProductOffers(priced, rows.variants, current_freshness(session), rows.offers)


def _group_rows(session: Session, key: str) -> GroupRows | None:
    offers = offers_in_group(session, key)
    if not offers:
        return None
    shipping, labels = feed_rates(session, offers), variant_labels(session, offers)
    return GroupRows(offers, shipping, labels, _variants(session, offers))


def _variants(session: Session, offers: list[Offer]) -> list[tuple[str, str]]:
    """(label, product id) of every variant of the products behind these offers."""
    product_ids = {offer.product_id for offer in offers}
    live = Offer.product_id.in_(product_ids), Offer.gone_at.is_(None)
    rows = list(session.scalars(select(Offer).where(*live)))
    labels = variant_labels(session, rows)
    found: dict[str, str] = {}
    for offer in rows:
        label = offer.title or labels.get(offer.gtin or "") or offer.product.title
        key = group_key_for(offer)
        found.setdefault(product_id(key), label)
    if len(found) < 2:
        return []
    return sorted(((label, pid) for pid, label in found.items()), key=lambda pair: pair[0])
