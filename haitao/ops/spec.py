"""When a timed task runs: a cron expression or an interval, validated where it is written.

Used by the stores file (`schedule:` in a store entry) and by `haitao schedule add`.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")


def parse_every(value: int | str) -> int:
    """Seconds from `90`, `"90s"`, `"15m"`, `"6h"` or `"1d"`; ValueError otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        seconds = value
    else:
        match = _EVERY.match(str(value))
        if not match:
            raise ValueError("an interval like 90, 90s, 15m, 6h or 1d")
        seconds = int(match[1]) * _UNITS[match[2] or "s"]
    if seconds < 1:
        raise ValueError("an interval of at least one second")
    return seconds


def check_cron(expression: str) -> str:
    """The expression if APScheduler reads it as five-field crontab; ValueError otherwise."""
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(expression, timezone="UTC")
    except (ValueError, TypeError) as exc:
        raise ValueError(f"a five-field cron expression like '0 3 * * *' ({exc})") from None
    return expression.strip()


class ScheduleSpec(BaseModel):
    """`cron: "0 3 * * *"` (UTC) or `every: 6h`; `time_limit` stops a run that outlives it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cron: str | None = Field(default=None, title="Five-field crontab, in UTC")
    every: int | None = Field(default=None, title="Interval: seconds, or 90s / 15m / 6h / 1d")
    time_limit: int = Field(default=3600, title="Seconds a run may take before it is stopped")
    paused: bool = Field(default=False, title="Keep the schedule but do not fire it")

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        return None if value is None else check_cron(value)

    @field_validator("every", mode="before")
    @classmethod
    def _every(cls, value: object) -> int | None:
        return None if value is None else parse_every(value)  # type: ignore[arg-type]

    @field_validator("time_limit", mode="before")
    @classmethod
    def _time_limit(cls, value: object) -> int:
        return parse_every(value)  # type: ignore[arg-type]

    @model_validator(mode="after")
    def _one_of(self) -> ScheduleSpec:
        if (self.cron is None) == (self.every is None):
            raise ValueError("exactly one of 'cron' or 'every'")
        return self
