"""China's three import regimes for goods bought abroad, as rules (`config/destinations/CN.yaml`)
and arithmetic.

- Cross-border e-commerce retail import (CBEC, 跨境电商零售进口): bonded stock or direct mail from
  a registered platform. 0% duty, VAT and consumption tax at 70%, within a single-order and an
  annual limit; over them, full general-trade rates.
- Personal postal articles tax (行邮税): one combined rate per tier, nothing collected when the
  tax is at most CNY 50.
- General trade: duty on CIF, consumption tax and VAT on top.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from core.config_files import Strict
from pricing.landed.sourced import Sourced, SourcedAmount, SourcedRate, percent

Regime = Literal["cbec", "postal", "general"]
ONE = Decimal(1)


class Cbec(Sourced):
    text: str
    single_limit: SourcedAmount
    annual_limit: SourcedAmount
    tax_share: SourcedRate = Field(title="Share of statutory VAT and CT levied (0.7)")


class PostalTier(SourcedRate):
    text: str


class Postal(Strict):
    tiers: dict[str, PostalTier]
    categories: dict[str, str] = Field(title="Duty category → tier; 'default' for the rest")
    exemption: SourcedAmount = Field(title="No tax is collected when it is at most this")
    parcel_limit: SourcedAmount

    @model_validator(mode="after")
    def _known_tiers(self) -> Postal:
        unknown = set(self.categories.values()) - set(self.tiers)
        if unknown or "default" not in self.categories:
            raise ValueError(f"categories must map 'default' and only to tiers ({unknown})")
        return self

    def tier_for(self, category: str) -> PostalTier:
        return self.tiers[self.categories.get(category) or self.categories["default"]]


class General(Sourced):
    text: str
    duty: dict[str, SourcedRate]


class ChinaRules(Strict):
    country: Literal["CN"]
    name: str
    currency: Literal["CNY"]
    reviewed: date
    vat: dict[str, SourcedRate]
    consumption_tax: dict[str, SourcedRate] = Field(default_factory=dict)
    cbec: Cbec
    postal: Postal
    general: General
    notes: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _defaults(self) -> ChinaRules:
        if "default" not in self.vat or "default" not in self.general.duty:
            raise ValueError("vat and general.duty need a 'default' rate")
        return self

    def vat_for(self, category: str) -> SourcedRate:
        return self.vat.get(category) or self.vat["default"]

    def ct_for(self, category: str) -> SourcedRate | None:
        return self.consumption_tax.get(category)

    def duty_for(self, category: str) -> SourcedRate:
        return self.general.duty.get(category) or self.general.duty["default"]

    def categories_named(self) -> set[str]:
        named = set(self.vat) | set(self.consumption_tax) | set(self.general.duty)
        return (named | set(self.postal.categories)) - {"default"}


@dataclass(frozen=True, slots=True)
class ChinaTax:
    """What one regime charges, in CNY, exact."""

    regime: Regime
    duty: Decimal
    vat: Decimal
    consumption_tax: Decimal
    rules: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def cbec_tax(
    rules: ChinaRules, category: str, value: Decimal, annual_used: Decimal = Decimal(0)
) -> ChinaTax:
    """CBEC on the transaction price (goods + freight); full rates above the limits."""
    cbec = rules.cbec
    single, annual = cbec.single_limit.amount, cbec.annual_limit.amount
    if annual_used + value > annual:
        taxed = general_tax(rules, category, value)
        warning = f"over the CBEC annual limit of CNY {annual}: cleared as general trade"
        return _with(taxed, "general", warning, cbec.annual_limit.citation)
    if value > single:
        taxed = general_tax(rules, category, value)
        warning = (
            f"order over the CBEC single-order limit of CNY {single}: a single item may still "
            "use the channel, but duty, VAT and consumption tax are charged in full; it counts "
            f"toward the CNY {annual} annual limit"
        )
        return _with(taxed, "cbec", warning, cbec.single_limit.citation)
    vat, ct = rules.vat_for(category), rules.ct_for(category)
    ct_rate = ct.rate if ct else Decimal(0)
    gross = value / (ONE - ct_rate) * cbec.tax_share.rate
    applied = (f"{cbec.text} ({cbec.citation})", f"VAT {percent(vat.rate)} ({vat.citation})")
    if ct:
        applied += (f"consumption tax {percent(ct.rate)} ({ct.citation})",)
    return ChinaTax("cbec", Decimal(0), gross * vat.rate, gross * ct_rate, applied)


def postal_tax(rules: ChinaRules, category: str, goods: Decimal, parcel: Decimal) -> ChinaTax:
    """Postal articles tax on the goods' value; nothing when it is at most the exemption."""
    postal = rules.postal
    tier = postal.tier_for(category)
    tax = goods * tier.rate
    applied = [f"{tier.text}: {percent(tier.rate)} of the goods' value ({tier.citation})"]
    if tax <= postal.exemption.amount:
        applied.append(
            f"tax of CNY {_plain(tax)} is at most CNY {postal.exemption.amount}: not collected "
            f"({postal.exemption.citation})"
        )
        tax = Decimal(0)
    warnings = ()
    if parcel > postal.parcel_limit.amount:
        warnings = (
            f"parcel over the CNY {postal.parcel_limit.amount} limit for personal articles: "
            "customs may return it unless it holds one indivisible item",
        )
    return ChinaTax("postal", tax, Decimal(0), Decimal(0), tuple(applied), warnings)


def general_tax(rules: ChinaRules, category: str, cif: Decimal) -> ChinaTax:
    """General trade: duty on CIF; CT and VAT on (CIF + duty) / (1 − CT rate)."""
    duty, vat, ct = rules.duty_for(category), rules.vat_for(category), rules.ct_for(category)
    ct_rate = ct.rate if ct else Decimal(0)
    duty_amount = cif * duty.rate
    base = (cif + duty_amount) / (ONE - ct_rate)
    applied = (
        f"{rules.general.text} ({rules.general.citation})",
        f"duty {percent(duty.rate)} ({duty.citation})",
        f"VAT {percent(vat.rate)} on (CIF + duty + consumption tax) ({vat.citation})",
    )
    if ct:
        applied += (f"consumption tax {percent(ct.rate)} ({ct.citation})",)
    return ChinaTax("general", duty_amount, base * vat.rate, base * ct_rate, applied)


def _with(taxed: ChinaTax, regime: Regime, warning: str, citation: str) -> ChinaTax:
    rules = (*taxed.rules, f"limit: {citation}")
    return ChinaTax(
        regime, taxed.duty, taxed.vat, taxed.consumption_tax, rules, (*taxed.warnings, warning)
    )


def _plain(value: Decimal) -> str:
    """An amount for rule texts, to the fen: 32.5 → 32.50."""
    return f"{value.quantize(Decimal('0.01')):f}"
