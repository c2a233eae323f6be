"""Parcel forwarders (`config/forwarders.yaml`): warehouses abroad and their price per lane."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from pathlib import Path

from pydantic import Field, model_validator

from core.config_files import NonNegative, Strict, load_model
from core.iso_codes import CurrencyCode, is_country
from core.shipping_table import Mode
from pricing.landed.sourced import Sourced


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
    currency: CurrencyCode
    mode: Mode = "courier"
    volumetric_divisor: NonNegative = Field(gt=0, title="cm³ per kg (5000 or 6000)")
    handling_fee: NonNegative = Decimal(0)
    lanes: dict[str, Lane] = Field(min_length=1)

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
