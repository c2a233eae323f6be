"""The landed cost of a purchase to a destination, by every route, cheapest marked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from haitao.errors import HaitaoError
from haitao.fx import RateTable, UnknownRate
from haitao.landed.breakdown import Breakdown, Line, Purchase, Route, mark_cheapest
from haitao.landed.china import ChinaTax, Regime, cbec_tax, general_tax, postal_tax
from haitao.landed.customs import Consignment, assess
from haitao.landed.routes import NoRoute, Way, ways
from haitao.landed.rulebook import RuleBook
from haitao.money import Money

STALE_AFTER_DAYS = 365
ZERO = Decimal(0)


class QuoteError(HaitaoError):
    """Inputs a landed cost cannot be worked out for; `field` names the input at fault."""

    def __init__(self, message: str, field: str = "price") -> None:
        super().__init__(message)
        self.field = field


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
    home = "CNY" if destination == "CN" else book.destinations[destination].currency
    convert = _converter(rates, home)
    found = ways(
        purchase, destination, weight, book.forwarders, route, _store_price(purchase, rates)
    )
    if not found:
        raise NoRoute(f"no route to {destination}: the store has no shipping table for it")
    context = (book, purchase, destination, convert, regime)
    priced = [_price(way, context, warnings) for way in found]
    priced = [_finish(b, book, rates, currency or home, today) for b in priced]
    return mark_cheapest(priced)


def _store_price(purchase: Purchase, rates: RateTable) -> Money | None:
    """The price in the store's currency, which its shipping table is written in."""
    currency = getattr(purchase.store, "currency", None)
    if currency is None or currency == purchase.price.currency:
        return None
    try:
        return rates.convert(purchase.price, currency)
    except UnknownRate as exc:
        raise QuoteError(f"no exchange rate for {currency} ({exc})", "currency") from None


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
    return typical, (f"weight unknown: estimated as {typical} kg, typical for {name.lower()}",)


def _converter(rates: RateTable, home: str) -> Callable[[Decimal, str], Decimal]:
    def convert(amount: Decimal, currency: str) -> Decimal:
        try:
            return rates.convert(Money(amount, currency), home).amount
        except UnknownRate as exc:
            raise QuoteError(
                f"no exchange rate for {currency} to {home} ({exc})", "currency"
            ) from None

    return convert


def _price(way: Way, context: tuple, warnings: tuple[str, ...]) -> Breakdown:
    book, purchase, destination, convert, regime = context
    price = purchase.price
    goods = convert(price.amount, price.currency)
    lines = [Line("item", "item", goods)]
    shipping = ZERO
    for leg in way.legs:
        amount = convert(leg.cost.amount, leg.cost.currency)
        lines.append(Line(leg.kind, leg.label, amount))  # type: ignore[arg-type]
        shipping += amount if leg.kind == "shipping" and leg.international else ZERO
    if destination == "CN":
        chosen = regime or _china_regime(way, purchase)
        taxed = _china(book, chosen, purchase, goods, shipping)
        lines += _china_lines(taxed)
        rules, extra, regime_used = (
            (_route_rule(way, chosen), *taxed.rules),
            taxed.warnings,
            taxed.regime,
        )
    else:
        parcel = Consignment(goods, shipping, purchase.category, way.origin, way.mode)
        assessed = assess(book.destinations[destination], parcel, convert)
        lines += assessed.lines
        rules, extra, regime_used = (
            (_route_rule(way, None), *assessed.rules),
            assessed.warnings,
            None,
        )
    return Breakdown(
        destination=destination,
        route=way.route,
        currency=book.china.currency
        if destination == "CN"
        else book.destinations[destination].currency,
        lines=tuple(lines),
        rules=rules,
        warnings=(*warnings, *way.warnings, *extra),
        regime=regime_used,
        forwarder=way.forwarder.id if way.forwarder else None,
    )


def _china_regime(way: Way, purchase: Purchase) -> Regime:
    """Bonded stock and registered platforms clear as CBEC; other parcels as postal articles."""
    if way.route == "bonded":
        return "cbec"
    if way.route == "direct" and getattr(purchase.store, "cbec_platform", False):
        return "cbec"
    return "postal"


def _china(
    book: RuleBook, regime: Regime, purchase: Purchase, goods: Decimal, shipping: Decimal
) -> ChinaTax:
    if regime == "cbec":
        return cbec_tax(book.china, purchase.category, goods + shipping, purchase.cbec_used_cny)
    if regime == "postal":
        return postal_tax(book.china, purchase.category, goods, goods + shipping)
    return general_tax(book.china, purchase.category, goods + shipping)


def _china_lines(taxed: ChinaTax) -> list[Line]:
    label = "postal articles tax (行邮税)" if taxed.regime == "postal" else "import duty"
    found = [Line("duty", label, taxed.duty)]
    if taxed.vat:
        found.append(Line("tax", "import VAT", taxed.vat))
    if taxed.consumption_tax:
        found.append(Line("consumption_tax", "consumption tax", taxed.consumption_tax))
    return found


ROUTE_TEXT = {
    "direct": "direct mail from the store",
    "forwarder": "through a forwarder's warehouse in the store's country",
    "bonded": "from the store's stock in a bonded warehouse in the destination",
}
REGIME_TEXT = {
    "cbec": "cleared as cross-border e-commerce retail import (CBEC)",
    "postal": "cleared as personal postal articles (行邮)",
    "general": "cleared as general trade",
}


def _route_rule(way: Way, regime: Regime | None) -> str:
    text = ROUTE_TEXT[way.route]
    if way.forwarder is not None:
        text += f" ({way.forwarder.name}; {way.forwarder.citation})"
    return f"{text}, {REGIME_TEXT[regime]}" if regime else text


def _finish(
    breakdown: Breakdown, book: RuleBook, rates: RateTable, currency: str, today: date | None
) -> Breakdown:
    """In the shopper's currency, with the rates' date and a warning for stale rule data."""
    convert = _converter(rates, currency)
    lines = tuple(
        Line(line.kind, line.label, convert(line.amount, breakdown.currency))
        for line in breakdown.lines
    )
    reviewed = (
        book.china.reviewed
        if breakdown.destination == "CN"
        else book.destinations[breakdown.destination].reviewed
    )
    warnings = breakdown.warnings
    if ((today or date.today()) - reviewed).days > STALE_AFTER_DAYS:
        warnings += (f"rule data last reviewed on {reviewed}, over a year ago: check the figures",)
    return Breakdown(
        breakdown.destination,
        breakdown.route,
        currency,
        lines,
        breakdown.rules,
        warnings,
        breakdown.regime,
        breakdown.forwarder,
        False,
        (rates.source, rates.as_of.isoformat()),
    )
