"""The landed cost of a purchase to a destination, by every route, cheapest marked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from core.errors import HaitaoError
from pricing.exchange_rates.rate_table import RateTable, UnknownRate
from pricing.landed.breakdown import Breakdown, Line, Purchase, Route, mark_cheapest
from pricing.landed.charges import ChinaCharges, china_charges
from pricing.landed.china import Regime
from pricing.landed.china_words import explain_china
from pricing.landed.customs import Assessment, assess
from pricing.landed.resolve import NoRate, Resolver, china_regime, resolver_for
from pricing.landed.routes import NoRoute, Way, ways
from pricing.landed.rulebook import RuleBook
from pricing.landed.words import Country, Words, words_of
from pricing.money import Money

STALE_RULES_AFTER_DAYS = 365
STALE_RATES_AFTER_DAYS = 7
ZERO = Decimal(0)
Convert = Callable[[Decimal, str], Decimal]

ROUTE_TEXT = {
    "direct": Words("direct mail from the store"),
    "forwarder": Words("through a forwarder's warehouse in the store's country"),
    "bonded": Words("from the store's stock in a bonded warehouse in the destination"),
}
REGIME_TEXT = {
    "cbec": Words("cleared as cross-border e-commerce retail import (CBEC)"),
    "postal": Words("cleared as personal postal articles (行邮)"),
    "general": Words("cleared as general trade"),
}


class QuoteError(HaitaoError):
    """Inputs a landed cost cannot be worked out for; `field` names the input at fault."""

    def __init__(self, message: str, field: str = "price") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class _Job:
    """One landed-cost question, resolved: everything a route needs to be priced."""

    book: RuleBook
    resolver: Resolver  # which rules apply: the book's, at the rates used
    purchase: Purchase
    destination: str
    convert: Convert  # into the destination's currency
    regime: Regime | None
    warnings: tuple[str, ...]


def landed_costs(
    purchase: Purchase,
    to: str,
    book: RuleBook,
    rates: RateTable,
    *,
    route: Route | None = None,
    regime: Regime | None = None,
    currency: str | None = None,
    today: date | None = None,
) -> list[Breakdown]:
    """A breakdown per route (only `route` if given) to `to`, the cheapest marked."""
    destination = book.require(to)
    _check(purchase, destination, regime)
    weight, warnings = _weight(purchase, book)
    home = book.currency_of(destination)
    convert = _converter(rates, home)
    job = _Job(book, resolver_for(book, rates), purchase, destination, convert, regime, warnings)
    store_price = _store_price(purchase, rates)
    found = ways(purchase, destination, weight, book.forwarders, route, store_price)
    if not found:
        why = "no route to %(country)s: the store has no shipping table for it"
        raise NoRoute(Words(why, country=Country(destination)))
    notes = _staleness(book, destination, rates, today or date.today())
    shown_in = currency or home
    return mark_cheapest([_finish(_price(way, job), rates, shown_in, notes) for way in found])


def _check(purchase: Purchase, destination: str, regime: Regime | None) -> None:
    if purchase.price.amount <= 0:
        raise QuoteError(f"price must be more than zero, got {purchase.price}")
    if purchase.weight_kg is not None and purchase.weight_kg < 0:
        raise QuoteError(f"weight must not be negative, got {purchase.weight_kg} kg", "weight_kg")
    if regime is not None and destination != "CN":
        raise QuoteError(f"--regime applies to CN only, not {destination}", "regime")


def _weight(purchase: Purchase, book: RuleBook) -> tuple[Decimal, tuple[str, ...]]:
    if purchase.weight_kg is not None:
        return purchase.weight_kg, ()
    typical = book.categories.typical_weight(purchase.category)
    name = book.categories.categories[purchase.category].name
    estimate = "weight unknown: estimated as %(kg)s kg, typical for %(category)s"
    return typical, (Words(estimate, kg=typical, category=Words(name.lower())),)


def _converter(rates: RateTable, home: str) -> Convert:
    def convert(amount: Decimal, currency: str) -> Decimal:
        try:
            return rates.convert(Money(amount, currency), home).amount
        except UnknownRate as exc:
            message = Words(
                "no exchange rate for %(currency)s to %(home)s (%(reason)s)",
                currency=currency, home=home, reason=words_of(exc),
            )  # fmt: skip
            raise QuoteError(message, "currency") from None

    return convert


def _store_price(purchase: Purchase, rates: RateTable) -> Money | None:
    """The price in the store's currency, which its shipping table is written in."""
    currency = purchase.seller.currency if purchase.seller else None
    if currency is None or currency == purchase.price.currency:
        return None
    try:
        return rates.convert(purchase.price, currency)
    except UnknownRate as exc:
        why = "no exchange rate for %(currency)s (%(reason)s)"
        message = Words(why, currency=currency, reason=words_of(exc))
        raise QuoteError(message, "currency") from None


