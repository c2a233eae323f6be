"""One product found by its id and priced for the shopper: what the product page and
`/api/v1/products/<id>` both show."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy.orm import Session

from core.tables import Offer
from pricing.exchange_rates.rate_table import RateTable
from web.catalog_offers import offers_in_group
from web.offer_pricing import PricedOffer, price_offers, pricing_for
from web.preferences import Preferences
from web.priced_search import shopper_settings
from web.product_ids import UnknownProduct, group_key_of


@dataclass(frozen=True)
class PricedProduct:
    id: str
    group_key: str
    offers: list[PricedOffer]  # by net cost, offers with none last
    catalog: list[Offer]  # the live catalog offers behind them
    prefs: Preferences
    rates: RateTable
    currency: str  # what the offers are priced in (the shopper's, or one the rates know)


def priced_product(session: Session, product: str) -> PricedProduct:
    """The product's live offers priced by every route to the shopper's destination; a 404
    for an id that encodes no group or names one with no live offer."""
    try:
        key = group_key_of(product)
    except UnknownProduct as exc:
        abort(404, str(exc))
    prefs, rates, currency = shopper_settings()
    offers = offers_in_group(session, key)
    if not offers:
        abort(404, f"no product '{product}'")
    priced = price_offers(session, offers, pricing_for(session, prefs.dest, currency, rates))
    return PricedProduct(product, key, priced, offers, prefs, rates, currency)
