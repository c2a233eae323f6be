"""Cheapest landed cost per destination, fast: for the search index's precomputation.

The same rules and arithmetic as `quote.landed_costs`, without the words: thresholds, fees and
rates are converted once per rate table and resolved once per (destination, origin, mode,
category), and only totals are computed. `tests/pricing/landed/test_fast.py` checks that both
give the same cheapest total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from core.shipping_table import StoreShipping
from pricing.exchange_rates.rate_table import PIVOT, RateTable
from pricing.landed.rulebook import RuleBook, bundled_rulebook
from pricing.landed.rules import Band, Destination
from pricing.money import Money

ZERO, ONE = Decimal(0), Decimal(1)
# (route, mode, transport customs count, other costs), in the destination's currency
_Way = tuple[str, str, Decimal, Decimal]


@dataclass(frozen=True, slots=True)
class _Band:
    limit: Decimal | None  # in the destination's currency
    measure: str
    duty: str  # none | rate | fixed
    duty_value: Decimal
    tax: str
    fees: Decimal


@dataclass(frozen=True, slots=True)
class _Plan:
    """A destination's rules resolved for one origin, mode and category."""

    domestic: bool
    factor: Decimal | None
    duty_with_shipping: bool
    bands: tuple[_Band, ...]
    tax_rate: Decimal
    tax_with_shipping: bool
    tax_with_duty: bool


class Repricer:
    """Cheapest landed totals for one rule book and one rate table, in one currency."""

    def __init__(self, rates: RateTable, book: RuleBook | None = None, currency: str = PIVOT):
        self.rates, self.book, self.currency = rates, book or bundled_rulebook(), currency
        self._rates: dict[tuple[str, str], Decimal] = {}
        self._plans: dict[tuple[str, str, str, str], _Plan] = {}
        self._lane_cache: dict[tuple[str, str], list[tuple]] = {}
        self._homes = {
            code: "CNY" if code == "CN" else self.book.destinations[code].currency
            for code in self.book.codes
        }

    def cheapest(
        self,
        price: Money,
        category: str,
        weight_kg: Decimal | None,
        store: object | None,
        destinations: Iterable[str] | None = None,
    ) -> dict[str, Money]:
        """{destination: cheapest total} for a store's item (destinations it cannot reach are
        left out). `category` is a duty category key."""
        weight = (
            weight_kg if weight_kg is not None else self.book.categories.typical_weight(category)
        )
        table: StoreShipping | None = getattr(store, "shipping", None)
        origin = getattr(store, "country", "")
        store_currency = getattr(store, "currency", price.currency)
        store_price = price.amount * self._rate(price.currency, store_currency)
        cbec = bool(getattr(store, "cbec_platform", False))
        found: dict[str, Money] = {}
        for code in destinations or self.book.codes:
            home = self._homes[code]
            costs = self._way_costs(code, home, table, origin, store_currency, store_price, weight)
            if not costs:
                continue
            goods = price.amount * self._rate(price.currency, home)
            best = min(self._total(code, goods, way, origin, category, cbec) for way in costs)
            found[code] = Money(best * self._rate(home, self.currency), self.currency)
        return found

    def _rate(self, base: str, quote: str) -> Decimal:
        key = (base, quote)
        rate = self._rates.get(key)
        if rate is None:
            rate = self._rates[key] = self.rates.rate(base, quote)
        return rate

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
            ways.append(("direct", table.mode, direct.cost(price, weight) * to_home, ZERO))
        if origin != code:
            known = table is not None and table.domestic is not None
            domestic = table.domestic.cost(price, weight) * to_home if known else ZERO
            for lane, mode, rate, handling in self._lanes(origin, code, home):
                ways.append(("forwarder", mode, domestic + lane.cost(weight) * rate, handling))
        bonded = table.bonded.get(code) if table and code == "CN" else None
        if bonded is not None:
            ways.append(("bonded", "courier", bonded.cost(price, weight) * to_home, ZERO))
        return ways

    def _lanes(self, origin: str, code: str, home: str) -> list[tuple]:
        """(lane, mode, rate to `home`, handling fee in `home`) of the forwarders that can."""
        key = (origin, code)
        lanes = self._lane_cache.get(key)
        if lanes is None:
            lanes = self._lane_cache[key] = [
                (
                    f.lanes[code],
                    f.mode,
                    self._rate(f.currency, home),
                    f.handling_fee * self._rate(f.currency, home),
                )
                for f in self.book.forwarders
                if code in f.lanes and origin in f.warehouses
            ]
        return lanes

    def _total(
        self, code: str, goods: Decimal, way: _Way, origin: str, category: str, cbec_platform: bool
    ) -> Decimal:
        route, mode, shipping, other = way
        if code == "CN":
            cbec = route == "bonded" or (route == "direct" and cbec_platform)
            return goods + shipping + other + self._china(cbec, goods, shipping, category)
        plan = self._plan(code, origin, mode, category)
        return goods + shipping + other + _charges(plan, goods, shipping)

    def _china(self, cbec: bool, goods: Decimal, shipping: Decimal, category: str) -> Decimal:
        """CBEC (bonded, or direct from a registered platform) or postal articles tax."""
        china = self.book.china
        ct = china.ct_for(category)
        ct_rate = ct.rate if ct else ZERO
        vat = china.vat_for(category).rate
        if cbec:
            value = goods + shipping
            if value <= china.cbec.single_limit.amount and value <= china.cbec.annual_limit.amount:
                return value / (ONE - ct_rate) * china.cbec.tax_share.rate * (vat + ct_rate)
            return _general(china.duty_for(category).rate, vat, ct_rate, value)
        tax = goods * china.postal.tier_for(category).rate
        return ZERO if tax <= china.postal.exemption.amount else tax

    def _plan(self, code: str, origin: str, mode: str, category: str) -> _Plan:
        key = (code, origin, mode, category)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._resolve(self.book.destinations[code], *key[1:])
        return plan

    def _resolve(self, rules: Destination, origin: str, mode: str, category: str) -> _Plan:
        home = rules.currency
        bands = tuple(
            self._band(rules, band, origin, mode, category, home)
            for band in rules.bands
            if band.when.matches(origin, mode, category)
        )
        tax = rules.tax
        factor = rules.duty.goods_factor.rate if rules.duty.goods_factor else None
        return _Plan(
            domestic=origin in rules.domestic_origins or origin == rules.country,
            factor=factor,
            duty_with_shipping=rules.duty.includes_shipping,
            bands=bands,
            tax_rate=tax.rate.rate if tax else ZERO,
            tax_with_shipping=bool(tax and tax.base_includes_shipping),
            tax_with_duty=bool(tax and tax.base_includes_duty),
        )

    def _band(
        self, rules: Destination, band: Band, origin: str, mode: str, category: str, home: str
    ) -> _Band:
        limit = band.up_to.amount * self._rate(band.up_to.currency, home) if band.up_to else None
        duty, value = "none", ZERO
        if band.duty == "per_item":
            per_item = band.duty_per_item
            duty, value = "fixed", per_item.amount * self._rate(per_item.currency, home)
        elif band.duty == "category":
            duty, value = "rate", _duty_rate(rules, origin, mode, category)
        fees = sum(
            (
                fee.amount * self._rate(fee.currency, home)
                for fee in rules.fees
                if fee.applies(band.id, mode)
            ),
            ZERO,
        )
        tax = band.tax if rules.tax is not None else "none"
        return _Band(limit, band.measure, duty, value, tax, fees)


