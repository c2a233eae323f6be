"""GET /api/v1/search: the site's search as JSON, every hit with its links and cheapest route."""

from __future__ import annotations

from flask import current_app, request

from core.freshness import Freshness
from pricing.exchange_rates.rate_table import RateTable
from pricing.money import Money
from web.api import bp, cheapest_json, decimal_json, links_json, money_json
from web.error_pages import field_errors
from web.freshness import freshness_json
from web.priced_search import PricedHit, SearchPage, current_rates, run_search, search_form
from web.product_ids import product_id
from web.response_cache import cached_answer


@bp.get("/search")
def search():
    """`size` 1–100; a page past the last one is refused like any other bad page."""
    rates = current_rates()
    answer = cached_answer(rates, lambda: _search(rates))
    if isinstance(answer, bytes):
        return current_app.response_class(answer, mimetype="application/json")
    return answer


def _search(rates: RateTable):
    """The answer as JSON bytes (kept by the response cache), or an error response."""
    form = search_form(request.args, rates)
    if not form.validate():
        return field_errors(400, form.errors)
    page = run_search(form, rates)
    if page.query.page > page.pages:
        return field_errors(400, {"page": [f"past the last page ({page.pages})"]})
    return current_app.json.dumps(page_json(page)).encode()


def page_json(page: SearchPage) -> dict:
    return {
        "query": {
            "q": page.query.text,
            "currency": page.currency,
            "dest": page.destination,
            "sort": page.query.sort,
            "page": page.query.page,
            "size": page.query.size,
            "exact": page.query.exact,
        },
        "corrected": page.results.corrected,
        "total": page.results.total,
        "total_offers": page.results.total_offers,
        "pages": page.pages,
        "rates": {"source": page.rates.source, "as_of": page.rates.as_of.isoformat()},
        "hits": [
            hit_json(hit, page.destination, page.currency, page.freshness) for hit in page.hits
        ],
        "facets": {
            name: [{"value": value, "count": count} for value, count in values]
            for name, values in page.results.facets.items()
        },
    }


def indexed_cheapest(priced: PricedHit) -> dict | None:
    """The cheapest route as the index priced it, for a hit whose catalog offer could not be
    priced now (its row gone since the last reindex): the same shape as `cheapest_json`."""
    if priced.landed is None or priced.net is None or priced.landed_route is None:
        return None
    cashback = Money(priced.landed.amount - priced.net.amount, priced.landed.currency)
    return {
        "route": priced.landed_route,
        "delivered": money_json(priced.landed),
        "cashback": money_json(cashback) if cashback.amount else None,
        "net": money_json(priced.net),
    }


def hit_json(priced: PricedHit, destination: str, currency: str, freshness: Freshness) -> dict:
    doc = priced.hit.document
    state = freshness.check(doc.store_id, doc.checked_at)
    route = priced.route
    return {
        "id": doc.id,
        "product_id": product_id(doc.group_key),
        "title": doc.title,
        "title_html": priced.hit.highlighted_title,
        "variant": priced.offer.variant if priced.offer else None,
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
        "net": money_json(priced.net),
        "landed_route": priced.landed_route,
        "cheapest": cheapest_json(priced.offer) or indexed_cheapest(priced),
        "ships_direct": route.route == "direct" if route else priced.landed_route == "direct",
        "rebate_rate": decimal_json(doc.rebate_rate),
        "price_drop": decimal_json(doc.price_drop),
        "lowest_90d": doc.lowest_90d,
        "landed_drop": decimal_json(doc.landed_drop.get(destination)),
        "landed_low_90d": destination in doc.landed_low_90d,
        **freshness_json(doc.checked_at, state),
        "links": links_json(doc.group_key, priced.offer, destination, currency),
        "group": {
            "key": doc.group_key,
            "offers": priced.hit.group_offers,
            "stores": priced.hit.group_stores,
            "from": money_json(priced.group_from),
            "from_net": money_json(priced.group_net_from),
        },
    }
