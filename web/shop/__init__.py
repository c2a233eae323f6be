"""The shopper's pages: search with prices converted into their currency."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from web.search import current_rates, run_search, search_form

bp = Blueprint("shop", __name__, template_folder="templates")


@bp.get("/")
def search():
    rates = current_rates()
    form = search_form(request.args, rates)
    if not form.validate():
        return render_template("shop/search.html", form=form, page=None, rates=rates), 400
    page = run_search(form, rates)
    return render_template("shop/search.html", form=form, page=page, rates=rates)


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
