"""Exchange rates as dated data: the table, the bundled snapshot, and conversion through EUR."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import yaml
from sqlalchemy import String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, DecimalType
from core.errors import ConfigError, HaitaoError
from core.iso_codes import is_currency
from core.tables import utcnow
from pricing.money import Money

PIVOT = "EUR"


class FxRate(Base):
    """1 `base` = `rate` `quote`, as published by `source` for the day `as_of`."""

    __tablename__ = "fx_rates"
    __table_args__ = (UniqueConstraint("source", "base", "quote", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    base: Mapped[str] = mapped_column(String(3))
    quote: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(DecimalType)
    as_of: Mapped[date]
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)


class UnknownRate(LookupError):
    """No rate is known for a currency."""


@dataclass(frozen=True)
class RateTable:
    """Rates from the pivot (EUR) to each currency, all from one source and day."""

    source: str
    as_of: date
    per_pivot: dict[str, Decimal]

    def rate(self, base: str, quote: str) -> Decimal:
        """How many `quote` one `base` buys, crossed through the pivot."""
        return self._per_pivot(quote) / self._per_pivot(base)

    def convert(self, money: Money, currency: str) -> Money:
        """Converted exactly; round with `.rounded()` only when showing it."""
        if money.currency == currency:
            return money
        return Money(money.amount * self.rate(money.currency, currency), currency)

    def _per_pivot(self, currency: str) -> Decimal:
        if currency == PIVOT:
            return Decimal(1)
        try:
            return self.per_pivot[currency]
        except KeyError:
            raise UnknownRate(f"no {PIVOT}/{currency} rate from {self.source}") from None


def load_snapshot(path: Path) -> RateTable:
    """The bundled, dated snapshot in config/, so a machine with no network still converts:
    its newest day (see `load_snapshot_days` for the earlier ones)."""
    return load_snapshot_days(path)[-1]


def load_snapshot_days(path: Path) -> list[RateTable]:
    """Every day of the bundled snapshot, oldest first: the `history:` days, then `as_of`."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if raw.get("base") != PIVOT:
            raise ConfigError(f"base must be {PIVOT}, not {raw.get('base')!r}")
        days = {**(raw.get("history") or {}), raw["as_of"]: raw["rates"]}
        tables = [_snapshot_day(raw["source"], day, rates) for day, rates in days.items()]
    except (OSError, KeyError, TypeError, AttributeError, ArithmeticError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: not a valid FX snapshot ({exc!r})") from exc
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return sorted(tables, key=lambda table: table.as_of)


def _snapshot_day(source: str, day: object, rates: dict) -> RateTable:
    if not isinstance(day, date) or isinstance(day, datetime):
        raise ConfigError(f"day {day!r} is not an ISO date (YYYY-MM-DD)")
    per_pivot = {code: _snapshot_rate(code, value, day) for code, value in rates.items()}
    return RateTable(source=source, as_of=day, per_pivot=per_pivot)


def _snapshot_rate(code: str, value: object, day: date) -> Decimal:
    if isinstance(value, float):
        raise ConfigError(f"{day} {code}: write rates as quoted strings, not floats ({value})")
    rate = Decimal(str(value))
    if not is_currency(code) or not rate.is_finite() or rate <= 0:
        raise ConfigError(f"{day}: rates must be positive ISO 4217 ({code}: {value})")
    return rate


def store_tables(session: Session, tables: list[RateTable]) -> None:
    """Save several days' tables (each skipped where that source's day is stored already)."""
    for table in tables:
        store_table(session, table)


def store_table(session: Session, table: RateTable) -> None:
    """Save a rate table unless that source's rates for that day are already stored."""
    existing = set(
        session.scalars(
            select(FxRate.quote).where(FxRate.source == table.source, FxRate.as_of == table.as_of)
        )
    )
    for quote, rate in table.per_pivot.items():
        if quote not in existing:
            session.add(
                FxRate(source=table.source, base=PIVOT, quote=quote, rate=rate, as_of=table.as_of)
            )


def latest_table(session: Session) -> RateTable | None:
    """The newest day's rates in the database (one source, one date), or None."""
    newest = session.execute(
        select(FxRate.as_of, FxRate.source).order_by(FxRate.as_of.desc(), FxRate.id.desc())
    ).first()
    if newest is None:
        return None
    as_of, source = newest
    rows = session.scalars(select(FxRate).where(FxRate.as_of == as_of, FxRate.source == source))
    return RateTable(source=source, as_of=as_of, per_pivot={r.quote: r.rate for r in rows})


def require_latest_table(session: Session) -> RateTable:
    """The newest rates, or a HaitaoError telling the user how to get some."""
    table = latest_table(session)
    if table is None:
        raise HaitaoError("no exchange rates in the database: run `haitao db upgrade` first")
    return table
