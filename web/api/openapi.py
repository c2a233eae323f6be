"""GET /api/v1/openapi.json: the OpenAPI 3.1 description of the public JSON API.

Written by hand next to the endpoints it describes; `tests/web/test_openapi.py` validates it
against the OpenAPI 3.1 schema and fuzzes the API against it (schemathesis).
"""

from __future__ import annotations

from flask import jsonify, url_for

from indexer.documents import DESTINATIONS
from indexer.query import SORTS
from pricing.exchange_rates.rate_table import PIVOT
from web.api import bp
from web.forms import MAX_COST
from web.preferences import LANGUAGES
from web.priced_search import current_rates


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


COST = {"type": "number", "minimum": 0, "maximum": MAX_COST}
DECIMAL = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}
MONEY = {
    "type": "object",
    "required": ["amount", "currency"],
    "properties": {"amount": DECIMAL, "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}},
}
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message", "fields"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}
CHEAPEST = {
    "type": "object",
    "required": ["route", "delivered", "cashback", "net"],
    "properties": {
        "route": {"type": "string", "pattern": "^(direct|bonded|forwarder:[a-z0-9-]+)$"},
        "delivered": _ref("Money"),
        "cashback": _nullable(_ref("Money")),
        "net": _ref("Money"),
    },
}
# When a price was last confirmed, and whether it is stale and why (web.freshness)
FRESHNESS = {
    "checked_at": {"type": "string"},
    "stale": {"type": "boolean"},
    "stale_reason": {"type": ["string", "null"], "enum": ["crawl_failed", "not_confirmed", None]},
}
STORE_REF = {
    "type": "object",
    "required": ["id", "name", "country"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "country": {"type": "string"},
    },
}
HIT = {
    "type": "object",
    "required": [
        "id",
        "product_id",
        "title",
        "store",
        "price",
        "links",
        "cheapest",
        "group",
        "checked_at",
        "stale",
        "stale_reason",
    ],
    "properties": {
        "id": {"type": "string"},
        "product_id": {"type": "string"},
        "title": {"type": "string"},
        "title_html": {"type": "string"},
        "variant": {"type": ["string", "null"]},
        "brand": {"type": ["string", "null"]},
        "category": {"type": ["string", "null"]},
        "gtin": {"type": ["string", "null"]},
        "url": {"type": "string"},
        "image_url": {"type": ["string", "null"]},
        "available": {"type": "boolean"},
        "store": STORE_REF,
        "price": _ref("Money"),
        "was_price": _nullable(_ref("Money")),
        "converted": _nullable(_ref("Money")),
        "landed": _nullable(_ref("Money")),
        "net": _nullable(_ref("Money")),
        "landed_route": {"type": ["string", "null"]},
        "cheapest": _nullable(_ref("Cheapest")),
        "ships_direct": {"type": "boolean"},
        "rebate_rate": _nullable(DECIMAL),
        "price_drop": _nullable(DECIMAL),
        # the delivered cost to `dest`: its 30-day drop (null: none) and whether at a 90-day low
        "landed_drop": _nullable(DECIMAL),
        "landed_low_90d": {"type": "boolean"},
        **FRESHNESS,
        "links": {
            "type": "object",
            "required": ["product", "buy"],
            "properties": {
                "product": {"type": "string", "format": "uri"},
                "buy": {"type": ["string", "null"], "format": "uri"},
            },
        },
        "group": {
            "type": "object",
            "required": ["key", "offers", "stores"],
            "properties": {
                "key": {"type": "string"},
                "offers": {"type": "integer"},
                "stores": {"type": "integer"},
                "from": _nullable(_ref("Money")),
                "from_net": _nullable(_ref("Money")),
            },
        },
    },
}
SEARCH_PAGE = {
    "type": "object",
    "required": ["query", "total", "total_offers", "pages", "rates", "hits", "facets"],
    "properties": {
        "query": {"type": "object"},
        "total": {"type": "integer", "minimum": 0},
        "total_offers": {"type": "integer", "minimum": 0},
        "pages": {"type": "integer", "minimum": 1},
        "rates": _ref("Rates"),
        "hits": {"type": "array", "items": _ref("Hit"), "maxItems": 100},
        "facets": {"type": "object"},
        "corrected": {"type": ["string", "null"]},
    },
}
RATES = {
    "type": "object",
    "required": ["source", "as_of"],
    "properties": {"source": {"type": "string"}, "as_of": {"type": "string", "format": "date"}},
}
BREAKDOWN = {
    "type": "object",
    "required": ["route", "key", "currency", "cheapest", "lines", "total", "rules", "net"],
    "properties": {
        "route": {"enum": ["direct", "forwarder", "bonded"]},
        "key": {"type": "string"},
        "forwarder": {"type": ["string", "null"]},
        "regime": {"type": ["string", "null"]},
        "currency": {"type": "string"},
        "cheapest": {"type": "boolean"},
        "lines": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "label", "amount"],
                "properties": {
                    "kind": {"type": "string"},
                    "label": {"type": "string"},
                    "amount": DECIMAL,
                },
            },
        },
        "total": DECIMAL,
        "net": _ref("Money"),
        "rules": {"type": "array", "items": {"type": "string"}},
        "warnings": {"type": "array", "items": {"type": "string"}},
    },
}
OFFER = {
    "type": "object",
    "required": [
        "id",
        "store",
        "price",
        "available",
        "checked_at",
        "stale",
        "stale_reason",
        "routes",
        "buy",
    ],
    "properties": {
        "id": {"type": "string"},
        "store": STORE_REF,
        "title": {"type": "string"},
        "variant": {"type": ["string", "null"]},
        "price": _ref("Money"),
        "converted": _nullable(_ref("Money")),
        "available": {"type": "boolean"},
        **FRESHNESS,
        "cheapest": _nullable(_ref("Cheapest")),
        "routes": {"type": "array", "items": _ref("Breakdown")},
        "no_route": {"type": ["string", "null"]},
        "buy": {"type": "string", "format": "uri"},
    },
}
PRODUCT = {
    "type": "object",
    "required": ["id", "title", "dest", "currency", "offers", "links"],
    "properties": {
        "id": {"type": "string"},
        "group_key": {"type": "string"},
        "title": {"type": "string"},
        "dest": {"type": "string"},
        "currency": {"type": "string"},
        "rates": _ref("Rates"),
        "links": {"type": "object"},
        "offers": {"type": "array", "items": _ref("Offer"), "minItems": 1},
    },
}
STORE = {
    "type": "object",
    "required": ["id", "name", "country", "currency", "ships_to_dest", "catalog"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "url": {"type": "string"},
        "country": {"type": "string"},
        "currency": {"type": "string"},
        "language": {"type": "string"},
        "links": {"type": "object"},
        "ships_to_dest": {"type": "object"},
        "direct_mail": {"type": "object"},
        "cashback": {"type": ["object", "null"]},
        "catalog": {"type": "object"},
        "last_crawl": {"type": ["object", "null"]},
    },
}