def _price(way: Way, job: _Job) -> Breakdown:
    """One route in the destination's currency: carriage, then what customs charge."""
    lines, goods, shipping = _carriage(way, job)
    try:
        if job.destination == "CN":
            assessed, regime = _cleared_in_china(way, job, goods, shipping)
        else:
            assessed, regime = _cleared(way, job, goods, shipping), None
    except NoRate as exc:
        raise QuoteError(words_of(exc), "currency") from None
    return Breakdown(
        destination=job.destination,
        route=way.route,
        currency=job.book.currency_of(job.destination),
        lines=(*lines, *assessed.lines),
        rules=assessed.rules,
        warnings=(*job.warnings, *way.warnings, *assessed.warnings),
        regime=regime,
        forwarder=way.forwarder.id if way.forwarder else None,
    )


def _cleared(way: Way, job: _Job, goods: Decimal, shipping: Decimal) -> Assessment:
    """The route, then customs' lines, rules and warnings under the destination's bands."""
    plan = job.resolver.customs(job.destination, way.origin, way.mode, job.purchase.category)
    assessed = assess(plan, goods, shipping)
    return replace(assessed, rules=(_route_rule(way, None), *assessed.rules))


def _cleared_in_china(
    way: Way, job: _Job, goods: Decimal, shipping: Decimal
) -> tuple[Assessment, Regime]:
    """The route, then China's lines, rules and warnings under the regime the route (or the
    caller) picks; and the regime it clears under."""
    seller = job.purchase.seller
    regime = job.regime or china_regime(way.route, bool(seller and seller.cbec_platform))
    plan = job.resolver.china(job.purchase.category)
    charged = china_charges(plan, regime, goods, shipping, job.purchase.cbec_used_cny)
    rules, warnings = explain_china(plan, charged, goods + shipping)
    assessed = Assessment(_china_lines(charged), (_route_rule(way, regime), *rules), warnings)
    return assessed, charged.regime


def _carriage(way: Way, job: _Job) -> tuple[list[Line], Decimal, Decimal]:
    """The item and its legs as lines, the goods' value, and the transport customs count."""
    price = job.purchase.price
    goods = job.convert(price.amount, price.currency)
    lines = [Line("item", Words("item"), goods)]
    shipping = ZERO
    for leg in way.legs:
        amount = job.convert(leg.cost.amount, leg.cost.currency)
        lines.append(Line(leg.kind, leg.label, amount))  # type: ignore[arg-type]
        if leg.kind == "shipping" and leg.international:
            shipping += amount
    return lines, goods, shipping


def _china_lines(charged: ChinaCharges) -> tuple[Line, ...]:
    label = Words("postal articles tax (行邮税)" if charged.regime == "postal" else "import duty")
    found = [Line("duty", label, charged.duty)]
    if charged.vat:
        found.append(Line("tax", Words("import VAT"), charged.vat))
    if charged.consumption_tax:
        found.append(Line("consumption_tax", Words("consumption tax"), charged.consumption_tax))
    return tuple(found)


def _route_rule(way: Way, regime: Regime | None) -> str:
    text = ROUTE_TEXT[way.route]
    if way.forwarder is not None:
        forwarder, citation = way.forwarder.name, way.forwarder.citation
        text = Words("%(route)s (%(forwarder)s; %(citation)s)", route=text, forwarder=forwarder,
                     citation=citation)  # fmt: skip
    if regime is None:
        return text
    return Words("%(route)s, %(regime)s", route=text, regime=REGIME_TEXT[regime])


def _staleness(book: RuleBook, destination: str, rates: RateTable, today: date) -> tuple[str, ...]:
    """Warnings for exchange rates older than a week and rule data older than a year."""
    notes = []
    age = (today - rates.as_of).days
    if age > STALE_RATES_AFTER_DAYS:
        old = "exchange rates of %(date)s (%(source)s) are %(days)s days old"
        notes.append(Words(old, date=rates.as_of, source=rates.source, days=age))
    reviewed = book.reviewed_on(destination)
    if (today - reviewed).days > STALE_RULES_AFTER_DAYS:
        old = "rule data last reviewed on %(date)s, over a year ago: check the figures"
        notes.append(Words(old, date=reviewed))
    return tuple(notes)


def _finish(
    breakdown: Breakdown, rates: RateTable, currency: str, notes: tuple[str, ...]
) -> Breakdown:
    """In the shopper's currency, naming the rates used, with the staleness warnings."""
    convert = _converter(rates, currency)
    lines = tuple(
        Line(line.kind, line.label, convert(line.amount, breakdown.currency))
        for line in breakdown.lines
    )
    return replace(
        breakdown,
        currency=currency,
        lines=lines,
        warnings=breakdown.warnings + notes,
        rates=(rates.source, rates.as_of.isoformat()),
    )
