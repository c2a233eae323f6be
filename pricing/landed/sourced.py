"""Figures with a provenance: every rate, threshold and fee says where it came from and when."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.errors import ConfigError
from core.iso_codes import is_currency

# settled: a primary or several agreeing sources. uncertain: marked ⚠ in the reference (secondary,
# undated or conflicting). indicative: a typical figure, check the HS code. illustrative: a
# sample tariff made up for the bundled data, not a quote.
Confidence = Literal["settled", "uncertain", "indicative", "illustrative"]
Fraction = Annotated[Decimal, Field(ge=0, le=1)]
NonNegative = Annotated[Decimal, Field(ge=0)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    currency: str

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        if not is_currency(value):
            raise ValueError("an ISO 4217 currency code, like USD or CNY")
        return value


M = TypeVar("M", bound=BaseModel)


def load_model(path: Path, model: type[M]) -> M:
    """A YAML file validated into `model`; ConfigError naming the file and the field otherwise."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {describe_error(exc)}") from exc


def describe_error(exc: ValidationError) -> str:
    """The first problem of a validation error as `field 'a.b': message (got …)`."""
    error = exc.errors()[0]
    field = ".".join(str(part) for part in error["loc"]) or "(file)"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "missing":
        return f"field '{field}': missing (required)"
    if error["type"] == "extra_forbidden":
        return f"field '{field}': unknown field"
    return f"field '{field}': {message} (got {error.get('input')!r})"


def percent(rate: Decimal) -> str:
    """A fraction as a percentage for rule texts: 0.13 → 13%, 0.091 → 9.1%."""
    text = f"{(rate * 100).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") + "%"
