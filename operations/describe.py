"""Schedules in plain English for operators: "every day at 03:00 UTC", "every 6 hours".

Covers the shapes schedules take in practice (fixed times, steps, weekday and day-of-month
lists, ranges); anything else is described field by field rather than guessed at. The next
fire times next to the description are the authority (operations.schedules.next_runs).
"""

from __future__ import annotations

import re

WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_NAMES = {name[:3].lower(): index for index, name in enumerate(WEEKDAYS)}
_NAMES |= {name[:3].lower(): index + 1 for index, name in enumerate(MONTHS)}
_UNITS = ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second"))


def describe_every(seconds: int) -> str:
    """`21600` → "every 6 hours"; `90` → "every 90 seconds"."""
    for size, unit in _UNITS:
        if seconds % size == 0:
            count = seconds // size
            return f"every {unit}" if count == 1 else f"every {count} {unit}s"
    return f"every {seconds} seconds"  # unreachable: every unit divides by 1


def short_interval(seconds: int) -> str:
    """`21600` → "6h", `1800` → "30m", `90` → "90s": the way `every:` is written."""
    for size, unit in _UNITS:
        if seconds % size == 0:
            return f"{seconds // size}{unit[0]}"
    return f"{seconds}s"  # unreachable: every unit divides by 1


def describe_cron(expression: str) -> str:
    """A five-field crontab expression (UTC) in English."""
    minute, hour, day, month, weekday = expression.split()
    days = _days(day, weekday)
    months = "" if month == "*" else f" in {_list(month, 1, 12, MONTHS, 1)}"
    times = _times(minute, hour)
    if times.startswith("at "):
        return f"{days or 'every day'}{months} {times} UTC"
    return f"{times}{', ' + days if days else ''}{months} (UTC)"


def _times(minute: str, hour: str) -> str:
    minutes, hours = _numbers(minute), _numbers(hour)
    if minutes is not None and hours is not None and len(minutes) * len(hours) <= 6:
        return "at " + ", ".join(f"{h:02d}:{m:02d}" for h in hours for m in minutes)
    if minutes is not None and len(minutes) == 1:
        past = "on the hour" if minutes[0] == 0 else f"at {minutes[0]} minutes past"
        return f"{_hourly(hour)} {past}"
    step = re.fullmatch(r"\*/(\d+)", minute)
    every = f"every {step[1]} minutes" if step else "every minute" if minute == "*" else None
    if every is None:
        return f"at minute {minute} of hour {hour}"
    return every if hour == "*" else f"{every} during hour {_list(hour, 0, 23)}"


def _hourly(hour: str) -> str:
    step = re.fullmatch(r"\*/(\d+)", hour)
    if hour == "*":
        return "every hour"
    if step:
        return f"every {step[1]} hours"
    return f"during hour {_list(hour, 0, 23)}, every hour"


def _days(day: str, weekday: str) -> str:
    on_weekdays = "" if weekday == "*" else f"on {_list(weekday, 0, 7, WEEKDAYS, 0)}"
    on_days = "" if day == "*" else f"on day {_list(day, 1, 31)} of the month"
    if on_days and on_weekdays:  # crontab: either one matches
        return f"{on_days} or {on_weekdays}"
    return on_days or on_weekdays


def _numbers(field: str) -> list[int] | None:
    """The values of a field made only of numbers and commas, else None."""
    if not re.fullmatch(r"\d+(,\d+)*", field):
        return None
    return sorted({int(value) for value in field.split(",")})


def _list(field: str, low: int, high: int, names: tuple[str, ...] = (), offset: int = 0) -> str:
    """`1-5` → "Monday to Friday", `1,15` → "1 and 15", with names when given."""
    parts = list(
        dict.fromkeys(_part(p, low, high, names, offset) for p in field.lower().split(","))
    )
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _part(part: str, low: int, high: int, names: tuple[str, ...], offset: int) -> str:
    base, _, step = part.partition("/")
    first, _, last = base.partition("-")
    if base == "*":
        first, last = str(low), str(high)
    text = _name(first, names, offset)
    if last:
        text = f"{text} to {_name(last, names, offset)}"
    return f"every {step} from {text}" if step else text


def _name(value: str, names: tuple[str, ...], offset: int) -> str:
    number = _NAMES.get(value) if not value.isdigit() else int(value)
    if not names or number is None:
        return value
    return names[(number - offset) % len(names)]
