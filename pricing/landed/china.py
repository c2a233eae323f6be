"""China's three import regimes for goods bought abroad: their rules
(`config/destinations/CN.yaml`) and, for the explained breakdown, their words. Which regime and
rates apply is decided in `resolve.py`, the amounts are worked out in `charges.py`.

- Cross-border e-commerce retail import (CBEC, 跨境电商零售进口): bonded stock or direct mail from
  a registered platform. 0% duty, VAT and consumption tax at 70%, within a single-order and an
  annual limit; over them, full general-trade rates.
- Personal postal articles tax (行邮税): one combined rate per tier, nothing collected when the
  tax is at most CNY 50.
- General trade: duty on CIF, consumption tax and VAT on top.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from core.config_files import Strict
from pricing.landed.sourced import Sourced, SourcedAmount, SourcedRate, percent

if TYPE_CHECKING:
    from pricing.landed.charges import ChinaCharges
    from pricing.landed.resolve import ChinaPlan

Regime = Literal["cbec", "postal", "general"]


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


def explain_china(
    plan: ChinaPlan, charges: ChinaCharges, parcel: Decimal
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The rules applied and the warnings, in words, for `charges` worked out under `plan`
    (`parcel`: goods + shipping, CNY)."""
    if charges.regime == "postal":
        return _postal_words(plan, charges, parcel)
    if charges.limit is None:
        return (_cbec_words(plan) if charges.regime == "cbec" else _general_words(plan)), ()
    rules = plan.rules
    limit = rules.cbec.annual_limit if charges.limit == "cbec-annual" else rules.cbec.single_limit
    warning = (
        f"over the CBEC annual limit of CNY {limit.amount}: cleared as general trade"
        if charges.limit == "cbec-annual"
        else f"order over the CBEC single-order limit of CNY {limit.amount}: a single item may "
        "still use the channel, but duty, VAT and consumption tax are charged in full; it "
        f"counts toward the CNY {rules.cbec.annual_limit.amount} annual limit"
    )
    return (*_general_words(plan), f"limit: {limit.citation}"), (warning,)


def _cbec_words(plan: ChinaPlan) -> tuple[str, ...]:
    cbec, vat = plan.rules.cbec, plan.vat
    return (
        f"{cbec.text} ({cbec.citation})",
        f"VAT {percent(vat.rate)} ({vat.citation})",
        *_ct_words(plan),
    )


def _general_words(plan: ChinaPlan) -> tuple[str, ...]:
    general, duty, vat = plan.rules.general, plan.duty, plan.vat
    return (
        f"{general.text} ({general.citation})",
        f"duty {percent(duty.rate)} ({duty.citation})",
        f"VAT {percent(vat.rate)} on (CIF + duty + consumption tax) ({vat.citation})",
        *_ct_words(plan),
    )


def _ct_words(plan: ChinaPlan) -> tuple[str, ...]:
    ct = plan.consumption_tax
    return (f"consumption tax {percent(ct.rate)} ({ct.citation})",) if ct else ()


def _postal_words(
    plan: ChinaPlan, charges: ChinaCharges, parcel: Decimal
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    postal, tier = plan.rules.postal, plan.tier
    applied = [f"{tier.text}: {percent(tier.rate)} of the goods' value ({tier.citation})"]
    if charges.limit == "postal-exemption":
        applied.append(
            f"tax of CNY {_plain(charges.assessed)} is at most CNY {postal.exemption.amount}: "
            f"not collected ({postal.exemption.citation})"
        )
    warnings = ()
    if parcel > postal.parcel_limit.amount:
        warnings = (
            f"parcel over the CNY {postal.parcel_limit.amount} limit for personal articles: "
            "customs may return it unless it holds one indivisible item",
        )
    return tuple(applied), warnings


def _plain(value: Decimal) -> str:
    """An amount for rule texts, to the fen: 32.5 → 32.50."""
    return f"{value.quantize(Decimal('0.01')):f}"