def _duty_rate(rules: Destination, origin: str, mode: str, category: str) -> Decimal:
    for preference in rules.duty.preferences:
        if preference.when.matches(origin, mode, category):
            return preference.rate
    return rules.duty.rate_for(category).rate


def _general(duty: Decimal, vat: Decimal, ct: Decimal, cif: Decimal) -> Decimal:
    duty_amount = cif * duty
    base = (cif + duty_amount) / (ONE - ct)
    return duty_amount + base * vat + base * ct


def _charges(plan: _Plan, goods: Decimal, shipping: Decimal) -> Decimal:
    """Duty + tax + fees of the first band that takes the parcel (customs.assess, as totals)."""
    if plan.domestic:
        return ZERO
    value = goods * plan.factor if plan.factor is not None else goods
    duty_base = value + shipping if plan.duty_with_shipping else value
    for band in plan.bands:
        if band.limit is not None:
            measured = (
                goods
                if band.measure == "goods"
                else goods + shipping
                if band.measure == "goods_and_shipping"
                else duty_base
            )
            if measured > band.limit:
                continue
        duty = duty_base * band.duty_value if band.duty == "rate" else band.duty_value
        if band.tax == "none":
            return duty + band.fees
        base = goods if band.tax == "at_sale" else value
        base += shipping if plan.tax_with_shipping else ZERO
        base += duty if plan.tax_with_duty and band.tax == "at_import" else ZERO
        return duty + base * plan.tax_rate + band.fees
    raise AssertionError("the last band is a catch-all (checked on load)")


_REPRICERS: dict[tuple[int, str], Repricer] = {}


def cheapest_for_destinations(
    price: Money,
    category: str,
    weight_kg: Decimal | None,
    store: object,
    *,
    rates: RateTable,
    currency: str = PIVOT,
    destinations: Iterable[str] | None = None,
) -> dict[str, Money]:
    """{destination: cheapest landed total in `currency`} for one store item, exact (round
    with `.rounded()` to show it). `category` may be a store category ("Hautpflege & Kosmetik")
    or a duty category. Conversions and rules are cached per rate table."""
    key = (id(rates), currency)
    repricer = _REPRICERS.get(key)
    if repricer is None or repricer.rates is not rates:
        _REPRICERS.clear()
        repricer = _REPRICERS[key] = Repricer(rates, currency=currency)
    duty_category = repricer.book.categories.resolve(category)
    return repricer.cheapest(price, duty_category, weight_kg, store, destinations)
