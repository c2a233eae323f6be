"""The shopper's pages: search, product comparison, stores, settings."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, g, request, url_for
from flask_babel import lazy_gettext as _l

from pricing.landed.rulebook import bundled_rulebook
from web import preferences
from web.formatting import words
from web.offer_pricing import forwarder_names, net_cost
from web.priced_search import canonical_facet, category_names
from web.product_ids import product_id

bp = Blueprint("shop", __name__, template_folder="templates")

LINE_KINDS = {
    "item": _l("Item"),
    "shipping": _l("Shipping"),
    "duty": _l("Duty"),
    "tax": _l("VAT / sales tax"),
    "consumption_tax": _l("Consumption tax"),
    "fee": _l("Fees"),
}


@bp.after_app_request
def remember_settings(response):
    """Settings chosen in the URL are kept in the cookie for the next visit."""
    if request.blueprint in ("shop", "affiliate") and any(
        name in request.args for name in ("dest", "currency", "lang")
    ):
        preferences.remember(response, preferences.current())
    return response


@bp.app_template_global()
def search_url(**changes: object) -> str:
    """This search's URL with some parameters changed (None removes one), back on page 1."""
    args = request.args.to_dict()
    args.pop("page", None)
    for name, value in changes.items():
        if name == "page" and value is not None:
            args["page"] = value
        elif value is None:
            args.pop(name, None)
        else:
            args[name] = value
    return url_for("shop.search", **args)


@bp.app_template_global()
def settings_url(endpoint: str, **values: object) -> str:
    """A link to `endpoint` that carries the shopper's settings, so it can be shared."""
    return url_for(endpoint, **preferences.current().args(), **values)


@bp.app_template_global()
def shopper() -> preferences.Preferences:
    return preferences.current()


@bp.app_template_global()
def product_url(group_key: str) -> str:
    """The product page with the shopper's settings (built by hand: a results page has
    dozens, and url_for costs more than the rest of a card)."""
    if "haitao_settings_query" not in g:
        g.haitao_settings_query = urlencode(preferences.current().args())
    return f"{request.script_root}/products/{product_id(group_key)}?{g.haitao_settings_query}"


@bp.app_template_global()
def forwarder_name(forwarder_id: str | None) -> str:
    """The forwarder's name from config/forwarders.yaml, in the UI language where the catalog
    holds it (web/translations/breakdown_words.py)."""
    return words(forwarder_names(bundled_rulebook()).get(forwarder_id or "", forwarder_id or ""))


bp.add_app_template_global(canonical_facet, "category_facet")
bp.add_app_template_global(category_names)


@bp.app_template_global()
def line_kind(kind: str) -> str:
    return str(LINE_KINDS.get(kind, kind))


bp.add_app_template_global(net_cost)
