"""Rate tables: dated rates from one source, conversion crossed through EUR, the bundled
snapshot, and the newest table in the database.

Named apart from test_rate_table.py only because another branch adds that file (manual
rates); once both are merged the two belong in one file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from config import CONFIG_DIR
from core.db import Base, session_factory
from core.errors import ConfigError, HaitaoError
from core.settings import Settings
from operations.bootstrap import prepare_database
from pricing.exchange_rates.rate_table import (
    PIVOT,
    RateTable,
    UnknownRate,
    latest_table,
    load_snapshot,
    require_latest_table,
    store_table,
)
from pricing.money import Money

PER_EUR = {"USD": Decimal("1.1563"), "JPY": Decimal("178.62"), "CNY": Decimal("8.2")}
TABLE = RateTable("test", date(2026, 11, 24), PER_EUR)


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


@pytest.fixture
def sessions(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    prepare_database(settings)  # loads the bundled snapshot
    return session_factory(settings.database_url)


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
