"""The JSON API: the same search as the site, with decimals as strings."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from pricing.money import Money
from web.search import PricedHit, SearchPage, current_rates, run_search, search_form

bp = Blueprint("api", __name__)


@bp.get("/search")
def search():
    rates = current_rates()
    form = search_form(request.args, rates)
    if not form.validate():
        return jsonify(errors=form.errors), 400
    return jsonify(page_json(run_search(form, rates)))


def page_json(page: SearchPage) -> dict:
    return {
        "query": {
            "q": page.query.text,
            "currency": page.currency,
            "dest": page.destination,
            "sort": page.query.sort,
            "page": page.query.page,
            "size": page.query.size,
        },
        "total": page.results.total,
        "total_offers": page.results.total_offers,
        "rates": {"source": page.rates.source, "as_of": page.rates.as_of.isoformat()},
        "hits": [hit_json(hit, page.destination) for hit in page.hits],
        "facets": {
            name: [{"value": value, "count": count} for value, count in values]
            for name, values in page.results.facets.items()
        },
    }


def hit_json(priced: PricedHit, destination: str) -> dict:
    doc = priced.hit.document
    return {
        "id": doc.id,
        "title": doc.title,
        "title_html": priced.hit.highlighted_title,
        "brand": doc.brand,
        "category": doc.category,
        "gtin": doc.gtin,
        "url": doc.url,
        "image_url": doc.image_url,
        "available": doc.available,
        "store": {"id": doc.store_id, "name": doc.store_name, "country": doc.store_country},
        "price": money_json(priced.price),
        "was_price": money_json(priced.was_price),
        "converted": money_json(priced.converted),
        "landed": money_json(priced.landed),
        "ships_direct": destination in doc.direct_to,
        "rebate_rate": _decimal(doc.rebate_rate),
        "price_drop": _decimal(doc.price_drop),
        "lowest_90d": doc.lowest_90d,
        "checked_at": doc.checked_at.isoformat(timespec="seconds") + "Z",
        "stale": doc.stale,
        "group": {
            "key": doc.group_key,
            "offers": priced.hit.group_offers,
            "stores": priced.hit.group_stores,
            "from": money_json(priced.group_from),
        },
    }


def _decimal(value) -> str | None:
    return None if value is None else str(value)


def money_json(money: Money | None) -> dict | None:
    if money is None:
        return None
    return {"amount": str(money.rounded().amount), "currency": money.currency}