def _query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _settings_params(currencies: list[str]) -> list[dict]:
    return [
        _query("dest", {"enum": list(DESTINATIONS)}, "Ship to; the shopper's setting otherwise"),
        _query("currency", {"enum": currencies}, "Currency of the answer"),
    ]


SEARCH_PARAMS = [
    _query("q", {"type": "string", "maxLength": 200}, "Words, in any store's language"),
    _query("sort", {"enum": list(SORTS)}, "Order of the hits"),
    _query("store", {"type": "string", "maxLength": 64}, "Only this store id"),
    _query("brand", {"type": "string", "maxLength": 200}, "Only this brand"),
    _query("category", {"type": "string", "maxLength": 200}, "A canonical category or a store's"),
    _query("in_stock", {"type": "boolean"}, "Only offers in stock"),
    _query("direct", {"type": "boolean"}, "Only stores that mail to `dest` directly"),
    _query("rebate", {"type": "boolean"}, "Only offers with cashback"),
    _query(
        "min_cost",
        {"type": "number", "minimum": 0, "maximum": MAX_COST},
        "Lowest delivered cost, in `currency`",
    ),
    _query(
        "max_cost",
        {"type": "number", "minimum": 0, "maximum": MAX_COST},
        "Highest delivered cost, in `currency`",
    ),
    _query(
        "min_net",
        {"type": "number", "minimum": 0, "maximum": MAX_COST},
        "Lowest net cost (delivered less the shopper's cashback), in `currency`",
    ),
    _query(
        "max_net",
        {"type": "number", "minimum": 0, "maximum": MAX_COST},
        "Highest net cost (delivered less the shopper's cashback), in `currency`",
    ),
    _query("page", {"type": "integer", "minimum": 1, "maximum": 500}, "Page, from 1"),
    _query("size", {"type": "integer", "minimum": 1, "maximum": 100}, "Hits per page (20)"),
    _query("exact", {"type": "boolean"}, "The words as typed: no typo correction"),
]
SUGGEST_PARAMS = [
    _query("q", {"type": "string", "maxLength": 100}, "What the shopper has typed so far"),
    _query("lang", {"enum": list(LANGUAGES)}, "Language of the names; the shopper's otherwise"),
]
SUGGESTIONS = {
    "type": "object",
    "required": ["q", "lang", "suggestions"],
    "properties": {
        "q": {"type": "string"},
        "lang": {"type": "string"},
        "suggestions": {
            "type": "array",
            "maxItems": 8,
            "items": {
                "type": "object",
                "required": ["text", "kind"],
                "properties": {
                    "text": {"type": "string"},
                    "kind": {"enum": ["category", "brand", "product"]},
                },
            },
        },
    },
}


