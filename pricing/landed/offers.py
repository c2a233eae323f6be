"""An offer's own shipping prices (its store's feed, `g:shipping`) over the store's table.

A feed that prices mailing one offer to a country is more exact than the store's shipping
table, so its price replaces the table's estimate for direct mail there; a feed price for a
country the table lacks means the store mails there too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import HaitaoError
from core.shipping_table import ShippingRate, StoreShipping
from core.stores import Seller
from core.tables import Offer, OfferShipping, Product
from pricing.exchange_rates.rate_table import RateTable, UnknownRate
from pricing.money import Money, MoneyError


class FeedRate(Protocol):
    """A feed's price for mailing one offer (core.tables.OfferShipping rows are these)."""

    country: str
    region: str | None
    price: Decimal
    currency: str


class UnknownOffer(HaitaoError):
    """An offer id that names no offer in the catalog."""


def sellers_for_offer(
    session: Session, sellers: Mapping[str, Seller], offer_id: str, fx: RateTable
) -> dict[str, Seller]:
    """`sellers` with the offer's store as it sells that offer (`store:product:offer`, the
    search document id): its feed's shipping prices laid over the store's table."""
    store_id = offer_id.partition(":")[0]
    if store_id not in sellers:  # the caller reports the unknown store
        return dict(sellers)
    feed_rates = offer_feed_rates(session, offer_id)
    if feed_rates is None:
        raise UnknownOffer(f"no offer '{offer_id}' in the catalog")
    return {**sellers, store_id: with_feed_rates(sellers[store_id], feed_rates, fx)}


def offer_feed_rates(session: Session, doc_id: str) -> list[OfferShipping] | None:
    """The feed shipping rates of the offer a document id names; None if there is none."""
    store_id, _, rest = doc_id.partition(":")
    offer_id = session.scalar(
        select(Offer.id)
        .join(Offer.product)
        .where(Product.store_id == store_id, Product.external_id + ":" + Offer.external_id == rest)
    )
    if offer_id is None:
        return None
    return list(session.scalars(select(OfferShipping).where(OfferShipping.offer_id == offer_id)))


def with_feed_rates(seller: Seller, rates: Iterable[FeedRate], fx: RateTable) -> Seller:
    """`seller` as it sells this offer: with its table's direct mail replaced by the feed's
    prices. `seller` itself when the feed gives none."""
    prices = direct_prices(rates, seller.currency, fx)
    if not prices:
        return seller
    return replace(seller, shipping=with_direct_prices(seller.shipping, prices))


def direct_prices(rates: Iterable[FeedRate], currency: str, fx: RateTable) -> dict[str, Decimal]:
    """The cheapest feed price per country, in `currency`. A price for a region of a country
    counts only where the feed has none for the whole country."""
    best: dict[str, tuple[bool, Decimal]] = {}
    for rate in rates:
        try:
            amount = fx.convert(Money(rate.price, rate.currency), currency).amount
        except (UnknownRate, MoneyError):  # no rate, or a stored code that is not money (XAU)
            continue
        key = (rate.region is not None, amount)
        if rate.country not in best or key < best[rate.country]:
            best[rate.country] = key
    return {country: amount for country, (_, amount) in best.items()}


def with_direct_prices(table: StoreShipping | None, prices: Mapping[str, Decimal]) -> StoreShipping:
    """`table` (or an empty one) with direct mail to each country of `prices` at that price."""
    base = table or StoreShipping()
    quoted = {country: ShippingRate(flat=price) for country, price in prices.items()}
    return base.model_copy(update={"destinations": {**base.destinations, **quoted}})
