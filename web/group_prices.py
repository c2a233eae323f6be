"""A product group's lowest net cost, for "N stores, from ¥… net" on a result card.

Priced by the bulk engine the index uses (`pricing.landed.fast`), cheapest route only, and
cached per group with the offer prices."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from core.errors import HaitaoError
from core.tables import Offer, OfferShipping
from pricing.exchange_rates.rate_table import UnknownRate
from pricing.landed.fast import cheapest_for_destinations
from pricing.money import Money
from web.catalog_offers import feed_rates, group_key_for, live_with_gtins, offers_in_group
from web.offer_pricing import Pricing, cashback, duty_category, net_cost, seller_of
from web.price_cache import MISSING


def lowest_net_by_group(
    session: Session, group_keys: Iterable[str], pricing: Pricing
) -> dict[str, Money]:
    """The lowest net cost (cheapest route, less cashback) of each group's live offers, by the
    bulk engine the index uses; groups none of whose offers reach the destination are left out.
    """
    lowest: dict[str, Money] = {}
    keys = set()
    for key in set(group_keys):
        found = pricing.cache.get(pricing.key("group", key)) if pricing.cache else MISSING
        if found is MISSING:
            keys.add(key)
        elif found is not None:
            lowest[key] = found
    computed = _lowest_net(session, keys, pricing)
    if pricing.cache is not None:
        for key in keys:
            pricing.cache.put(pricing.key("group", key), computed.get(key))
    return lowest | computed


def _lowest_net(session: Session, keys: set[str], pricing: Pricing) -> dict[str, Money]:
    if not keys:
        return {}
    gtin_keys = {key for key in keys if key.startswith("gtin:")}
    # "gtin:<GTIN>" or "gtin:<GTIN>|<brand>": the GTIN's offers, sorted by key below
    offers = live_with_gtins(session, sorted({k[5:].partition("|")[0] for k in gtin_keys}))
    for key in keys - gtin_keys:
        offers.extend(offers_in_group(session, key))
    shipping = feed_rates(session, offers)
    lowest: dict[str, Money] = {}
    for offer in offers:
        net = _quick_net(offer, shipping.get(offer.id, []), pricing)
        key = group_key_for(offer)
        if net is not None and (key not in lowest or net.amount < lowest[key].amount):
            lowest[key] = net
    return lowest


def _quick_net(offer: Offer, shipping: list[OfferShipping], pricing: Pricing) -> Money | None:
    store = offer.product.store
    price = Money(offer.price, offer.currency)
    try:
        totals = cheapest_for_destinations(
            price,
            duty_category(pricing.book, offer.product),
            offer.weight_kg,
            seller_of(offer, shipping, pricing),
            rates=pricing.rates,
            currency=pricing.currency,
            destinations=(pricing.destination,),
        )
    except (HaitaoError, UnknownRate):
        return None
    delivered = totals.get(pricing.destination)
    if delivered is None:
        return None
    back = cashback(pricing.programs.get(store.id), price, offer.product.category, pricing)
    return net_cost(delivered.rounded(), back)
