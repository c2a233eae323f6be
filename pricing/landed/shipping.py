"""What carrying an item costs: a store's shipping table and the forwarders' price lists.

A store's table (the optional `shipping:` section of its entry in `config/stores.yaml`) prices
direct mail per destination and domestic delivery to a forwarder's warehouse; forwarders
(`config/forwarders.yaml`) price the international leg from their warehouses by weight.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from core.iso_codes import is_country, is_currency
from pricing.landed.sourced import NonNegative, Sourced, Strict, load_model

Mode = Literal["post", "courier"]


def ceil_to_step(weight: Decimal, step: Decimal) -> Decimal:
    """`weight` rounded up to a whole number of `step`s (carriers bill started steps)."""
    return (weight / step).to_integral_value(rounding=ROUND_CEILING) * step


class ShippingRate(Strict):
    """A price in the store's currency: `flat` + `per_kg` × weight, free from `free_over`.

    `step_kg` rounds the weight up to started steps first (0.5 bills 0.7 kg as 1.0 kg).
    """

    flat: NonNegative = Decimal(0)
    per_kg: NonNegative = Decimal(0)
    step_kg: NonNegative | None = Field(default=None, gt=0)
    free_over: NonNegative | None = Field(default=None, title="Order value from which it is free")

    def cost(self, price: Decimal, weight_kg: Decimal) -> Decimal:
        if self.free_over is not None and price >= self.free_over:
            return Decimal(0)
        if self.step_kg is not None:
            weight_kg = ceil_to_step(weight_kg, self.step_kg)
        return self.flat + self.per_kg * weight_kg


class StoreShipping(Strict):
    """A store's shipping table: to each country ('*' for the rest of the world), domestic
    delivery (to a forwarder's warehouse), and bonded-warehouse stock where it has some."""

    mode: Mode = Field(default="post", title="How its direct mail travels: post or courier")
    destinations: dict[str, ShippingRate] = Field(default_factory=dict)
    domestic: ShippingRate | None = None
    bonded: dict[str, ShippingRate] = Field(
        default_factory=dict,
        title="Countries where it keeps bonded-warehouse stock, and delivery from it",
    )

    @field_validator("destinations", "bonded")
    @classmethod
    def _countries(cls, value: dict[str, ShippingRate]) -> dict[str, ShippingRate]:
        bad = [code for code in value if code != "*" and not is_country(code)]
        if bad:
            raise ValueError(f"keys must be ISO 3166 countries or '*', not {bad}")
        return value

    def to(self, country: str) -> ShippingRate | None:
        return self.destinations.get(country) or self.destinations.get("*")


class Lane(Strict):
    """A forwarder's price to one destination: first weight, then each additional step."""

    first_kg: NonNegative = Field(gt=0)
    first_price: NonNegative
    additional_kg: NonNegative = Field(gt=0)
    additional_price: NonNegative

    def cost(self, weight_kg: Decimal) -> Decimal:
        extra = max(weight_kg - self.first_kg, Decimal(0))
        steps = (extra / self.additional_kg).to_integral_value(rounding=ROUND_CEILING)
        return self.first_price + steps * self.additional_price


class Forwarder(Sourced):
    """A parcel forwarder: warehouses in some countries, lanes from them to destinations."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]+$")
    name: str
    warehouses: frozenset[str] = Field(min_length=1)
    currency: str
    mode: Mode = "courier"
    volumetric_divisor: NonNegative = Field(gt=0, title="cm³ per kg (5000 or 6000)")
    handling_fee: NonNegative = Decimal(0)
    lanes: dict[str, Lane] = Field(min_length=1)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        if not is_currency(value):
            raise ValueError("an ISO 4217 currency code")
        return value

    @model_validator(mode="after")
    def _countries(self) -> Forwarder:
        bad = [c for c in (*self.warehouses, *self.lanes) if not is_country(c)]
        if bad:
            raise ValueError(f"warehouses and lanes must be ISO 3166 countries, not {bad}")
        return self

    def chargeable_kg(self, weight_kg: Decimal, volume_cm3: Decimal | None) -> Decimal:
        """The greater of the actual and the volumetric weight."""
        if volume_cm3 is None:
            return weight_kg
        return max(weight_kg, volume_cm3 / self.volumetric_divisor)


class ForwardersFile(Strict):
    forwarders: tuple[Forwarder, ...]


def load_forwarders(path: Path) -> tuple[Forwarder, ...]:
    return load_model(path, ForwardersFile).forwarders
