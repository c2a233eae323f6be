"""Schedules described in English, and crontab weekdays read the crontab way."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.schedule_spec import cron_trigger
from operations.describe import describe_cron, describe_every, short_interval


@pytest.mark.parametrize(
    ("expression", "english"),
    [
        ("0 3 * * *", "every day at 03:00 UTC"),
        ("30 17 * * 1-5", "on Monday to Friday at 17:30 UTC"),
        ("0 6,18 * * *", "every day at 06:00, 18:00 UTC"),
        ("0 3 1,15 * *", "on day 1 and 15 of the month at 03:00 UTC"),
        ("0 3 * 1 sun", "on Sunday in January at 03:00 UTC"),
        ("0 3 * * 0,7", "on Sunday at 03:00 UTC"),
        ("*/15 * * * *", "every 15 minutes (UTC)"),
        (
            "*/15 9-17 * * mon-fri",
            "every 15 minutes during hour 9 to 17, on Monday to Friday (UTC)",
        ),
        ("0 */6 * * *", "every 6 hours on the hour (UTC)"),
        ("5 * * * *", "every hour at 5 minutes past (UTC)"),
        ("* * * * *", "every minute (UTC)"),
    ],
)
def test_cron_expressions_in_english(expression, english):
    assert describe_cron(expression) == english


@pytest.mark.parametrize(
    ("seconds", "english"),
    [
        (21600, "every 6 hours"),
        (86400, "every day"),
        (90, "every 90 seconds"),
        (900, "every 15 minutes"),
    ],
)
def test_intervals_in_english(seconds, english):
    assert describe_every(seconds) == english


@pytest.mark.parametrize(
    ("weekday", "fires_on"),
    [("1", "Monday"), ("0", "Sunday"), ("7", "Sunday"), ("mon", "Monday"), ("5-6", "Friday")],
)
def test_crontab_weekdays_count_from_sunday(weekday, fires_on):
    # APScheduler 3's from_crontab alone reads 1 as Tuesday and 0 as Monday.
    trigger = cron_trigger(f"0 3 * * {weekday}")
    wednesday = datetime(2026, 11, 25, tzinfo=UTC)
    assert trigger.get_next_fire_time(None, wednesday).strftime("%A") == fires_on


def test_weekday_steps_and_ranges_follow_crontab():
    trigger = cron_trigger("0 0 * * */2")  # Sunday, Tuesday, Thursday, Saturday
    start = datetime(2026, 11, 22, tzinfo=UTC)  # a Sunday
    fired, previous = [], None
    for _ in range(4):
        previous = trigger.get_next_fire_time(previous, previous or start)
        fired.append(previous.strftime("%a"))
    assert fired == ["Sun", "Tue", "Thu", "Sat"]


@pytest.mark.parametrize("expression", ["0 3 * *", "0 3 * * 8", "61 * * * *", "0 3 * * 5-2"])
def test_bad_expressions_are_refused(expression):
    with pytest.raises(ValueError):
        cron_trigger(expression)


@pytest.mark.parametrize(
    ("seconds", "text"), [(21600, "6h"), (1800, "30m"), (90, "90s"), (86400, "1d")]
)
def test_short_intervals_read_back_as_they_are_written(seconds, text):
    assert short_interval(seconds) == text
