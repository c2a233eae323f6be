"""What a destination's customs charge on one consignment, from its value bands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from pricing.landed.breakdown import Line
from pricing.landed.rules import Band, Destination, Limit
from pricing.landed.sourced import percent

ZERO = Decimal(0)
Convert = Callable[[Decimal, str], Decimal]  # amount in a currency → destination currency


@dataclass(frozen=True, slots=True)
class Consignment:
    """One parcel as customs sees it, in the destination's currency."""

    goods: Decimal
    shipping: Decimal  # international transport (and the domestic leg before it)
    category: str
    origin: str  # where it is shipped from (the place of direct shipment)
    mode: str  # post | courier


@dataclass(frozen=True, slots=True)
class Assessment:
    lines: tuple[Line, ...]
    rules: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def assess(destination: Destination, parcel: Consignment, convert: Convert) -> Assessment:
    """Duty, VAT/GST and fees for `parcel` under `destination`'s first matching band."""
    if parcel.origin in destination.domestic_origins or parcel.origin == destination.country:
        text = f"domestic purchase within {destination.name}: no customs; the price includes tax"
        return Assessment((), (text,))
    goods_value = _goods_value(destination, parcel)
    duty_base = goods_value + (parcel.shipping if destination.duty.includes_shipping else ZERO)
    band = pick_band(destination, parcel, duty_base, convert)
    duty, duty_rules = _duty(destination, band, parcel, duty_base, convert)
    lines = [Line("duty", f"duty ({band.id})", duty)] if band.duty != "none" else []
    rules = [f"{band.text} ({band.citation})", *duty_rules]
    if band.tax != "none" and destination.tax is not None:
        value = parcel.goods if band.tax == "at_sale" else goods_value
        tax_line, tax_rule = _tax(destination, band, value, parcel.shipping, duty)
        lines.append(tax_line)
        rules.append(tax_rule)
    for fee in destination.fees:
        if fee.applies(band.id, parcel.mode):
            lines.append(Line("fee", fee.name, convert(fee.amount, fee.currency)))
            rules.append(f"{fee.name}: {fee.amount} {fee.currency} ({fee.citation})")
    warnings = (band.warning,) if band.warning else ()
    return Assessment(tuple(lines), tuple(rules), warnings)


def pick_band(
    destination: Destination, parcel: Consignment, duty_base: Decimal, convert: Convert
) -> Band:
    """The first band whose conditions match and whose limit the parcel does not exceed."""
    for band in destination.bands:
        if not band.when.matches(parcel.origin, parcel.mode, parcel.category):
            continue
        if band.up_to is None or _measure(band, parcel, duty_base) <= _limit(band.up_to, convert):
            return band
    raise AssertionError("the last band is a catch-all (checked on load)")


def _goods_value(destination: Destination, parcel: Consignment) -> Decimal:
    factor = destination.duty.goods_factor
    return parcel.goods * factor.rate if factor else parcel.goods


def _measure(band: Band, parcel: Consignment, duty_base: Decimal) -> Decimal:
    if band.measure == "goods":
        return parcel.goods
    if band.measure == "goods_and_shipping":
        return parcel.goods + parcel.shipping
    return duty_base


def _limit(limit: Limit, convert: Convert) -> Decimal:
    return convert(limit.amount, limit.currency)


def _duty(
    destination: Destination, band: Band, parcel: Consignment, base: Decimal, convert: Convert
) -> tuple[Decimal, list[str]]:
    if band.duty == "none":
        return ZERO, []
    if band.duty == "per_item":
        per_item = band.duty_per_item
        assert per_item is not None
        return convert(per_item.amount, per_item.currency), []
    duty = destination.duty
    for preference in duty.preferences:
        if preference.when.matches(parcel.origin, parcel.mode, parcel.category):
            return base * preference.rate, [f"{preference.text} ({preference.citation})"]
    rate = duty.rate_for(parcel.category)
    shipping = "with" if duty.includes_shipping else "without"
    text = f"duty {percent(rate.rate)} on the customs value {shipping} shipping ({rate.citation})"
    return base * rate.rate, [text]


def _tax(
    destination: Destination, band: Band, goods: Decimal, shipping: Decimal, duty: Decimal
) -> tuple[Line, str]:
    tax = destination.tax
    assert tax is not None
    base = goods
    parts = ["goods"]
    if tax.base_includes_shipping:
        base += shipping
        parts.append("shipping")
    if tax.base_includes_duty and band.tax == "at_import":
        base += duty
        parts.append("duty")
    how = "charged by the seller at checkout" if band.tax == "at_sale" else "due at import"
    label = f"{tax.name} {percent(tax.rate.rate)} ({how})"
    rule = f"{label} on {' + '.join(parts)} ({tax.rate.citation})"
    return Line("tax", label, base * tax.rate.rate), rule
