"""Which landed-cost rules apply: the one place that decides.

Outside China, what customs charge depends on the destination, where the parcel ships from, how
(post or courier) and what it is. `Resolver.customs` turns a destination's rule file into a
`CustomsPlan` for one (destination, origin, mode, category): the value bands that can apply, in
order, with their limits, per-item duties and fees converted into the destination's currency;
the duty rate (a preference for the origin, or the category's rate); the tax rate and what its
base includes. China clears a parcel under one of its regimes, chosen from the route and the
seller (`china_regime`), at rates chosen by category (`Resolver.china`).

A resolver belongs to one rule book and one rate table and caches its plans; `resolver_for`
keeps the resolvers of the last few (rule book, rate table) pairs. The arithmetic on plans is
`charges.py`: the bulk totals (`fast.py`) add its amounts up, the explained breakdown
(`customs.py`, `china.py`, `quote.py`) puts the same plans into words.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pricing.exchange_rates.rate_table import RateTable, UnknownRate
from pricing.landed.china import ChinaRules, PostalTier, Regime
from pricing.landed.rulebook import RuleBook
from pricing.landed.rules import Band, Destination, Fee
from pricing.landed.sourced import SourcedRate
from pricing.landed.words import Words, words_of

ZERO, ONE = Decimal(0), Decimal(1)
# rule book × rate table pairs kept: the index's, the site's, a test's, a price history's days
KEEP_RESOLVERS = 32


class NoRate(UnknownRate):
    """A rule's amount is in a currency the rate table cannot convert into the destination's."""

    def __init__(self, currency: str, home: str, reason: UnknownRate) -> None:
        why = "no exchange rate for %(currency)s to %(home)s (%(reason)s)"
        super().__init__(Words(why, currency=currency, home=home, reason=words_of(reason)))


@dataclass(frozen=True, slots=True)
class FeePlan:
    rule: Fee
    amount: Decimal  # in the destination's currency


@dataclass(frozen=True, slots=True)
class BandPlan:
    """A value band that can apply, its amounts in the destination's currency."""

    rule: Band  # as written: id, text, citation, warning
    limit: Decimal | None
    measure: str  # goods | goods_and_shipping | duty_base
    duty: str  # none | rate | fixed
    duty_value: Decimal  # the plan's duty rate, or the fixed duty per item
    tax: str  # none | at_sale | at_import ("none" where the destination levies no tax)
    fees: tuple[FeePlan, ...]
    fee_total: Decimal


@dataclass(frozen=True, slots=True)
class CustomsPlan:
    """A destination's rules for one origin, mode and category."""

    rules: Destination
    domestic: bool  # shipped from within the destination: no customs at all
    factor: Decimal | None  # share of the price taken as the customs value (Japan: 0.6)
    duty_with_shipping: bool  # CIF (true) or FOB
    duty_rate: SourcedRate  # a `Preference` for the origin, or the category's rate
    bands: tuple[BandPlan, ...]  # only those whose conditions match; the last takes any value
    tax_rate: Decimal
    tax_with_shipping: bool
    tax_with_duty: bool


@dataclass(frozen=True, slots=True)
class ChinaPlan:
    """China's rates for one duty category (amounts in CNY, as the rule file writes them)."""

    rules: ChinaRules
    vat: SourcedRate
    consumption_tax: SourcedRate | None
    duty: SourcedRate  # general trade
    tier: PostalTier  # postal articles tax
    ct_rate: Decimal
    # the figures the arithmetic reads, straight from the rules
    cbec_share: Decimal  # of statutory VAT and consumption tax levied under CBEC (0.7)
    cbec_single_limit: Decimal
    cbec_annual_limit: Decimal
    postal_exemption: Decimal


def china_regime(route: str, cbec_platform: bool) -> Regime:
    """Bonded stock and a registered platform's direct mail clear as cross-border e-commerce;
    other parcels as personal postal articles."""
    if route == "bonded" or (route == "direct" and cbec_platform):
        return "cbec"
    return "postal"


