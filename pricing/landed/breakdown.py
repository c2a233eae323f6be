"""A landed cost as a breakdown: every line, the rules applied in words, and the warnings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from pricing.money import Money

if TYPE_CHECKING:
    from core.stores import Seller

Kind = Literal["item", "shipping", "duty", "tax", "consumption_tax", "fee"]
Route = Literal["direct", "forwarder", "bonded"]


@dataclass(frozen=True, slots=True)
class Line:
    kind: Kind
    label: str
    amount: Decimal  # exact, in the breakdown's currency


@dataclass(frozen=True, slots=True)
class Purchase:
    """What is bought and where it comes from (the inputs of a landed cost)."""

    price: Money
    category: str  # a duty category key (see config/categories.yaml)
    origin: str  # ISO 3166 country it ships from
    weight_kg: Decimal | None = None
    shipping: Money | None = None  # direct shipping, when no store table prices it
    seller: Seller | None = None  # its shipping table, currency and CBEC status
    volume_cm3: Decimal | None = None
    cbec_used_cny: Decimal = Decimal(0)  # CBEC purchases already made this year


@dataclass(frozen=True)
class Breakdown:
    """One route's landed cost. Amounts are exact; round with `Money.rounded()` to show them."""

    destination: str
    route: Route
    currency: str
    lines: tuple[Line, ...]
    rules: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    regime: str | None = None
    forwarder: str | None = None
    cheapest: bool = False
    rates: tuple[str, str] = field(default=("", ""))  # (source, as_of) of the FX rates used

    @cached_property  # pages read it several times per route (figures, sorting, net)
    def total(self) -> Money:
        return Money(sum((line.amount for line in self.lines), Decimal(0)), self.currency)

    def sum_of(self, kind: Kind) -> Money:
        amounts = (line.amount for line in self.lines if line.kind == kind)
        return Money(sum(amounts, Decimal(0)), self.currency)

    def marked_cheapest(self) -> Breakdown:
        return replace(self, cheapest=True)


def mark_cheapest(breakdowns: list[Breakdown]) -> list[Breakdown]:
    """The same breakdowns, cheapest first-listed one marked (ties go to the earlier route)."""
    if not breakdowns:
        return breakdowns
    best = min(range(len(breakdowns)), key=lambda i: breakdowns[i].total.amount)
    return [b.marked_cheapest() if i == best else b for i, b in enumerate(breakdowns)]


def breakdown_json(breakdown: Breakdown) -> dict:
    """JSON-ready: decimals as strings rounded to the currency's minor unit."""
    return {
        "destination": breakdown.destination,
        "route": breakdown.route,
        "forwarder": breakdown.forwarder,
        "regime": breakdown.regime,
        "currency": breakdown.currency,
        "cheapest": breakdown.cheapest,
        "lines": [
            {"kind": line.kind, "label": line.label, "amount": _shown(line.amount, breakdown)}
            for line in breakdown.lines
        ],
        "subtotals": {
            kind: _shown(breakdown.sum_of(kind).amount, breakdown)
            for kind in ("item", "shipping", "duty", "tax", "consumption_tax", "fee")
        },
        "total": _shown(breakdown.total.amount, breakdown),
        "rules": list(breakdown.rules),
        "warnings": list(breakdown.warnings),
        "rates": {"source": breakdown.rates[0], "as_of": breakdown.rates[1]},
    }


def _shown(amount: Decimal, breakdown: Breakdown) -> str:
    return str(Money(amount, breakdown.currency).rounded().amount)