def _answers(ok: str, *errors: int) -> dict:
    answers = {"200": {"description": "OK", "content": {"application/json": {"schema": _ref(ok)}}}}
    for status in (*errors, 429):  # 429: past API_RATE_LIMIT requests a minute
        answers[str(status)] = {
            "description": "Error",
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    return answers


def document(server: str, currencies: list[str]) -> dict:
    """The OpenAPI 3.1 document, with `server` as the API's base URL and the currencies the
    current exchange rates can convert to."""
    settings = _settings_params(currencies)
    search = [*SEARCH_PARAMS[:1], *settings, *SEARCH_PARAMS[1:]]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Haitao API",
            "version": "1",
            "description": "Overseas offers priced to the shopper's door: delivered cost by "
            "route, cashback and net cost. Decimals are strings; errors have one shape.",
        },
        "servers": [{"url": server}],
        "paths": {
            "/search": {"get": _op("Search offers", search, "SearchPage", 400)},
            "/suggest": {
                "get": _op("Names to complete the search box", SUGGEST_PARAMS, "Suggestions", 400)
            },
            "/products/{product}": {"get": _product_op(settings)},
            "/stores": {"get": _op("Every store", settings, "StoreList")},
            "/stores/{store_id}": {"get": _store_op(settings)},
            "/landed-cost": {"post": _landed_op()},
        },
        "components": {
            "schemas": {
                "Money": MONEY,
                "Error": ERROR,
                "Rates": RATES,
                "Cheapest": CHEAPEST,
                "Hit": HIT,
                "SearchPage": SEARCH_PAGE,
                "Suggestions": SUGGESTIONS,
                "Breakdown": BREAKDOWN,
                "Offer": OFFER,
                "Product": PRODUCT,
                "Store": STORE,
                "StoreList": {
                    "type": "object",
                    "required": ["dest", "stores"],
                    "properties": {
                        "dest": {"type": "string"},
                        "stores": {"type": "array", "items": _ref("Store")},
                    },
                },
                "LandedCost": {"type": "object", "required": ["destination", "routes"]},
            }
        },
    }


def _op(summary: str, params: list, ok: str, *errors: int) -> dict:
    return {"summary": summary, "parameters": params, "responses": _answers(ok, *errors)}


def _path(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _product_op(settings: list[dict]) -> dict:
    params = [_path("product"), *settings]
    return _op("One product's offers from every store, by net cost", params, "Product", 404)


def _store_op(settings: list[dict]) -> dict:
    params = [_path("store_id"), *settings]
    return _op("One store: shipping, cashback, catalog, last crawl", params, "Store", 404)


def _landed_op() -> dict:
    body = {
        "type": "object",
        "required": ["to", "price"],
        "properties": {
            "to": {"type": "string"},
            "price": {"type": "string", "examples": ["59.99 USD"]},
            "category": {"type": "string"},
            "from": {"type": "string"},
            "store": {"type": "string"},
        },
    }
    return {
        "summary": "The landed cost of an item by every route",
        "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
        "responses": _answers("LandedCost", 400),
    }


@bp.get("/openapi.json")
def openapi():
    rates = current_rates()
    server = url_for("api.search", _external=True).removesuffix("/search")
    return jsonify(document(server, sorted({PIVOT, *rates.per_pivot})))
