"""GET /go/product/<id>: the site's buy button, a tracked click for every outbound link.

The click is the signed-in account's, or the house account's when nobody is signed in; the
target is built only from stored rows (the crawled product URL on the store's own host).
"""

from __future__ import annotations

from flask import abort, current_app
from flask_babel import gettext as _
from flask_login import current_user

from core.tables import Product
from rebates.buy_links import buy_link, house_account
from rebates.links import host_of
from rebates.tables import User
from web.go import bp, click_through, client_allowed, leave_for


@bp.get("/go/product/<int:product_id>")
def buy(product_id: int):
    """Record the click on the product's buy link, then 302 to the store (or its network)."""
    ip_hash = client_allowed()
    with current_app.extensions["haitao.sessions"].begin() as session:
        product = session.get(Product, product_id)
        if product is None:
            abort(404, _("No such product."))
        link = buy_link(session, _clicker(session), product)
        # no rebate program: nothing to track, straight to the store
        target = _product_page(product) if link is None else click_through(session, link, ip_hash)
    return leave_for(target)


def _clicker(session) -> User:
    if current_user.is_authenticated:
        user = session.get(User, current_user.id)
        if user is not None:
            return user
    return house_account(session)


def _product_page(product: Product) -> str:
    store_url = product.store.url
    return product.url if host_of(product.url) == host_of(store_url) else store_url
