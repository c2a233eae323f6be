"""Schedule timing: cron or interval, validated in the stores file and on the command line."""

from __future__ import annotations

import pytest

from core.errors import ConfigError
from core.schedule_spec import ScheduleSpec, parse_every
from core.stores import load_stores

STORE = """\
stores:
  - id: jp-shop
    name: Tokyo Shop
    platform: shopify
    url: https://shop.example.jp/
    country: JP
    currency: JPY
    language: ja
"""


@pytest.mark.parametrize(
    ("value", "seconds"), [(90, 90), ("90", 90), ("90s", 90), ("15m", 900), ("6h", 21600)]
)
def test_intervals(value, seconds):
    assert parse_every(value) == seconds


@pytest.mark.parametrize("value", ["0", "1w", "soon", "-5", 0])
def test_bad_intervals(value):
    with pytest.raises(ValueError, match="interval"):
        parse_every(value)


def test_a_store_entry_takes_a_schedule(tmp_path):
    path = tmp_path / "stores.yaml"
    path.write_text(STORE + "    schedule: {cron: '0 3 * * *', time_limit: 30m}\n")
    store = load_stores(path)["jp-shop"]
    assert store.schedule == ScheduleSpec(cron="0 3 * * *", time_limit=1800)


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ("{cron: '0 25 * * *'}", "field 'schedule.cron': got '0 25 * * *', expected a five-field"),
        ("{every: 1w}", "field 'schedule.every': got '1w', expected an interval like"),
        ("{cron: '0 3 * * *', every: 1h}", "field 'schedule': got "),
        ("{}", "exactly one of 'cron' or 'every'"),
        ("{evry: 1h}", "field 'schedule.evry': unknown field"),
    ],
)
def test_a_bad_schedule_names_the_store_and_the_field(tmp_path, schedule, message):
    path = tmp_path / "stores.yaml"
    path.write_text(STORE + f"    schedule: {schedule}\n")
    with pytest.raises(ConfigError) as error:
        load_stores(path)
    assert "store 'jp-shop'" in str(error.value)
    assert message in str(error.value)
