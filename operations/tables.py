"""Operations tables: schedules (the truth the scheduler follows), their firings, run flags."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.tables import utcnow

JOB_KINDS = ("crawl", "rates", "reindex")


class Schedule(Base):
    """A timed task: crawl one store, refresh FX rates, or reindex; cron or interval.

    The APScheduler job for a row carries only the row id and reloads the row when it fires,
    so editing, pausing or removing the row is all it takes to change what runs.
    """

    __tablename__ = "schedules"
    __table_args__ = (UniqueConstraint("kind", "store_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    store_id: Mapped[str | None] = mapped_column(String(64), default=None)
    cron: Mapped[str | None] = mapped_column(String(120), default=None)
    interval_seconds: Mapped[int | None] = mapped_column(default=None)
    time_limit_seconds: Mapped[int] = mapped_column(default=3600)
    paused: Mapped[bool] = mapped_column(default=False)
    origin: Mapped[str] = mapped_column(String(16), default="cli")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def when(self) -> str:
        """`cron: …` or `every N s`, as shown to operators."""
        return f"cron: {self.cron}" if self.cron else f"every {self.interval_seconds} s"

    @property
    def target(self) -> str:
        return f"crawl {self.store_id}" if self.kind == "crawl" else self.kind


class ScheduleFiring(Base):
    """What one firing of a schedule did: started a run, skipped (and why), or failed."""

    __tablename__ = "schedule_firings"

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(index=True)
    fired_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    outcome: Mapped[str] = mapped_column(String(16), default="started")
    run_id: Mapped[int | None] = mapped_column(default=None)
    message: Mapped[str] = mapped_column(Text, default="")


class RunFlag(Base):
    """A health rule a finished crawl run broke (nothing scraped, items fell, many errors)."""

    __tablename__ = "run_flags"
    __table_args__ = (UniqueConstraint("run_id", "rule"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    store_id: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    notified_at: Mapped[datetime | None] = mapped_column(default=None)
