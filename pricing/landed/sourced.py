"""Figures with a provenance: every rate, threshold and fee says where it came from and when."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from core.config_files import NonNegative, Strict
from core.iso_codes import CurrencyCode

# settled: a primary or several agreeing sources. uncertain: marked ⚠ in the reference (secondary,
# undated or conflicting). indicative: a typical figure, check the HS code. illustrative: a
# sample tariff made up for the bundled data, not a quote.
Confidence = Literal["settled", "uncertain", "indicative", "illustrative"]
Fraction = Annotated[Decimal, Field(ge=0, le=1)]


class Sourced(Strict):
    """Where a figure comes from, the date it took effect and how sure we are of it."""

    source: str = Field(min_length=3)
    effective: date
    confidence: Confidence = "settled"
    note: str | None = None

    @property
    def citation(self) -> str:
        flag = "" if self.confidence == "settled" else f"; {self.confidence}"
        return f"{self.source}, eff. {self.effective.isoformat()}{flag}"


class SourcedRate(Sourced):
    rate: Fraction


class SourcedAmount(Sourced):
    amount: NonNegative
    currency: CurrencyCode


def percent(rate: Decimal) -> str:
    """A fraction as a percentage for rule texts: 0.13 → 13%, 0.091 → 9.1%."""
    text = f"{(rate * 100).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") + "%"
