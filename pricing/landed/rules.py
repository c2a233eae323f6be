"""Destination rule files (`config/destinations/<CC>.yaml`): the schema, validated on load.

A destination's customs treatment is a list of value bands tried in order; the first band whose
conditions match and whose limit the consignment does not exceed decides whether duty and
VAT/GST are due and how they are collected. China has its own schema (`china.py`) because its
three import regimes do not fit bands.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, field_validator, model_validator

from core.config_files import NonNegative, Strict
from core.iso_codes import is_country
from core.shipping_table import Mode
from pricing.landed.sourced import Sourced, SourcedAmount, SourcedRate


class Condition(Strict):
    """When a band or preference applies; an empty condition always applies."""

    origins: frozenset[str] | None = None
    modes: frozenset[Mode] | None = None
    categories: frozenset[str] | None = None
    not_categories: frozenset[str] = frozenset()

    def matches(self, origin: str, mode: str, category: str) -> bool:
        return (
            (self.origins is None or origin in self.origins)
            and (self.modes is None or mode in self.modes)
            and (self.categories is None or category in self.categories)
            and category not in self.not_categories
        )


class Limit(Strict):
    amount: NonNegative
    currency: str


class Band(Sourced):
    """A value band: up to `up_to` (inclusive) of `measure`, when `when` matches."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    text: str = Field(min_length=5, title="The rule in words, shown in every breakdown")
    when: Condition = Condition()
    up_to: Limit | None = None
    measure: Literal["goods", "goods_and_shipping", "duty_base"] = "goods"
    duty: Literal["none", "category", "per_item"]
    duty_per_item: Limit | None = None
    tax: Literal["none", "at_sale", "at_import"]
    warning: str | None = None

    @model_validator(mode="after")
    def _per_item_amount(self) -> Band:
        if (self.duty == "per_item") != (self.duty_per_item is not None):
            raise ValueError("duty_per_item is required exactly when duty is per_item")
        return self


class Fee(SourcedAmount):
    """A fixed charge (carrier handling, clearance), limited to some bands or modes."""

    name: str = Field(min_length=3)
    bands: frozenset[str] | None = None
    modes: frozenset[Mode] | None = None

    def applies(self, band: str, mode: str) -> bool:
        return (self.bands is None or band in self.bands) and (
            self.modes is None or mode in self.modes
        )


class Preference(SourcedRate):
    """A preferential duty rate (a free-trade agreement) for some origins."""

    text: str = Field(min_length=5)
    when: Condition


class Duty(Strict):
    includes_shipping: bool = Field(title="Duty base is CIF (true) or FOB (false)")
    goods_factor: SourcedRate | None = Field(
        default=None, title="Share of the retail price taken as the value (Japan: 0.6)"
    )
    rates: dict[str, SourcedRate]
    preferences: tuple[Preference, ...] = ()

    @field_validator("rates")
    @classmethod
    def _has_default(cls, value: dict[str, SourcedRate]) -> dict[str, SourcedRate]:
        if "default" not in value:
            raise ValueError("needs a 'default' rate for categories not listed")
        return value

    def rate_for(self, category: str) -> SourcedRate:
        return self.rates.get(category) or self.rates["default"]


class Tax(Strict):
    name: str = Field(title="VAT, GST, consumption tax…")
    rate: SourcedRate
    base_includes_shipping: bool
    base_includes_duty: bool


class Member(Strict):
    """A member state of a customs union: its own VAT rate and national fees."""

    name: str
    tax_rate: SourcedRate
    fees: tuple[Fee, ...] = ()


class Destination(Strict):
    """One destination's rules (for a customs union, resolved to one member state)."""

    country: str
    name: str
    currency: str
    reviewed: date = Field(title="When these figures were last checked against their sources")
    domestic_origins: frozenset[str] = frozenset()
    duty: Duty
    tax: Tax | None = None
    bands: tuple[Band, ...] = Field(min_length=1)
    fees: tuple[Fee, ...] = ()
    members: dict[str, Member] = Field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if value != "EU" and not is_country(value):
            raise ValueError("an ISO 3166 country code (or EU for the customs union)")
        return value

    @field_validator("bands")
    @classmethod
    def _catch_all_last(cls, value: tuple[Band, ...]) -> tuple[Band, ...]:
        last = value[-1]
        if last.up_to is not None or last.when != Condition():
            raise ValueError("the last band must have no 'up_to' and no 'when' (a catch-all)")
        return value

    def member(self, code: str) -> Destination:
        """This union's rules for one member state: its VAT rate and its own fees."""
        member = self.members[code]
        assert self.tax is not None, "a customs union with members has a VAT"
        tax = self.tax.model_copy(update={"rate": member.tax_rate})
        return self.model_copy(
            update={
                "country": code,
                "name": member.name,
                "tax": tax,
                "fees": self.fees + member.fees,
                "members": {},
            }
        )

    def categories_named(self) -> set[str]:
        """Every duty category this file mentions (checked against the category map)."""
        named = set(self.duty.rates) - {"default"}
        for condition in [b.when for b in self.bands] + [p.when for p in self.duty.preferences]:
            named |= set(condition.categories or ()) | set(condition.not_categories)
        return named
