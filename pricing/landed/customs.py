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
from pricing.landed.words import Words

CITED = "%(text)s (%(citation)s)"


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
        domestic = "domestic purchase within %(country)s: no customs; the price includes tax"
        text = Words(domestic, country=Words(plan.rules.name))
        return Assessment((), (text,))
    duty_label = Words("duty (%(rule)s)", rule=band.rule.id)
    lines = [Line("duty", duty_label, duty)] if band.duty != "none" else []
    rules = [_cited(band.rule.text, band.rule.citation), *_duty_words(plan, band)]
    if band.tax != "none":
        label, rule = _tax_words(plan, band)
        lines.append(Line("tax", label, tax))
        rules.append(rule)
    for fee in band.fees:
        rule = fee.rule
        name = Words(rule.name)
        lines.append(Line("fee", name, fee.amount))
        fee_rule = "%(fee)s: %(amount)s %(currency)s (%(citation)s)"
        rules.append(Words(fee_rule, fee=name, amount=rule.amount, currency=rule.currency,
                           citation=rule.citation))  # fmt: skip
    warnings = (Words(band.rule.warning),) if band.rule.warning else ()
    return Assessment(tuple(lines), tuple(rules), warnings)


def _duty_words(plan: CustomsPlan, band: BandPlan) -> list[str]:
    if band.duty != "rate":
        return []
    rate = plan.duty_rate
    if isinstance(rate, Preference):
        return [_cited(rate.text, rate.citation)]
    if plan.duty_with_shipping:
        duty = "duty %(rate)s on the customs value with shipping (%(citation)s)"
    else:
        duty = "duty %(rate)s on the customs value without shipping (%(citation)s)"
    return [Words(duty, rate=percent(rate.rate), citation=rate.citation)]


def _cited(text: str, citation: str) -> Words:
    """A rule's text from the data files (translated where the catalog has it) and its source."""
    return Words(CITED, text=Words(text), citation=citation)


def _tax_words(plan: CustomsPlan, band: BandPlan) -> tuple[str, str]:
    """The tax line's label and its rule: the rate, who collects it, and its base."""
    tax = plan.rules.tax
    assert tax is not None  # a band taxes only where the destination has a tax
    parts = [Words("goods")]
    if plan.tax_with_shipping:
        parts.append(Words("shipping"))
    if plan.tax_with_duty and band.tax == "at_import":
        parts.append(Words("duty"))
    how = "charged by the seller at checkout" if band.tax == "at_sale" else "due at import"
    rate = percent(tax.rate.rate)
    label = Words("%(tax)s %(rate)s (%(how)s)", tax=Words(tax.name), rate=rate, how=Words(how))
    base = Words(" + ".join(f"%(part{i})s" for i in range(len(parts))),
                 **{f"part{i}": part for i, part in enumerate(parts)})  # fmt: skip
    rule = Words("%(tax)s on %(base)s (%(citation)s)", tax=label, base=base,
                 citation=tax.rate.citation)  # fmt: skip
    return label, rule
