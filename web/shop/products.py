"""The product page: one product's offers from every store, compared by net cost."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from web.offer_pricing import title_for
from web.priced_search import current_rates
from web.product_lookup import catalog_product_id, priced_product
from web.response_cache import cached_answer
from web.shop import bp


@bp.get("/products/<product>")
def product_page(product: str):
    """Every store's offers for the product, each by every route, ordered by net cost. A
    catalog product's number (alert e-mails and webhooks link by it) leads to its group."""
    if product.isdigit():
        group = catalog_product_id(int(product))
        return redirect(url_for("shop.product_page", product=group, **request.args))
    return cached_answer(current_rates(), lambda: _product_page(product))


def _product_page(product: str) -> str:
    found = priced_product(product)
    return render_template(
        "shop/product.html",
        offers=found.offers,
        lead=title_for(found.offers, found.prefs.lang),
        product_id=product,
        variants=found.found.variants,
        freshness=found.found.freshness,
        prefs=found.prefs,
        dest=found.prefs.dest,
        currency=found.currency,
        rates=found.rates,
        history_offers=found.found.rows,
    )
