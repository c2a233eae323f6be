"""The JSON API: search, products, stores, landed cost; decimals as strings, one error shape.

The endpoints live in this package's modules (imported by `web.create_app`); this module
holds the blueprint and the JSON shapes they share.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, url_for

from core.freshness import Freshness
from pricing.landed.breakdown import Breakdown, breakdown_json
from pricing.landed.fast import route_code
from pricing.money import Money
from web import rate_limits
from web.freshness import freshness_json
from web.offer_pricing import PricedOffer
from web.product_ids import product_id

bp = Blueprint("api", __name__)


@bp.before_request
def _rate_limit() -> None:
    """API_RATE_LIMIT requests a minute per client address (default 120), shared by workers."""
    if not rate_limits.allow("api"):
        abort(429, "Too many requests from your address; try again in a minute.")


def money_json(money: Money | None) -> dict | None:
    if money is None:
        return None
    return {"amount": str(money.rounded().amount), "currency": money.currency}


def decimal_json(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def route_key(route: Breakdown) -> str:
    """ "direct", "bonded" or "forwarder:<forwarder id>", as the search documents name it."""
    return route_code(route.route, route.forwarder)


def links_json(group_key: str, offer: PricedOffer | None, dest: str, currency: str) -> dict:
    """Absolute links: the product page (for this destination and currency), and the
    tracked buy link (None without an offer)."""
    buy = url_for("go.buy", product_id=offer.product_id, _external=True) if offer else None
    page = url_for(
        "shop.product_page",
        product=product_id(group_key),
        dest=dest,
        currency=currency,
        _external=True,
    )
    return {"product": page, "buy": buy}


def cheapest_json(offer: PricedOffer | None) -> dict | None:
    """The offer's cheapest route with its totals; None when no route reaches the destination."""
    route = offer.cheapest if offer else None
    if route is None or offer is None:
        return None
    return {
        "route": route_key(route),
        "delivered": money_json(offer.delivered),
        "cashback": money_json(offer.cashback),
        "net": money_json(offer.net),
    }


def offer_json(offer: PricedOffer, freshness: Freshness) -> dict:
    """An offer with every route's breakdown (the product endpoint), and its freshness."""
    state = freshness.check(offer.store_id, offer.checked_at)
    return {
        "id": offer.key,
        "store": {"id": offer.store_id, "name": offer.store_name, "country": offer.store_country},
        "title": offer.title,
        "variant": offer.variant,
        "price": money_json(offer.price),
        "converted": money_json(offer.converted),
        "available": offer.available,
        **freshness_json(offer.checked_at, state),
        "cheapest": cheapest_json(offer),
        "routes": [
            {
                **breakdown_json(route),
                "key": route_key(route),
                "net": money_json(offer.net_of(route)),
            }
            for route in offer.routes
        ],
        "no_route": offer.no_route,
        "buy": url_for("go.buy", product_id=offer.product_id, _external=True),
    }
