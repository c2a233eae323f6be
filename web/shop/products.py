"""The product page: one product's offers from every store, compared by net cost."""

from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import select

from core.tables import Offer
from indexer.build import group_key
from web.catalog_offers import failed_crawls, variant_labels
from web.offer_pricing import title_for
from web.product_ids import product_id
from web.product_lookup import priced_product
from web.shop import bp


@bp.get("/products/<product>")
def product_page(product: str):
    """Every store's offers for the product, each by every route, ordered by net cost."""
    with current_app.extensions["haitao.sessions"]() as session:
        found = priced_product(session, product)
        variants = _variants(session, found.catalog)
        failed = failed_crawls(session)
    return render_template(
        "shop/product.html",
        offers=found.offers,
        lead=title_for(found.offers, found.prefs.lang),
        product_id=product,
        variants=variants,
        failed_crawls=failed,
        prefs=found.prefs,
        dest=found.prefs.dest,
        currency=found.currency,
        rates=found.rates,
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
