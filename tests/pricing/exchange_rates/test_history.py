"""Rates by date: the snapshot's days, ECB history files, and conversion at a day's own rate."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from config import CONFIG_DIR
from core.db import session_factory
from core.errors import ConfigError
from core.iso_codes import is_currency
from core.settings import Settings
from operations.bootstrap import prepare_database
from pricing.exchange_rates.ecb import parse_ecb_days
from pricing.exchange_rates.history import RateHistory, load_history
from pricing.exchange_rates.rate_table import (
    RateTable,
    UnknownRate,
    latest_table,
    load_snapshot,
    load_snapshot_days,
)
from pricing.money import Money
from tests.conftest import haitao_env, run_haitao

SNAPSHOT = CONFIG_DIR / "fx-snapshot.yaml"
# What the ECB publishes (2026: the lev left with Bulgaria's euro, the rouble is suspended).
ECB_CURRENCIES = set(
    [
        "USD",
        "JPY",
        "CZK",
        "DKK",
        "GBP",
        "HUF",
        "PLN",
        "RON",
        "SEK",
        "CHF",
        "ISK",
        "NOK",
        "TRY",
        "AUD",
        "BRL",
        "CAD",
        "CNY",
        "HKD",
        "IDR",
        "ILS",
        "INR",
        "KRW",
        "MXN",
        "MYR",
        "NZD",
        "PHP",
        "SGD",
        "THB",
        "ZAR",
    ]
)


def test_the_snapshot_covers_90_days_of_every_ecb_currency():
    days = load_snapshot_days(SNAPSHOT)
    assert days[-1].as_of - days[0].as_of >= timedelta(days=90)
    assert all(set(day.per_pivot) >= ECB_CURRENCIES for day in days)
    assert all(day.as_of.weekday() < 5 for day in days)  # working days, as the ECB publishes
    assert load_snapshot(SNAPSHOT) == days[-1]
    assert [d.as_of for d in days] == sorted({d.as_of for d in days})


def test_db_upgrade_stores_every_day_of_the_snapshot(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    prepare_database(settings)
    with session_factory(settings.database_url)() as session:
        history = load_history(session)
        assert latest_table(session).as_of == date(2026, 11, 20)
    day = date(2026, 10, 7)
    assert history.rate_on("USD", day).day == day
    assert (
        history.rate_on("USD", day).rate
        == next(t for t in load_snapshot_days(SNAPSHOT) if t.as_of == day).per_pivot["USD"]
    )


def test_a_price_converts_at_its_own_days_rate():
    history = RateHistory.from_tables(
        [
            RateTable("ECB", date(2026, 10, 1), {"USD": Decimal("1.10"), "CNY": Decimal("8.00")}),
            RateTable("ECB", date(2026, 10, 2), {"USD": Decimal("1.20"), "CNY": Decimal("8.40")}),
        ]
    )
    ten_euros = Money(Decimal(10), "EUR")
    assert history.convert(ten_euros, "CNY", date(2026, 10, 1)).amount == Decimal("80.00")
    # A weekend or holiday takes the last publication before it.
    assert history.convert(ten_euros, "CNY", date(2026, 10, 4)).amount == Decimal("84.00")
    # Before the first day known, the first day is the best guess.
    assert history.convert(ten_euros, "CNY", date(2026, 1, 1)).amount == Decimal("80.00")
    assert history.rate("USD", "CNY", date(2026, 10, 2)) == Decimal(7)
    with pytest.raises(UnknownRate):
        history.convert(ten_euros, "JPY", date(2026, 10, 1))


def test_a_currency_missing_from_a_day_takes_the_nearest_day_that_has_it():
    history = RateHistory.from_tables(
        [
            RateTable("s", date(2026, 10, 1), {"USD": Decimal("1.1")}),
            RateTable("s", date(2026, 10, 2), {"USD": Decimal("1.2"), "TWD": Decimal(36)}),
        ]
    )
    table = history.table_on(date(2026, 10, 1))
    assert table.per_pivot == {"USD": Decimal("1.1"), "TWD": Decimal(36)}


@given(
    rates=st.lists(
        st.decimals(min_value="0.5", max_value="2000", places=4), min_size=1, max_size=20
    ),
    offset=st.integers(min_value=-5, max_value=40),
    cents=st.integers(min_value=1, max_value=10**9),
)
def test_conversion_uses_the_last_rate_on_or_before_the_day(rates, offset, cents):
    start = date(2026, 9, 1)
    tables = [
        RateTable("s", start + timedelta(days=2 * n), {"JPY": rate}) for n, rate in enumerate(rates)
    ]
    day = start + timedelta(days=offset)
    expected = [t for t in tables if t.as_of <= day] or tables[:1]
    price = Money(Decimal(cents).scaleb(-2), "EUR")
    converted = RateHistory.from_tables(tables).convert(price, "JPY", day)
    assert converted.amount == price.amount * expected[-1].per_pivot["JPY"]


def test_an_ecb_90_day_file_gives_every_day_oldest_first():
    payload = _ecb_file({"2026-11-24": {"USD": "1.1600"}, "2026-11-21": {"USD": "1.1550"}})
    tables = parse_ecb_days(payload)
    assert [t.as_of for t in tables] == [date(2026, 11, 21), date(2026, 11, 24)]
    assert tables[0].per_pivot == {"USD": Decimal("1.1550")}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("base: USD\nsource: x\nas_of: 2026-11-20\nrates: {GBP: '1'}\n", "base must be EUR"),
        ("base: EUR\nsource: x\nas_of: 2026-11-20\nrates: {GBP: 0.87}\n", "not floats"),
        ("base: EUR\nsource: x\nas_of: 2026-11-20\nrates: {XXY: '1'}\n", "ISO 4217"),
        (
            "base: EUR\nsource: x\nas_of: 2026-11-20\nrates: {GBP: '1'}\nhistory: {soon: {}}\n",
            "ISO date",
        ),
        ("base: EUR\nsource: x\nrates: {GBP: '1'}\n", "not a valid FX snapshot"),
    ],
)
def test_a_broken_snapshot_names_the_file_and_the_mistake(tmp_path, text, message):
    path = tmp_path / "fx.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as raised:
        load_snapshot_days(path)
    assert str(path) in str(raised.value)


def test_rates_import_stores_an_ecb_history_file(tmp_path):
    home = tmp_path / "home"
    env = haitao_env(home)
    assert run_haitao("db", "upgrade", env=env).returncode == 0
    file = tmp_path / "eurofxref-hist-90d.xml"
    file.write_bytes(_ecb_file({"2026-12-01": {"USD": "1.1700"}, "2026-11-30": {"USD": "1.1650"}}))
    done = run_haitao("rates", "import", str(file), env=env)
    assert done.returncode == 0, done.stderr
    assert "2 days of ECB reference rates, 2026-11-30 to 2026-12-01" in done.stdout
    settings = Settings.from_env({"HAITAO_HOME": str(home)})
    with session_factory(settings.database_url)() as session:
        assert load_history(session).rate_on("USD", date(2026, 11, 30)).rate == Decimal("1.1650")
    (tmp_path / "bad.xml").write_text("<nope/>")
    bad = run_haitao("rates", "import", str(tmp_path / "bad.xml"), env=env)
    assert bad.returncode == 1 and "not an ECB rates file" in bad.stderr


def _ecb_file(days: dict[str, dict[str, str]]) -> bytes:
    cubes = "".join(
        f'<Cube time="{day}">'
        + "".join(f'<Cube currency="{c}" rate="{r}"/>' for c, r in rates.items())
        + "</Cube>"
        for day, rates in days.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><gesmes:Envelope '
        'xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" '
        'xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">'
        f"<Cube>{cubes}</Cube></gesmes:Envelope>"
    ).encode()


def test_every_snapshot_code_is_iso():
    assert all(is_currency(code) for day in load_snapshot_days(SNAPSHOT) for code in day.per_pivot)
