"""GET /api/v1/suggest: names to complete the search box with, in the shopper's language.

The names (brands, categories, product names of the live catalog, plus the vocabulary's
categories and kinds) are loaded from the catalog once and kept in memory for
`REFRESH_SECONDS`; a lookup is then a binary search (`indexer.suggestions`). The search box
works without this: the page's script only fills a `<datalist>` from it.
"""

from __future__ import annotations

import threading
import time

from flask import current_app, jsonify, request
from sqlalchemy import select

from core.tables import Product, Store
from indexer.suggestions import Name, Suggester, language_of
from web import preferences
from web.api import bp
from web.error_pages import field_errors

MAX_PREFIX = 100
LIMIT = 8
REFRESH_SECONDS = 300
_LOCK = threading.Lock()


@bp.get("/suggest")
def suggest():
    """Up to 8 suggestions for `q`: categories, brands, then product names."""
    text = request.args.get("q", "")
    if len(text) > MAX_PREFIX:
        return field_errors(400, {"q": [f"at most {MAX_PREFIX} characters"]})
    lang = preferences.current().lang
    found = suggester().suggest(text, lang, LIMIT)
    answer = jsonify(
        {
            "q": text,
            "lang": lang,
            "suggestions": [{"text": s.text, "kind": s.kind} for s in found],
        }
    )
    answer.headers["Cache-Control"] = "public, max-age=300"
    return answer


def suggester() -> Suggester:
    """This app's suggester, rebuilt from the catalog when older than REFRESH_SECONDS."""
    cached = current_app.extensions.get("haitao.suggester")
    if cached is None or time.monotonic() - cached[0] > REFRESH_SECONDS:
        with _LOCK:
            cached = current_app.extensions.get("haitao.suggester")
            if cached is None or time.monotonic() - cached[0] > REFRESH_SECONDS:
                cached = (time.monotonic(), Suggester(catalog_names(), preferences.LANGUAGES))
                current_app.extensions["haitao.suggester"] = cached
    return cached[1]


def catalog_names() -> list[Name]:
    """Brands, category names and product names of the products still on sale."""
    sql = (
        select(Product.title, Product.brand, Product.category, Store.language)
        .join(Store, Store.id == Product.store_id)
        .where(Product.gone_at.is_(None))
        .distinct()
    )
    names: list[Name] = []
    brands: set[str] = set()
    with current_app.extensions["haitao.sessions"]() as session:
        for title, brand, category, language in session.execute(sql):
            lang = language_of(language or "")
            names.append(Name(title, "product", lang, brand))
            if category:
                names.append(Name(category, "category", lang))
            if brand:
                brands.add(brand)
    names.extend(Name(brand, "brand", None) for brand in brands)
    return names
