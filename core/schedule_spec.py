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


_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_WEEKDAY_NUMBERS = re.compile(r"(\*|\d+)(?:-(\d+))?(?:/(\d+))?")


def cron_trigger(expression: str):
    """The APScheduler trigger (UTC) for a five-field crontab expression; ValueError if bad.

    APScheduler 3's `CronTrigger.from_crontab` numbers weekdays from Monday (0 = Monday),
    where crontab numbers them from Sunday (0 or 7 = Sunday): `0 3 * * 1` would fire on
    Tuesdays. Numbered weekdays are rewritten as names, which both read the same way.
    """
    from apscheduler.triggers.cron import CronTrigger

    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(f"wrong number of fields; got {len(fields)}, expected 5")
    fields[4] = ",".join(_weekday_names(token) for token in fields[4].split(","))
    return CronTrigger.from_crontab(" ".join(fields), timezone="UTC")


def _weekday_names(token: str) -> str:
    """`1-5` → `mon,tue,wed,thu,fri`; `*/2` → `sun,tue,thu,sat`; names and `*` unchanged."""
    match = _WEEKDAY_NUMBERS.fullmatch(token)
    if token == "*" or not match:
        return token
    start, end, step = match.groups()
    first = 0 if start == "*" else int(start)
    last = 7 if start == "*" or (step and not end) else int(end or start)
    if last > 7 or first > last or step == "0":
        return token  # out of range: left for APScheduler to refuse
    days = range(first, last + 1, int(step or 1))
    return ",".join(dict.fromkeys(_WEEKDAYS[day % 7] for day in days))


def check_cron(expression: str) -> str:
    """The expression if it is a valid five-field crontab; ValueError otherwise."""
    try:
        cron_trigger(expression)
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
