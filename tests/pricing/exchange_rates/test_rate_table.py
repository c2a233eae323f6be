"""Rate tables: dated rates from one source, conversion crossed through EUR, the bundled
snapshot, the newest table in the database, and manual rates for what it lacks."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from config import CONFIG_DIR
from core.db import Base, session_factory
from core.errors import ConfigError, HaitaoError
from core.settings import Settings
from operations.bootstrap import prepare_database
from pricing.exchange_rates.ecb import parse_ecb_daily
from pricing.exchange_rates.rate_table import (
    MANUAL,
    PIVOT,
    RateTable,
    UnknownRate,
    latest_table,
    load_snapshot,
    require_latest_table,
    set_manual_rate,
    store_table,
)
from pricing.money import Money

ECB_DAILY = Path(__file__).parent / "sample_data" / "eurofxref-daily.xml"


PER_EUR = {"USD": Decimal("1.1563"), "JPY": Decimal("178.62"), "CNY": Decimal("8.2")}
TABLE = RateTable("test", date(2026, 11, 24), PER_EUR)


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


def test_the_key_moves_with_a_manual_rate_set_again_in_place_and_only_then(sessions):
    def key_now():
        with sessions() as session:
            return latest_table(session).key

    untouched = key_now()
    assert untouched == key_now()  # tables read apart, nothing changed: one key
    with sessions.begin() as session:
        set_manual_rate(session, "UAH", Decimal("48"), date(2026, 11, 19))
    first = key_now()
    with sessions.begin() as session:
        set_manual_rate(session, "UAH", Decimal("49"), date(2026, 11, 19))  # same day, in place
    second = key_now()
    assert len({untouched, first, second}) == 3
    assert untouched[:2] == first[:2] == second[:2]  # source and date alone cannot tell them


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
        ("XXX", "1", "no rate can be set: XXX is ISO 4217's code for no currency"),
        ("xts", "1", "no rate can be set: XTS is ISO 4217's code for a code reserved for testing"),
        ("UAH", "0", "must be a positive number of UAH per 1 EUR"),
        ("UAH", "NaN", "must be a positive number"),
    ],
)
def test_a_manual_rate_is_refused_with_a_reason(sessions, currency, rate, message):
    with sessions.begin() as session, pytest.raises(HaitaoError, match=re.escape(message)):
        set_manual_rate(session, currency, Decimal(rate), date(2026, 11, 18))


def test_rates_cross_through_the_pivot():
    assert TABLE.rate(PIVOT, "USD") == Decimal("1.1563")
    assert TABLE.rate("USD", PIVOT) == 1 / Decimal("1.1563")
    assert TABLE.rate("USD", "JPY") == Decimal("178.62") / Decimal("1.1563")
    assert TABLE.rate("JPY", "JPY") == 1


def test_converting_to_the_same_currency_is_the_same_money():
    money = Money(Decimal("12.345"), "USD")
    assert TABLE.convert(money, "USD") is money


def test_an_unknown_currency_names_the_source():
    with pytest.raises(UnknownRate, match="no EUR/KRW rate from test"):
        TABLE.convert(Money(Decimal(1), "KRW"), "USD")


amounts = st.decimals(min_value="0.01", max_value="1000000", places=2)
currencies = st.sampled_from(["EUR", "USD", "JPY", "CNY"])


@given(amounts, currencies, currencies)
def test_conversion_is_exact_decimal_and_comes_back_within_the_minor_unit(amount, there, back):
    money = Money(amount, "USD")
    converted = TABLE.convert(TABLE.convert(money, there), back)
    assert isinstance(converted.amount, Decimal) and converted.currency == back
    returned = TABLE.convert(converted, "USD").rounded()
    assert abs(returned.amount - amount) <= Decimal("0.01")


def test_the_bundled_snapshot_is_dated_and_positive():
    snapshot = load_snapshot(CONFIG_DIR / "fx-snapshot.yaml")
    assert snapshot.as_of and snapshot.source
    assert {"USD", "JPY", "CNY", "KRW", "GBP"} <= set(snapshot.per_pivot)
    assert all(rate > 0 for rate in snapshot.per_pivot.values())


@pytest.mark.parametrize(
    "text",
    [
        "source: x\nas_of: 2026-11-24\nbase: USD\nrates: {JPY: 150}",
        "source: x\nas_of: 2026-11-24\nbase: EUR\nrates: {JPY: -1}",
        "source: x\nas_of: 2026-11-24\nbase: EUR\nrates: {XYZ: 1}",
        "source: x\nbase: EUR\nrates: {JPY: 150}",
        "source: x\nas_of: 2026-11-24\nbase: EUR\nrates: {JPY: abc}",
        "rates: [",
    ],
)
def test_a_bad_snapshot_is_a_config_error_naming_the_file(tmp_path, text):
    path = tmp_path / "fx.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"fx\.yaml"):
        load_snapshot(path)


def test_the_newest_day_wins_and_storing_a_day_again_adds_nothing(sessions):
    newer = RateTable("ECB reference rates", date(2099, 1, 2), {"USD": Decimal("1.2")})
    with sessions.begin() as session:
        store_table(session, newer)
        store_table(session, newer)
    with sessions() as session:
        assert latest_table(session) == newer
        assert require_latest_table(session) == newer


def test_no_rates_at_all_says_how_to_get_some(tmp_path):
    sessions = session_factory(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    Base.metadata.create_all(sessions.kw["bind"])
    with sessions() as session:
        assert latest_table(session) is None
        with pytest.raises(HaitaoError, match="run `haitao db upgrade` first"):
            require_latest_table(session)
