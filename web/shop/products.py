"""The product page: one product's offers from every store, compared by net cost."""

from __future__ import annotations

from flask import abort, current_app, render_template
from sqlalchemy import select

from core.tables import Offer
from indexer.build import group_key
from web.compare import (
    UnknownProduct,
    group_key_of,
    offers_in_group,
    price_offers,
    pricing_for,
    product_id,
    title_for,
    variant_labels,
)
from web.freshness import current_freshness
from web.priced_search import shopper_settings
from web.shop import bp


@bp.get("/products/<product>")
def product_page(product: str):
    """Every store's offers for the product, each by every route, ordered by net cost."""
    try:
        key = group_key_of(product)
    except UnknownProduct as exc:
        abort(404, str(exc))
    prefs, rates, currency = shopper_settings()
    with current_app.extensions["haitao.sessions"]() as session:
        offers = offers_in_group(session, key)
        if not offers:
            abort(404, f"No product '{product}'.")
        priced = price_offers(session, offers, pricing_for(session, prefs.dest, currency, rates))
        variants = _variants(session, offers)
        freshness = current_freshness(session)
    return render_template(
        "shop/product.html",
        offers=priced,
        lead=title_for(priced, prefs.lang),
        product_id=product,
        variants=variants,
        freshness=freshness,
        prefs=prefs,
        dest=prefs.dest,
        currency=currency,
        rates=rates,
    )


def _variants(session, offers) -> list[tuple[str, str]]:
    """(label, product id) of every variant of the products behind these offers."""
    product_ids = {offer.product_id for offer in offers}
    live = Offer.product_id.in_(product_ids), Offer.gone_at.is_(None)
    rows = list(session.scalars(select(Offer).where(*live)))
    labels = variant_labels(session, rows)
    found: dict[str, str] = {}
    for offer in rows:
        label = offer.title or labels.get(offer.gtin or "") or offer.product.title
        key = group_key(offer.gtin, offer.product.brand, offer.product.title)
        found.setdefault(product_id(key), label)
    if len(found) < 2:
        return []
    return sorted(((label, pid) for pid, label in found.items()), key=lambda pair: pair[0])
