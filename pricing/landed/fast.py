"""Cheapest landed cost per destination, fast: for the search index's precomputation.

The same plans (`resolve.py`) and the same arithmetic (`charges.py`) as `quote.landed_costs`,
without the words: only each route's total is computed, and plans, rates and forwarder lanes
are resolved once per rate table. `tests/pricing/landed/test_properties.py` checks that both
give the same cheapest total for any item, seller, destination and currency, and
`tests/pricing/landed/test_fast.py` checks the totals' edges (limits, regimes, sellers).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from decimal import Decimal

from core.shipping_table import StoreShipping
from core.stores import Seller
from pricing.exchange_rates.rate_table import PIVOT, RateTable
from pricing.landed.charges import china_total, customs_charges
from pricing.landed.forwarders import Lane
from pricing.landed.resolve import china_regime, resolver_for
from pricing.landed.rulebook import RuleBook, bundled_rulebook
from pricing.money import Money

ZERO = Decimal(0)
# (route, mode, transport customs count, other costs, route code), in the destination's currency
_Way = tuple[str, str, Decimal, Decimal, str]
# (lane, mode, rate from the forwarder's currency, handling fee, route code), in the
# destination's currency
_Lane = tuple[Lane, str, Decimal, Decimal, str]


def route_code(route: str, forwarder: str | None = None) -> str:
    """A route as the search documents name it: "direct", "bonded", "forwarder:<id>"."""
    return f"{route}:{forwarder}" if forwarder else route


class Repricer:
    """Cheapest landed totals for one rule book and one rate table, in one currency."""

    def __init__(self, rates: RateTable, book: RuleBook | None = None, currency: str = PIVOT):
        self.rates, self.book, self.currency = rates, book or bundled_rulebook(), currency
        self.resolver = resolver_for(self.book, rates)
        self._rate, self._customs = self.resolver.rate, self.resolver.customs
        self._lane_cache: dict[tuple[str, str], list[_Lane]] = {}
        self._homes = {code: self.book.currency_of(code) for code in self.book.codes}

    def cheapest(
        self,
        price: Money,
        category: str,
        weight_kg: Decimal | None,
        seller: Seller | None,
        destinations: Iterable[str] | None = None,
    ) -> dict[str, Money]:
        """{destination: cheapest total} for a seller's item (destinations it cannot reach are
        left out). `category` is a duty category key."""
        found = self.cheapest_routes(price, category, weight_kg, seller, destinations)
        return {code: total for code, (total, _) in found.items()}

    def cheapest_routes(
        self,
        price: Money,
        category: str,
        weight_kg: Decimal | None,
        seller: Seller | None,
        destinations: Iterable[str] | None = None,
    ) -> dict[str, tuple[Money, str]]:
        """{destination: (cheapest total, its route code)}; see `cheapest` and `route_code`."""
        weight = (
            weight_kg if weight_kg is not None else self.book.categories.typical_weight(category)
        )
        if seller is None:
            table, origin, store_currency, cbec = None, "", price.currency, False
        else:
            table, origin = seller.shipping, seller.country
            store_currency, cbec = seller.currency, seller.cbec_platform
        store_price = price.amount * self._rate(price.currency, store_currency)
        found: dict[str, tuple[Money, str]] = {}
        for code in destinations or self.book.codes:
            home = self._homes[code]
            costs = self._way_costs(code, home, table, origin, store_currency, store_price, weight)
            if not costs:
                continue
            goods = price.amount * self._rate(price.currency, home)
            if code == "CN":
                best, route = self._cheapest_in_china(goods, costs, category, cbec)
            else:
                best, route = self._cheapest_through_customs(code, goods, costs, origin, category)
            found[code] = (Money(best * self._rate(home, self.currency), self.currency), route)
        return found

    def _way_costs(
        self,
        code: str,
        home: str,
        table: StoreShipping | None,
        origin: str,
        currency: str,
        price: Decimal,
        weight: Decimal,
    ) -> list[_Way]:
        """(route, mode, international shipping, other costs) per way, in `home`."""
        to_home = self._rate(currency, home)
        ways = []
        direct = table.to(code) if table else None
        if direct is not None:
            cost = direct.cost(price, weight) * to_home
            ways.append(("direct", table.mode, cost, ZERO, "direct"))
        if origin != code:
            known = table is not None and table.domestic is not None
            domestic = table.domestic.cost(price, weight) * to_home if known else ZERO
            for lane, mode, rate, handling, via in self._lanes(origin, code, home):
                ways.append(("forwarder", mode, domestic + lane.cost(weight) * rate, handling, via))
        bonded = table.bonded.get(code) if table and code == "CN" else None
        if bonded is not None:
            ways.append(("bonded", "courier", bonded.cost(price, weight) * to_home, ZERO, "bonded"))
        return ways

    def _lanes(self, origin: str, code: str, home: str) -> list[_Lane]:
        """The lanes of the forwarders with a warehouse in `origin` and a lane to `code`."""
        key = (origin, code)
        lanes = self._lane_cache.get(key)
        if lanes is None:
            lanes = self._lane_cache[key] = [
                (
                    f.lanes[code],
                    f.mode,
                    self._rate(f.currency, home),
                    f.handling_fee * self._rate(f.currency, home),
                    route_code("forwarder", f.id),
                )
                for f in self.book.forwarders
                if code in f.lanes and origin in f.warehouses
            ]
        return lanes

    # The two loops below run for every route of every offer indexed: plain loops, no helpers.
    def _cheapest_through_customs(
        self, code: str, goods: Decimal, ways: list[_Way], origin: str, category: str
    ) -> tuple[Decimal, str]:
        """The cheapest way's total and route code: carriage, then duty, tax and fees of its
        band (ties go to the earlier way, as `breakdown.mark_cheapest` marks them)."""
        best: Decimal | None = None
        for _, mode, shipping, other, via in ways:
            plan = self._customs(code, origin, mode, category)
            band, duty, tax = customs_charges(plan, goods, shipping)
            total = goods + shipping + other + (duty + tax + band.fee_total if band else ZERO)
            if best is None or total < best:
                best, route = total, via
        assert best is not None  # there is at least one way
        return best, route

    def _cheapest_in_china(
        self, goods: Decimal, ways: list[_Way], category: str, cbec: bool
    ) -> tuple[Decimal, str]:
        """The cheapest way's total and route code: carriage, then the charges of the regime
        it clears under."""
        plan = self.resolver.china(category)
        best: Decimal | None = None
        for route, _, shipping, other, via in ways:
            regime = china_regime(route, cbec)
            total = goods + shipping + other + china_total(plan, regime, goods, shipping)
            if best is None or total < best:
                best, chosen = total, via
        assert best is not None  # there is at least one way
        return best, chosen


# (rate table, currency) pairs kept: the site's shoppers' currencies, a price history's days
KEEP_REPRICERS = 32
_REPRICERS: dict[tuple[int, str], Repricer] = {}
_REPRICERS_LOCK = threading.Lock()


def cheapest_for_destinations(
    price: Money,
    category: str,
    weight_kg: Decimal | None,
    seller: Seller | None,
    *,
    rates: RateTable,
    currency: str = PIVOT,
    destinations: Iterable[str] | None = None,
) -> dict[str, Money]:
    """{destination: cheapest landed total in `currency`} for one seller's item, exact (round
    with `.rounded()` to show it). `category` may be a store category ("Hautpflege & Kosmetik")
    or a duty category. Conversions and rules are cached per rate table."""
    found = cheapest_routes_for_destinations(
        price,
        category,
        weight_kg,
        seller,
        rates=rates,
        currency=currency,
        destinations=destinations,
    )
    return {code: total for code, (total, _) in found.items()}


def cheapest_routes_for_destinations(
    price: Money,
    category: str,
    weight_kg: Decimal | None,
    seller: Seller | None,
    *,
    rates: RateTable,
    currency: str = PIVOT,
    destinations: Iterable[str] | None = None,
) -> dict[str, tuple[Money, str]]:
    """{destination: (cheapest total, route code)}: `cheapest_for_destinations` with the route
    that total takes ("direct", "bonded", "forwarder:<id>"; see `route_code`)."""
    key = (id(rates), currency)
    repricer = _REPRICERS.get(key)
    if repricer is None or repricer.rates is not rates:
        repricer = Repricer(rates, currency=currency)
        with _REPRICERS_LOCK:  # the site prices from several threads
            _REPRICERS[key] = repricer
            while len(_REPRICERS) > KEEP_REPRICERS:  # the oldest first
                del _REPRICERS[next(iter(_REPRICERS))]
    duty_category = repricer.book.categories.resolve(category)
    return repricer.cheapest_routes(price, duty_category, weight_kg, seller, destinations)
