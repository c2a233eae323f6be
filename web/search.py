"""Search as the site and the API serve it: results with prices in the shopper's currency."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from haitao.fx import PIVOT, RateTable, UnknownRate, latest_table
from haitao.money import Money
from indexer.query import SearchHit, SearchQuery, SearchResults
from web.forms import SearchForm

PAGE_SIZE = 20


@dataclass(frozen=True)
class PricedHit:
    hit: SearchHit
    price: Money
    was_price: Money | None
    converted: Money | None  # None when no rate converts the store's currency


@dataclass(frozen=True)
class SearchPage:
    query: SearchQuery
    currency: str
    destination: str
    rates: RateTable
    results: SearchResults
    hits: list[PricedHit]

    @property
    def pages(self) -> int:
        return max(1, -(-self.results.total // self.query.size))


def current_rates() -> RateTable:
    with current_app.extensions["haitao.sessions"]() as session:
        table = latest_table(session)
    if table is None:
        raise RuntimeError("no exchange rates stored: run `haitao db upgrade`")
    return table


def search_form(args, rates: RateTable) -> SearchForm:
    form = SearchForm(formdata=args)
    form.set_currencies(sorted({PIVOT, *rates.per_pivot}))
    return form


def run_search(form: SearchForm, rates: RateTable) -> SearchPage:
    """Search the index for a validated form and price every hit in the shopper's currency."""
    query = SearchQuery(
        text=(form.q.data or "").strip(),
        stores=(form.store.data,) if form.store.data else (),
        sort=form.sort.data,
        page=form.page.data or 1,
        size=PAGE_SIZE,
    )
    results = current_app.extensions["haitao.search"].search(query)
    hits = [_priced(hit, rates, form.currency.data) for hit in results.hits]
    return SearchPage(query, form.currency.data, form.dest.data, rates, results, hits)


def _priced(hit: SearchHit, rates: RateTable, currency: str) -> PricedHit:
    doc = hit.document
    price = Money(doc.price, doc.currency)
    was = Money(doc.was_price, doc.currency) if doc.was_price else None
    try:
        converted = rates.convert(price, currency).rounded()
    except UnknownRate:
        converted = None
    return PricedHit(hit, price, was, converted)
