"""Refreshing the stored rates: sources tried in order, each checked, every attempt recorded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, session_factory
from core.errors import HaitaoError
from core.iso_codes import is_currency
from core.settings import Settings
from core.tables import utcnow
from pricing.exchange_rates.rate_table import RateTable, latest_table, store_table
from pricing.exchange_rates.sources import RateSource, SourceError, default_sources

PLAUSIBLE_BAND = Decimal("0.20")  # a day's rate more than 20% off the last good one is refused


class FetchAttempt(Base):
    """One try of one source by `haitao rates refresh`: what it gave, or why not."""

    __tablename__ = "fx_fetch_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    ok: Mapped[bool]
    as_of: Mapped[date | None]
    rates: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(Text, default="")


@dataclass(frozen=True)
class Refresh:
    table: RateTable
    attempts: list[FetchAttempt]


class NoRatesError(HaitaoError):
    """Every source failed."""


def refresh_rates(session: Session, sources: Sequence[RateSource]) -> Refresh:
    """Store the first source's rates that pass the sanity check; record every attempt."""
    last_good = latest_table(session)
    attempts: list[FetchAttempt] = []
    for source in sources:
        try:
            table = source.fetch()
            check_sane(table, last_good)
        except SourceError as exc:
            attempts.append(_attempt(session, source.name, False, reason=str(exc)))
            continue
        store_table(session, table)
        note = f"stored {len(table.per_pivot)} rates from {table.source}"
        attempts.append(_attempt(session, source.name, True, table, note))
        return Refresh(table, attempts)
    reasons = "; ".join(a.reason for a in attempts)
    raise NoRatesError(f"no rate source worked: {reasons}")


def check_sane(table: RateTable, last_good: RateTable | None, band: Decimal = PLAUSIBLE_BAND):
    """SourceError unless every rate is a positive ISO 4217 rate within `band` of the last
    good rate for that currency (when there is one)."""
    if not table.per_pivot:
        raise SourceError(f"{table.source}: no rates")
    for currency, rate in table.per_pivot.items():
        if not is_currency(currency) or not rate.is_finite() or rate <= 0:
            raise SourceError(f"{table.source}: implausible {currency} rate {rate}")
        before = last_good.per_pivot.get(currency) if last_good else None
        if before and abs(rate / before - 1) > band:
            raise SourceError(
                f"{table.source}: {currency} {rate} is more than {band:.0%} away from "
                f"{before} ({last_good.source}, {last_good.as_of}); refused"
            )


def _attempt(
    session: Session, source: str, ok: bool, table: RateTable | None = None, reason: str = ""
) -> FetchAttempt:
    attempt = FetchAttempt(
        source=source,
        ok=ok,
        as_of=table.as_of if table else None,
        rates=len(table.per_pivot) if table else 0,
        reason=reason,
    )
    session.add(attempt)
    return attempt


def refresh_stored_rates(settings: Settings) -> Refresh:
    """What `haitao rates refresh` does: the default sources, attempts kept even on failure."""
    with session_factory(settings.database_url)() as session:
        try:
            return refresh_rates(session, default_sources(settings))
        finally:
            session.commit()


def refresh_job() -> str:
    """The refresh as a scheduled job (importable, no arguments): returns what was stored."""
    table = refresh_stored_rates(Settings.from_env()).table
    return f"{table.source}, {table.as_of.isoformat()}"


def recent_attempts(session: Session, limit: int = 10) -> list[FetchAttempt]:
    query = select(FetchAttempt).order_by(FetchAttempt.id.desc()).limit(limit)
    return list(session.scalars(query))
