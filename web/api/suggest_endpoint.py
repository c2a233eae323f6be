"""GET /api/v1/suggest: names to complete the search box with, in the shopper's language.

The names (brands, categories, product names of the live catalog, plus the vocabulary's
categories and kinds) are loaded from the catalog once and kept in memory, refreshed in the
background every `REFRESH_SECONDS`; a lookup is then a binary search
(`indexer.suggestions`), never a query. The search box
works without this: the page's script only fills a `<datalist>` from it.
"""

from __future__ import annotations

import threading
import time

from flask import Flask, current_app, jsonify, request
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
    """This app's suggester. Built from the catalog on first use; once older than
    REFRESH_SECONDS, rebuilt in a background thread while requests keep the old one."""
    app = current_app._get_current_object()
    cached = app.extensions.get("haitao.suggester")
    if cached is None:
        with _LOCK:
            cached = app.extensions.get("haitao.suggester")
            if cached is None:
                cached = _build(app)
    elif time.monotonic() - cached[0] > REFRESH_SECONDS and _LOCK.acquire(blocking=False):
        app.extensions["haitao.suggester"] = (time.monotonic(), cached[1])  # one refresh
        threading.Thread(target=_refresh, args=(app,), daemon=True).start()
    return cached[1]


def _refresh(app: Flask) -> None:
    try:
        with app.app_context():
            _build(app)
    finally:
        _LOCK.release()


def _build(app: Flask) -> tuple[float, Suggester]:
    built = (time.monotonic(), Suggester(catalog_names(), preferences.LANGUAGES))
    app.extensions["haitao.suggester"] = built
    return built


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
