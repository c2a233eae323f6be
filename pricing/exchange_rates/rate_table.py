"""Exchange rates as dated data: the table, the bundled snapshot, and conversion through EUR."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import yaml
from sqlalchemy import String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, DecimalType
from core.errors import ConfigError, HaitaoError
from core.iso_codes import NOT_MONEY, currency_problem, is_currency
from core.tables import utcnow
from pricing.landed.words import Words
from pricing.money import Money

PIVOT = "EUR"
# An operator's own rate (`haitao rates set`), for a currency no source publishes (UAH, …).
MANUAL = "manual"


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
    """Rates from the pivot (EUR) to each currency, all from one source and day, except the
    currencies in `manual`: rates an operator set for currencies that source lacks, each
    with its own date."""

    source: str
    as_of: date
    per_pivot: dict[str, Decimal]
    manual: Mapping[str, date] = field(default_factory=dict)

    @cached_property
    def key(self) -> tuple:
        """What a cache of prices made at these rates is keyed by: the source and day, and
        each manual rate with its value, since an operator may set one again in place (same
        day, new value). Made once per table; a table built again after a change differs."""
        manual = tuple(
            (code, day, self.per_pivot[code]) for code, day in sorted(self.manual.items())
        )
        return (self.source, self.as_of, manual)

    def converts(self, currency: str) -> bool:
        return currency == PIVOT or currency in self.per_pivot

    def source_of(self, currency: str) -> tuple[str, date]:
        """Where the currency's rate comes from, and its date."""
        if currency in self.manual:
            return MANUAL, self.manual[currency]
        return self.source, self.as_of

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
            why = Words("no %(pivot)s/%(currency)s rate from %(source)s", pivot=PIVOT,
                        currency=currency, source=self.source)  # fmt: skip
            raise UnknownRate(why) from None


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
    """The newest day's published rates in the database (one source, one date), with the
    newest manual rate of each currency they lack; None when nothing is published."""
    newest = session.execute(
        select(FxRate.as_of, FxRate.source)
        .where(FxRate.source != MANUAL)
        .order_by(FxRate.as_of.desc(), FxRate.id.desc())
    ).first()
    if newest is None:
        return None
    as_of, source = newest
    rows = session.scalars(select(FxRate).where(FxRate.as_of == as_of, FxRate.source == source))
    per_pivot = {r.quote: r.rate for r in rows}
    manual = {}
    for row in session.scalars(
        select(FxRate).where(FxRate.source == MANUAL).order_by(FxRate.as_of)
    ):
        if row.quote not in per_pivot or row.quote in manual:
            per_pivot[row.quote], manual[row.quote] = row.rate, row.as_of
    return RateTable(source=source, as_of=as_of, per_pivot=per_pivot, manual=manual)


def set_manual_rate(session: Session, currency: str, rate: Decimal, as_of: date) -> None:
    """Store an operator's rate (1 EUR = `rate` `currency` on `as_of`) for a currency the
    published rates lack; HaitaoError naming the problem otherwise."""
    currency = currency.upper()
    if currency in NOT_MONEY:
        raise HaitaoError(f"no rate can be set: {currency_problem(currency)}")
    if not is_currency(currency) or currency == PIVOT:
        raise HaitaoError(f"{currency}: not an ISO 4217 currency other than {PIVOT}")
    if not rate.is_finite() or rate <= 0:
        raise HaitaoError(f"rate {rate}: must be a positive number of {currency} per 1 {PIVOT}")
    published = latest_table(session)
    if published and currency in published.per_pivot and currency not in published.manual:
        raise HaitaoError(
            f"{currency} has a published rate ({published.source}, {published.as_of}): "
            "manual rates are for currencies no source publishes"
        )
    row = session.scalar(
        select(FxRate).where(
            FxRate.source == MANUAL, FxRate.quote == currency, FxRate.as_of == as_of
        )
    )
    if row is None:
        session.add(FxRate(source=MANUAL, base=PIVOT, quote=currency, rate=rate, as_of=as_of))
    else:
        row.rate, row.fetched_at = rate, utcnow()


def require_latest_table(session: Session) -> RateTable:
    """The newest rates, or a HaitaoError telling the user how to get some."""
    table = latest_table(session)
    if table is None:
        raise HaitaoError("no exchange rates in the database: run `haitao db upgrade` first")
    return table
