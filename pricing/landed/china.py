"""China's three import regimes for goods bought abroad: their rules
(`config/destinations/CN.yaml`). Which regime and rates apply is decided in `resolve.py`, the
amounts are worked out in `charges.py`, and `china_words.py` puts them in words.

- Cross-border e-commerce retail import (CBEC, 跨境电商零售进口): bonded stock or direct mail from
  a registered platform. 0% duty, VAT and consumption tax at 70%, within a single-order and an
  annual limit; over them, full general-trade rates.
- Personal postal articles tax (行邮税): one combined rate per tier, nothing collected when the
  tax is at most CNY 50.
- General trade: duty on CIF, consumption tax and VAT on top.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from core.config_files import Strict
from pricing.landed.sourced import Sourced, SourcedAmount, SourcedRate

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
