"""A store's shipping table: the optional `shipping:` section of its entry in the stores file.

It prices direct mail per destination, domestic delivery to a forwarder's warehouse, and
delivery from bonded-warehouse stock, in the store's currency. The forwarders' own price lists
are pricing data (`pricing/landed/forwarders.py`).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Literal

from pydantic import Field, field_validator

from core.config_files import NonNegative, Strict
from core.iso_codes import is_country

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