class Resolver:
    """Resolved rules of one rule book at one rate table, cached."""

    def __init__(self, book: RuleBook, rates: RateTable) -> None:
        self.book, self.rates = book, rates
        self._customs: dict[tuple[str, str, str, str], CustomsPlan] = {}
        self._china: dict[str, ChinaPlan] = {}
        self._rates: dict[tuple[str, str], Decimal] = {}

    def customs(self, code: str, origin: str, mode: str, category: str) -> CustomsPlan:
        """The plan for a parcel to `code` (not CN) from `origin` by `mode` of `category`."""
        key = (code, origin, mode, category)
        plan = self._customs.get(key)
        if plan is None:
            plan = self._customs[key] = self._customs_plan(self.book.destinations[code], *key[1:])
        return plan

    def china(self, category: str) -> ChinaPlan:
        plan = self._china.get(category)
        if plan is None:
            plan = self._china[category] = _china_plan(self.book.china, category)
        return plan

    def rate(self, base: str, quote: str) -> Decimal:
        """How many `quote` one `base` buys (cached); NoRate when the table cannot say."""
        key = (base, quote)
        rate = self._rates.get(key)
        if rate is None:
            try:
                rate = ONE if base == quote else self.rates.rate(base, quote)
            except UnknownRate as exc:
                raise NoRate(base, quote, exc) from None
            self._rates[key] = rate
        return rate

    def convert(self, amount: Decimal, currency: str, home: str) -> Decimal:
        return amount if currency == home else amount * self.rate(currency, home)

    def _customs_plan(
        self, rules: Destination, origin: str, mode: str, category: str
    ) -> CustomsPlan:
        duty_rate = _duty_rate(rules, origin, mode, category)
        bands = tuple(
            self._band(rules, band, mode, duty_rate.rate)
            for band in rules.bands
            if band.when.matches(origin, mode, category)
        )
        tax, goods_factor = rules.tax, rules.duty.goods_factor
        return CustomsPlan(
            rules=rules,
            domestic=origin in rules.domestic_origins or origin == rules.country,
            factor=goods_factor.rate if goods_factor else None,
            duty_with_shipping=rules.duty.includes_shipping,
            duty_rate=duty_rate,
            bands=bands,
            tax_rate=tax.rate.rate if tax else ZERO,
            tax_with_shipping=bool(tax and tax.base_includes_shipping),
            tax_with_duty=bool(tax and tax.base_includes_duty),
        )

    def _band(self, rules: Destination, band: Band, mode: str, duty_rate: Decimal) -> BandPlan:
        home = rules.currency
        limit = self.convert(band.up_to.amount, band.up_to.currency, home) if band.up_to else None
        duty, value = "none", ZERO
        if band.duty == "per_item":
            per_item = band.duty_per_item
            assert per_item is not None  # checked on load
            duty, value = "fixed", self.convert(per_item.amount, per_item.currency, home)
        elif band.duty == "category":
            duty, value = "rate", duty_rate
        fees = tuple(
            FeePlan(fee, self.convert(fee.amount, fee.currency, home))
            for fee in rules.fees
            if fee.applies(band.id, mode)
        )
        total = sum((fee.amount for fee in fees), ZERO)
        tax = band.tax if rules.tax is not None else "none"
        return BandPlan(band, limit, band.measure, duty, value, tax, fees, total)


def _duty_rate(rules: Destination, origin: str, mode: str, category: str) -> SourcedRate:
    for preference in rules.duty.preferences:
        if preference.when.matches(origin, mode, category):
            return preference
    return rules.duty.rate_for(category)


def _china_plan(rules: ChinaRules, category: str) -> ChinaPlan:
    ct = rules.ct_for(category)
    return ChinaPlan(
        rules=rules,
        vat=rules.vat_for(category),
        consumption_tax=ct,
        duty=rules.duty_for(category),
        tier=rules.postal.tier_for(category),
        ct_rate=ct.rate if ct else ZERO,
        cbec_share=rules.cbec.tax_share.rate,
        cbec_single_limit=rules.cbec.single_limit.amount,
        cbec_annual_limit=rules.cbec.annual_limit.amount,
        postal_exemption=rules.postal.exemption.amount,
    )


_RESOLVERS: list[Resolver] = []


def resolver_for(book: RuleBook, rates: RateTable) -> Resolver:
    """The resolver of `book` at `rates`, made once while the pair stays in use."""
    for resolver in _RESOLVERS:
        if resolver.book is book and resolver.rates is rates:
            return resolver
    resolver = Resolver(book, rates)
    _RESOLVERS.insert(0, resolver)
    del _RESOLVERS[KEEP_RESOLVERS:]
    return resolver
