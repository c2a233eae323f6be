"""The search page: results priced to the shopper's door, in their currency."""

from __future__ import annotations

from flask import render_template, request

from pricing.exchange_rates.rate_table import RateTable
from web import preferences
from web.priced_search import current_rates, run_search, search_form
from web.response_cache import cached_answer
from web.shop import bp


@bp.get("/")
def search():
    rates = current_rates()
    return cached_answer(rates, lambda: _search(rates))


def _search(rates: RateTable):
    args = preferences.with_defaults(request.args, preferences.current())
    form = search_form(args, rates)
    if not form.validate():
        return render_template("shop/search.html", form=form, page=None, rates=rates), 400
    page = run_search(form, rates)
    return render_template("shop/search.html", form=form, page=page, rates=rates)
