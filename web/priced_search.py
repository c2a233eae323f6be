"""Search as the site and the API serve it: results priced in the shopper's currency."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from flask import current_app, g, has_request_context
from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.freshness import Freshness
from core.tables import Store
from indexer.documents import DESTINATIONS
from indexer.query import DEFAULT_PRICE_BANDS, SearchHit, SearchQuery, SearchResults
from pricing.exchange_rates.rate_table import (
    MANUAL,
    PIVOT,
    FxRate,
    RateTable,
    UnknownRate,
    require_latest_table,
)
from pricing.landed.breakdown import Breakdown
from pricing.landed.categories import UnknownCategory
from pricing.landed.rulebook import bundled_rulebook
from pricing.money import Money
from web import preferences
from web.catalog_offers import feed_rates, offers_by_key, variant_labels
from web.formatting import country_name
from web.forms import SearchForm
from web.freshness import current_freshness
from web.group_prices import lowest_net_by_group
from web.offer_pricing import PricedOffer, price_offer, pricing_for
from web.preferences import Preferences
from web.price_cache import answer_cache, cached, index_generation, latest

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
    # From the index (as the net sort and filters saw it): landed less cashback, and the route
    # of `landed` ("direct", "bonded", "forwarder:<id>"); None where the index has none.
    net: Money | None = None
    landed_route: str | None = None
    # The hit's own offer priced by every route (the card's route, breakdown, cashback, net).
    offer: PricedOffer | None = None
    # The lowest net cost among the group's offers: "3 stores, from ¥59.50 net".
    group_net_from: Money | None = None

    @property
    def route(self) -> Breakdown | None:
        return self.offer.cheapest if self.offer else None


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
    # Each card's one freshness line: checked when, stale or not and why (web.freshness).
    freshness: Freshness

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
    """The newest rates, read whole only when a rate row was added or changed since: one
    table object for many requests also keeps the landed-cost engine's per-table caches warm."""
    with current_app.extensions["haitao.sessions"]() as session:
        return latest("rates", rates_generation(session), lambda: require_latest_table(session))


# The newest row's id (the primary key's last), and the last time a manual row was set again
# in place (only manual rows are; their source leads the unique index). Built once: building
# a statement costs more than running this one.
_RATES_GENERATION = select(
    select(func.max(FxRate.id)).scalar_subquery(),
    select(func.max(FxRate.fetched_at)).where(FxRate.source == MANUAL).scalar_subquery(),
)


def rates_generation(session: Session) -> tuple:
    """A token that moves whenever a rate row is added (its id) or changed (an operator's
    manual rate set again: its fetch time); asked once per request."""
    if has_request_context() and "haitao_rates_generation" in g:
        return g.haitao_rates_generation
    found = tuple(session.execute(_RATES_GENERATION).one())
    if has_request_context():
        g.haitao_rates_generation = found
    return found


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
    form.dest.choices = [(code, country_name(code)) for code in DESTINATIONS]
    return form


