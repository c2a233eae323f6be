"""What a destination's customs charge on one consignment, as lines and rules in words.

The plan (`resolve.py`) says which band, duty rate, tax and fees can apply; `charges.py` works
out the amounts; this module shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pricing.landed.breakdown import Line
from pricing.landed.charges import customs_charges
from pricing.landed.resolve import BandPlan, CustomsPlan
from pricing.landed.rules import Preference
from pricing.landed.sourced import percent


@dataclass(frozen=True, slots=True)
class Assessment:
    lines: tuple[Line, ...]
    rules: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def assess(plan: CustomsPlan, goods: Decimal, shipping: Decimal) -> Assessment:
    """Duty, VAT/GST and fees under the plan's first band that takes the parcel; `goods` and
    `shipping` (the transport customs count) in the destination's currency."""
    band, duty, tax = customs_charges(plan, goods, shipping)
    if band is None:
        text = f"domestic purchase within {plan.rules.name}: no customs; the price includes tax"
        return Assessment((), (text,))
    lines = [Line("duty", f"duty ({band.rule.id})", duty)] if band.duty != "none" else []
    rules = [f"{band.rule.text} ({band.rule.citation})", *_duty_words(plan, band)]
    if band.tax != "none":
        label, rule = _tax_words(plan, band)
        lines.append(Line("tax", label, tax))
        rules.append(rule)
    for fee in band.fees:
        rule = fee.rule
        lines.append(Line("fee", rule.name, fee.amount))
        rules.append(f"{rule.name}: {rule.amount} {rule.currency} ({rule.citation})")
    warnings = (band.rule.warning,) if band.rule.warning else ()
    return Assessment(tuple(lines), tuple(rules), warnings)


def _duty_words(plan: CustomsPlan, band: BandPlan) -> list[str]:
    if band.duty != "rate":
        return []
    rate = plan.duty_rate
    if isinstance(rate, Preference):
        return [f"{rate.text} ({rate.citation})"]
    shipping = "with" if plan.duty_with_shipping else "without"
    return [f"duty {percent(rate.rate)} on the customs value {shipping} shipping ({rate.citation})"]


def _tax_words(plan: CustomsPlan, band: BandPlan) -> tuple[str, str]:
    """The tax line's label and its rule: the rate, who collects it, and its base."""
    tax = plan.rules.tax
    assert tax is not None  # a band taxes only where the destination has a tax
    parts = ["goods"]
    if plan.tax_with_shipping:
        parts.append("shipping")
    if plan.tax_with_duty and band.tax == "at_import":
        parts.append("duty")
    how = "charged by the seller at checkout" if band.tax == "at_sale" else "due at import"
    label = f"{tax.name} {percent(tax.rate.rate)} ({how})"
    return label, f"{label} on {' + '.join(parts)} ({tax.rate.citation})"
