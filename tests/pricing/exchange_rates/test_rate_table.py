"""The rates in use: the newest published table, and manual rates for what it lacks."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from config import CONFIG_DIR
from core.db import session_factory
from core.errors import HaitaoError
from core.settings import Settings
from operations.bootstrap import prepare_database
from pricing.exchange_rates.ecb import parse_ecb_daily
from pricing.exchange_rates.rate_table import (
    MANUAL,
    RateTable,
    latest_table,
    load_snapshot,
    set_manual_rate,
    store_table,
)
from pricing.money import Money

ECB_DAILY = Path(__file__).parent / "sample_data" / "eurofxref-daily.xml"


@pytest.fixture
def sessions(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path / "home")})
    prepare_database(settings)  # the bundled snapshot, 2026-11-20
    return session_factory(settings.database_url)


def test_the_bundled_snapshot_covers_every_currency_the_ecb_publishes():
    published = set(parse_ecb_daily(ECB_DAILY.read_bytes()).per_pivot)
    assert len(published) >= 29
    assert published <= set(load_snapshot(CONFIG_DIR / "fx-snapshot.yaml").per_pivot)


def test_a_manual_rate_fills_a_currency_no_source_publishes(sessions):
    with sessions.begin() as session:
        assert not latest_table(session).converts("UAH")
        set_manual_rate(session, "uah", Decimal("48.20"), date(2026, 11, 18))
    with sessions() as session:
        table = latest_table(session)
    assert (table.source, table.as_of) == ("bundled snapshot", date(2026, 11, 20))
    assert table.source_of("UAH") == (MANUAL, date(2026, 11, 18))
    assert table.source_of("USD") == ("bundled snapshot", date(2026, 11, 20))
    assert table.convert(Money(Decimal("482"), "UAH"), "EUR").amount == Decimal(10)


def test_the_newest_manual_rate_wins_and_setting_one_day_twice_replaces_it(sessions):
    with sessions.begin() as session:
        set_manual_rate(session, "UAH", Decimal("48"), date(2026, 11, 1))
        set_manual_rate(session, "UAH", Decimal("49"), date(2026, 11, 19))
        set_manual_rate(session, "UAH", Decimal("47"), date(2026, 11, 1))
    with sessions() as session:
        table = latest_table(session)
    assert (table.per_pivot["UAH"], table.manual["UAH"]) == (Decimal(49), date(2026, 11, 19))


def test_a_newer_published_table_keeps_the_manual_rates_and_is_still_the_table(sessions):
    with sessions.begin() as session:
        set_manual_rate(session, "UAH", Decimal("48"), date(2026, 12, 1))
        store_table(
            session, RateTable("ECB reference rates", date(2026, 11, 28), {"USD": Decimal("1.16")})
        )
    with sessions() as session:
        table = latest_table(session)
    assert (table.source, table.as_of) == ("ECB reference rates", date(2026, 11, 28))
    assert table.source_of("UAH") == (MANUAL, date(2026, 12, 1))


@pytest.mark.parametrize(
    ("currency", "rate", "message"),
    [
        ("USD", "1.2", "USD has a published rate (bundled snapshot, 2026-11-20)"),
        ("EUR", "1", "not an ISO 4217 currency other than EUR"),
        ("XYZ", "1", "XYZ: not an ISO 4217 currency"),
        ("UAH", "0", "must be a positive number of UAH per 1 EUR"),
        ("UAH", "NaN", "must be a positive number"),
    ],
)
def test_a_manual_rate_is_refused_with_a_reason(sessions, currency, rate, message):
    with sessions.begin() as session, pytest.raises(HaitaoError, match=re.escape(message)):
        set_manual_rate(session, currency, Decimal(rate), date(2026, 11, 18))
