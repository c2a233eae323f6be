"""What customs charge on one parcel under a resolved plan: the arithmetic, once.

The bulk totals (`fast.py`) add these amounts up; the explained breakdown (`customs.py`,
`china.py`) shows the same amounts as lines and puts the plan into words. Amounts are exact
`Decimal`s in the destination's currency (CNY for China); nothing is rounded here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pricing.landed.china import Regime
from pricing.landed.resolve import BandPlan, ChinaPlan, CustomsPlan

ZERO, ONE = Decimal(0), Decimal(1)
# (the band that takes the parcel or None when it is domestic, duty, tax); a plain tuple
# because the index computes millions of them
CustomsCharges = tuple[BandPlan | None, Decimal, Decimal]
# Which limit decided a Chinese charge: CBEC's single-order or annual limit was exceeded, or
# the postal articles tax was at most the exemption and is not collected.
ChinaLimit = Literal["cbec-single", "cbec-annual", "postal-exemption"]


def customs_charges(plan: CustomsPlan, goods: Decimal, shipping: Decimal) -> CustomsCharges:
    """Duty and tax under the first band whose limit the parcel does not exceed (its fees are
    the band's `fee_total`). `shipping` is the transport customs count."""
    if plan.domestic:
        return None, ZERO, ZERO
    value = goods * plan.factor if plan.factor is not None else goods
    duty_base = value + shipping if plan.duty_with_shipping else value
    for band in plan.bands:  # inline, not a helper: this loop runs for every route indexed
        limit = band.limit
        if limit is None:
            break
        measure = band.measure
        if measure == "goods":
            measured = goods
        elif measure == "goods_and_shipping":
            measured = goods + shipping
        else:
            measured = duty_base
        if measured <= limit:
            break
    else:
        raise AssertionError("the last band is a catch-all (checked on load)")
    duty = duty_base * band.duty_value if band.duty == "rate" else band.duty_value
    if band.tax == "none":
        return band, duty, ZERO
    base = goods if band.tax == "at_sale" else value
    if plan.tax_with_shipping:
        base += shipping
    if plan.tax_with_duty and band.tax == "at_import":
        base += duty
    return band, duty, base * plan.tax_rate


@dataclass(frozen=True, slots=True)
class ChinaCharges:
    """What one regime charges, in CNY, exact."""

    regime: Regime  # as cleared: over the CBEC annual limit a parcel clears as general trade
    duty: Decimal  # the postal articles tax, under the postal regime
    vat: Decimal
    consumption_tax: Decimal
    limit: ChinaLimit | None = None
    assessed: Decimal = ZERO  # postal: the tax before the exemption

    @property
    def total(self) -> Decimal:
        return self.duty + self.vat + self.consumption_tax


def china_charges(
    plan: ChinaPlan,
    regime: Regime,
    goods: Decimal,
    shipping: Decimal,
    annual_used: Decimal = ZERO,
) -> ChinaCharges:
    """The charges of `regime`: CBEC on goods + freight, postal articles tax on the goods,
    general trade on CIF. `annual_used`: CBEC purchases already made this year (CNY)."""
    return ChinaCharges(*_china(plan, regime, goods, shipping, annual_used))


def china_total(plan: ChinaPlan, regime: Regime, goods: Decimal, shipping: Decimal) -> Decimal:
    """`china_charges(...).total` without the record, for the index's millions of routes."""
    _, duty, vat, ct, _, _ = _china(plan, regime, goods, shipping, ZERO)
    return duty + vat + ct


# (regime as cleared, duty, VAT, consumption tax, limit, postal tax assessed): ChinaCharges' fields
_Charged = tuple[Regime, Decimal, Decimal, Decimal, ChinaLimit | None, Decimal]


def _china(
    plan: ChinaPlan, regime: Regime, goods: Decimal, shipping: Decimal, annual_used: Decimal
) -> _Charged:
    if regime == "postal":
        # one combined rate on the goods' value; not collected when at most the exemption
        tax = goods * plan.tier.rate
        if tax <= plan.postal_exemption:
            return "postal", ZERO, ZERO, ZERO, "postal-exemption", tax
        return "postal", tax, ZERO, ZERO, None, tax
    value = goods + shipping
    if regime == "general":
        return _general(plan, value, None)
    # CBEC: 0% duty, VAT and consumption tax at their share (70%) within the limits; over the
    # annual limit it is general trade, over the single-order limit CBEC at full rates
    if annual_used + value > plan.cbec_annual_limit:
        return _general(plan, value, "cbec-annual")
    if value > plan.cbec_single_limit:
        _, duty, vat, ct, limit, _ = _general(plan, value, "cbec-single")
        return "cbec", duty, vat, ct, limit, ZERO
    gross = value / (ONE - plan.ct_rate) * plan.cbec_share
    return "cbec", ZERO, gross * plan.vat.rate, gross * plan.ct_rate, None, ZERO


def _general(plan: ChinaPlan, cif: Decimal, limit: ChinaLimit | None) -> _Charged:
    """Duty on CIF; consumption tax and VAT on (CIF + duty) / (1 − CT rate)."""
    duty = cif * plan.duty.rate
    base = (cif + duty) / (ONE - plan.ct_rate)
    return "general", duty, base * plan.vat.rate, base * plan.ct_rate, limit, ZERO
