"""GET /api/v1/products/<id> and /api/v1/stores[/<id>]: what the product and store pages show."""

from __future__ import annotations

from flask import abort, jsonify, url_for

from core.shipping_table import ShippingRate
from web.api import bp, decimal_json, offer_json
from web.offer_pricing import title_for
from web.priced_search import shopper_settings
from web.product_lookup import priced_product
from web.store_facts import StoreView, store_views


@bp.get("/products/<product>")
def product(product: str):
    """Every store's offers for a product, ordered by net cost, each with every route.

    `dest` and `currency` choose the destination and currency (the shopper's settings
    otherwise)."""
    found = priced_product(product)
    rates = found.rates
    return jsonify(
        {
            "id": found.id,
            "group_key": found.group_key,
            "title": title_for(found.offers, found.prefs.lang).title,
            "dest": found.prefs.dest,
            "currency": found.currency,
            "rates": {"source": rates.source, "as_of": rates.as_of.isoformat()},
            "links": {
                "product": url_for("shop.product_page", product=found.id, _external=True),
            },
            "offers": [offer_json(offer, found.found.freshness) for offer in found.offers],
        }
    )


@bp.get("/stores")
def stores():
    prefs, _rates, _currency = shopper_settings()
    views = sorted(store_views(prefs.dest), key=lambda view: view.config.id)
    return jsonify({"dest": prefs.dest, "stores": [store_json(view) for view in views]})


@bp.get("/stores/<store_id>")
def store(store_id: str):
    prefs, _rates, _currency = shopper_settings()
    found = [view for view in store_views(prefs.dest) if view.config.id == store_id]
    if not found:
        abort(404, f"no store '{store_id}'")
    return jsonify({"dest": prefs.dest, **store_json(found[0])})


def store_json(view: StoreView) -> dict:
    config, status, program, shipping = view.config, view.status, view.program, view.shipping
    run = status.last_run
    return {
        "id": config.id,
        "name": config.name,
        "url": config.url,
        "country": config.country,
        "currency": config.currency,
        "language": config.language,
        "links": {"page": url_for("shop.store_page", store_id=config.id, _external=True)},
        "ships_to_dest": {
            "direct": _rate_json(shipping.direct),
            "bonded": _rate_json(shipping.bonded),
            "forwarders": [forwarder.id for forwarder in shipping.forwarders],
            "mode": shipping.mode,
        },
        "direct_mail": {country: _rate_json(rate) for country, rate in view.direct_to},
        "cashback": None
        if program is None
        else {
            "rate": decimal_json(view.cashback_rate),
            "exclusions": program.exclusions or None,
            "cookie_days": program.cookie_days,
            "approval_days": program.approval_days,
        },
        "catalog": {"products": status.products, "offers": status.offers},
        "last_crawl": None
        if run is None
        else {
            "state": run.state,
            "started_at": run.started_at.isoformat(),
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "healthy": run.state == "finished" and not status.flags,
            "flags": list(status.flags),
        },
    }


def _rate_json(rate: ShippingRate | None) -> dict | None:
    if rate is None:
        return None
    return {
        "flat": str(rate.flat),
        "per_kg": str(rate.per_kg),
        "free_over": decimal_json(rate.free_over),
    }
