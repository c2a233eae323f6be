"""Search as the site and the API serve it: results priced in the shopper's currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from core.tables import Store
from indexer.query import DEFAULT_PRICE_BANDS, SearchHit, SearchQuery, SearchResults
from pricing.exchange_rates.rate_table import PIVOT, RateTable, UnknownRate, require_latest_table
from pricing.money import Money
from web import preferences
from web.forms import SearchForm
from web.preferences import Preferences

PAGE_SIZE = 20


@dataclass(frozen=True)
class PricedHit:
    hit: SearchHit
    price: Money
    was_price: Money | None
    # In the shopper's currency; None when no rate converts the store's currency.
    converted: Money | None
    landed: Money | None
    group_from: Money | None


@dataclass(frozen=True)
class PriceBand:
    label: str  # the facet value: pivot bounds "lo-hi"
    low: Money
    high: Money | None
    count: int


@dataclass(frozen=True)
class SearchPage:
    query: SearchQuery
    currency: str
    destination: str
    rates: RateTable
    results: SearchResults
    hits: list[PricedHit]
    store_names: dict[str, str]

    @property
    def pages(self) -> int:
        return max(1, -(-self.results.total // self.query.size))

    @property
    def price_bands(self) -> list[PriceBand]:
        bands = [
            _band(label, count, self.rates, self.currency)
            for label, count in self.results.facets.get("price_band", [])
        ]
        return sorted(bands, key=lambda band: band.low.amount)


def current_rates() -> RateTable:
    with current_app.extensions["haitao.sessions"]() as session:
        return require_latest_table(session)


def shopper_settings() -> tuple[Preferences, RateTable, str]:
    """The shopper's settings, the latest rates, and a currency those rates can convert to
    (the destination's own currency, else the pivot, when the chosen one has no rate)."""
    prefs = preferences.current()
    rates = current_rates()
    known = {PIVOT, *rates.per_pivot}
    currency = prefs.currency
    if currency not in known:
        home = preferences.HOME_CURRENCY.get(prefs.dest, PIVOT)
        currency = home if home in known else PIVOT
    return prefs, rates, currency


def search_form(args, rates: RateTable) -> SearchForm:
    form = SearchForm(formdata=args)
    form.set_currencies(sorted({PIVOT, *rates.per_pivot}))
    return form


def build_query(form: SearchForm, rates: RateTable) -> SearchQuery:
    """The backend query for a validated form; money bounds go into the pivot currency."""
    return SearchQuery(
        text=(form.q.data or "").strip(),
        destination=form.dest.data,
        stores=_one(form.store.data),
        brands=_one(form.brand.data),
        categories=_one(form.category.data),
        store_countries=_one((form.country.data or "").upper()),
        in_stock=form.in_stock.data,
        direct_only=form.direct.data,
        has_rebate=form.rebate.data,
        landed_min=_to_pivot(form.min_cost.data, form.currency.data, rates),
        landed_max=_to_pivot(form.max_cost.data, form.currency.data, rates),
        sort=form.sort.data,
        page=form.page.data or 1,
        size=PAGE_SIZE,
        price_bands=price_bands(form.currency.data, rates),
    )


def price_bands(currency: str, rates: RateTable) -> tuple[Decimal, ...]:
    """Band bounds that are round numbers in the shopper's currency, expressed in the pivot."""
    bounds = []
    for pivot_bound in DEFAULT_PRICE_BANDS:
        local = rates.convert(Money(pivot_bound, PIVOT), currency).amount
        exponent = local.adjusted()  # keep one significant digit: 82.35 → 80, 2059 → 2000
        nice = local.scaleb(-exponent).to_integral_value().scaleb(exponent)
        bounds.append(rates.convert(Money(nice, currency), PIVOT).amount)
    return tuple(sorted(set(bounds)))


def run_search(form: SearchForm, rates: RateTable) -> SearchPage:
    """Search the index for a validated form and price every hit in the shopper's currency."""
    query = build_query(form, rates)
    results = current_app.extensions["haitao.search"].search(query)
    currency = form.currency.data
    hits = [_priced(hit, rates, currency, query.destination) for hit in results.hits]
    return SearchPage(query, currency, query.destination, rates, results, hits, _store_names())


def _one(value: str | None) -> tuple[str, ...]:
    return (value,) if value else ()


def _to_pivot(amount: Decimal | None, currency: str, rates: RateTable) -> Decimal | None:
    if amount is None:
        return None
    return rates.convert(Money(amount, currency), PIVOT).amount


def _convert(amount: Decimal | None, currency: str, rates: RateTable, to: str) -> Money | None:
    if amount is None:
        return None
    try:
        return rates.convert(Money(amount, currency), to).rounded()
    except UnknownRate:
        return None


def _priced(hit: SearchHit, rates: RateTable, currency: str, destination: str) -> PricedHit:
    doc = hit.document
    return PricedHit(
        hit=hit,
        price=Money(doc.price, doc.currency),
        was_price=Money(doc.was_price, doc.currency) if doc.was_price else None,
        converted=_convert(doc.price, doc.currency, rates, currency),
        landed=_convert(doc.landed.get(destination), PIVOT, rates, currency),
        group_from=_convert(hit.group_min_price_pivot, PIVOT, rates, currency),
    )


def _band(label: str, count: int, rates: RateTable, currency: str) -> PriceBand:
    low, _, high = label.partition("-")
    return PriceBand(
        label=label,
        low=_convert(Decimal(low), PIVOT, rates, currency),
        high=_convert(Decimal(high), PIVOT, rates, currency) if high else None,
        count=count,
    )


def _store_names() -> dict[str, str]:
    with current_app.extensions["haitao.sessions"]() as session:
        return dict(session.execute(select(Store.id, Store.name)).all())
