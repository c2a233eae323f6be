"""The stores index and each store's page: how it ships to the shopper, its rebate, its crawl."""

from __future__ import annotations

from flask import abort, render_template

from pricing.landed.words import Words
from web.priced_search import shopper_settings
from web.shop import bp
from web.store_facts import store_views


@bp.get("/stores")
def stores():
    """Every store, with how it ships to the shopper's destination."""
    prefs, rates, _currency = shopper_settings()
    views = sorted(store_views(prefs.dest), key=lambda view: view.config.name.casefold())
    return render_template("shop/stores.html", stores=views, prefs=prefs, rates=rates)


@bp.get("/stores/<store_id>")
def store_page(store_id: str):
    prefs, rates, _currency = shopper_settings()
    found = [view for view in store_views(prefs.dest) if view.config.id == store_id]
    if not found:
        abort(404, Words("No store '%(store)s'.", store=store_id))
    return render_template("shop/store.html", store=found[0], prefs=prefs, rates=rates)