def build_query(form: SearchForm, rates: RateTable) -> SearchQuery:
    """The backend query for a validated form; money bounds go into the pivot currency."""
    return SearchQuery(
        text=(form.q.data or "").strip(),
        destination=form.dest.data,
        stores=_one(form.store.data),
        brands=_one(form.brand.data),
        categories=category_aliases(form.category.data),
        store_countries=_one((form.country.data or "").upper()),
        in_stock=form.in_stock.data,
        direct_only=form.direct.data,
        has_rebate=form.rebate.data,
        landed_min=_to_pivot(form.min_cost.data, form.currency.data, rates),
        landed_max=_to_pivot(form.max_cost.data, form.currency.data, rates),
        net_min=_to_pivot(form.min_net.data, form.currency.data, rates),
        net_max=_to_pivot(form.max_net.data, form.currency.data, rates),
        sort=form.sort.data,
        page=form.page.data or 1,
        size=form.size.data or PAGE_SIZE,
        price_bands=price_bands(form.currency.data, rates),
        exact=form.exact.data,
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
    """Search the index for a validated form and price every hit in the shopper's currency.

    The page is kept a minute in the answer cache under the query, the currency, the rates
    and the index's generation (not cached when the backend cannot tell its generation)."""
    query = build_query(form, rates)
    currency = form.currency.data
    generation = index_generation()
    key = None
    if generation is not None:
        key = ("search", query, currency, rates.key, generation)
    return cached(answer_cache(), key, lambda: _search_page(query, currency, rates))


def _search_page(query: SearchQuery, currency: str, rates: RateTable) -> SearchPage:
    results = current_app.extensions["haitao.search"].search(query)
    hits = [_priced(hit, rates, currency, query.destination) for hit in results.hits]
    hits = _with_routes(hits, query.destination, currency, rates)
    with current_app.extensions["haitao.sessions"]() as session:
        freshness = current_freshness(session)
    return SearchPage(
        query, currency, query.destination, rates, results, hits, _store_names(), freshness
    )


def _with_routes(
    hits: list[PricedHit], destination: str, currency: str, rates: RateTable
) -> list[PricedHit]:
    """Each hit with its offer priced by every route, and its group's lowest net cost."""
    if not hits:
        return hits
    with current_app.extensions["haitao.sessions"]() as session:
        pricing = pricing_for(session, destination, currency, rates)
        offers = offers_by_key(session, [hit.hit.document.id for hit in hits])
        shipping = feed_rates(session, offers.values())
        labels = variant_labels(session, offers.values())
        groups = [h.hit.document.group_key for h in hits if h.hit.group_offers > 1]
        lowest = lowest_net_by_group(session, groups, pricing)
        return [
            replace(
                hit,
                offer=_offer(offers.get(hit.hit.document.id), shipping, pricing, labels),
                group_net_from=lowest.get(hit.hit.document.group_key),
            )
            for hit in hits
        ]


def _offer(offer, shipping, pricing, labels) -> PricedOffer | None:
    if offer is None:
        return None
    return price_offer(offer, shipping.get(offer.id, []), pricing, labels.get(offer.gtin or ""))


def category_aliases(value: str | None) -> tuple[str, ...]:
    """A canonical category (a duty category key) as every store name that means it; any
    other value as itself."""
    if not value:
        return ()
    categories = bundled_rulebook().categories.categories
    if value not in categories:
        return (value,)
    return (value, categories[value].name, *categories[value].aliases)


def canonical_facet(values: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Store categories counted under their canonical category (each listed once), by count;
    a category the map does not know stays as it is."""
    book = bundled_rulebook()
    counts: dict[str, int] = {}
    for value, count in values:
        try:
            key = book.categories.resolve(value)
        except UnknownCategory:
            key = value
        counts[key] = counts.get(key, 0) + count
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def category_names() -> dict[str, str]:
    """Canonical category key → its name in the UI language."""
    return {key: gettext(c.name) for key, c in bundled_rulebook().categories.categories.items()}


def _one(value: str | None) -> tuple[str, ...]:
    return (value,) if value else ()


def _to_pivot(amount: Decimal | None, currency: str, rates: RateTable) -> Decimal | None:
    if amount is None:
        return None
    return rates.convert(Money(amount, currency), PIVOT).amount


def _convert(money: Money | None, rates: RateTable, to: str) -> Money | None:
    """`money` in the shopper's currency, rounded; None without it or a rate for it."""
    if money is None:
        return None
    try:
        return rates.convert(money, to).rounded()
    except UnknownRate:
        return None


def _priced(hit: SearchHit, rates: RateTable, currency: str, destination: str) -> PricedHit:
    doc = hit.document
    return PricedHit(
        hit=hit,
        price=doc.price,
        was_price=doc.was_price if doc.was_price and doc.was_price.amount else None,
        converted=_convert(doc.price, rates, currency),
        landed=_convert(doc.landed.get(destination), rates, currency),
        group_from=_convert(hit.group_min_price, rates, currency),
        net=_convert(doc.net.get(destination), rates, currency),
        landed_route=doc.landed_route.get(destination),
    )


def _band(label: str, count: int, rates: RateTable, currency: str) -> PriceBand:
    low, _, high = label.partition("-")
    return PriceBand(
        label=label,
        low=_convert(Money(Decimal(low), PIVOT), rates, currency),
        high=_convert(Money(Decimal(high), PIVOT), rates, currency) if high else None,
        count=count,
    )


def _store_names() -> dict[str, str]:
    with current_app.extensions["haitao.sessions"]() as session:
        return dict(session.execute(select(Store.id, Store.name)).all())
