"""Refreshing rates: sources in order, the sanity check, and a record of every attempt."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from config import CONFIG_DIR
from core.db import session_factory
from core.settings import Settings
from operations.bootstrap import prepare_database
from pricing.exchange_rates.rate_table import RateTable, latest_table
from pricing.exchange_rates.refresh import NoRatesError, check_sane, recent_attempts, refresh_rates
from pricing.exchange_rates.sources import EcbSource, ForexPythonSource, SnapshotSource, SourceError
from tests.pricing.exchange_rates.conftest import Reply


@pytest.fixture
def sessions(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path / "home")})
    prepare_database(settings)  # stores the bundled snapshot (2026-11-20) as the last good
    return session_factory(settings.database_url)


def sources(internet, tmp_path, deadline=2.0):
    return [
        ForexPythonSource(internet.url("/api/"), deadline),
        EcbSource(tmp_path / "ecb", internet.url("/ecb.xml"), deadline),
        SnapshotSource(CONFIG_DIR / "fx-snapshot.yaml"),
    ]


def test_a_failing_source_falls_back_and_the_reason_is_kept(sessions, internet, ecb_xml, tmp_path):
    internet.replies["/api/latest"] = Reply(504, b"Gateway Timeout")
    internet.replies["/ecb.xml"] = Reply(body=ecb_xml)
    with sessions.begin() as session:
        outcome = refresh_rates(session, sources(internet, tmp_path))
    assert outcome.table.source == "ECB reference rates"
    with sessions() as session:
        assert latest_table(session).as_of == date(2026, 11, 24)
        attempts = recent_attempts(session)
    assert [(a.source, a.ok) for a in reversed(attempts)] == [
        ("forex-python", False),
        ("ecb", True),
    ]
    assert "Source Not Ready" in attempts[1].reason


def test_the_first_good_source_wins(sessions, internet, ratesapi_json, tmp_path):
    internet.replies["/api/latest"] = Reply(body=ratesapi_json)
    with sessions.begin() as session:
        outcome = refresh_rates(session, sources(internet, tmp_path))
    assert outcome.table.source.startswith("forex-python")
    assert [a.source for a in outcome.attempts] == ["forex-python"]
    assert "/ecb.xml" not in internet.requests


def test_implausible_rates_are_refused_and_the_next_source_used(
    sessions, internet, ecb_xml, tmp_path
):
    """theratesapi once returned USD→RUB jumps (#107): a rate 60% off the last good is refused."""
    bad = b'{"date": "2026-11-24", "rates": {"USD": 1.85, "GBP": 0.879}}'
    internet.replies["/api/latest"] = Reply(body=bad)
    internet.replies["/ecb.xml"] = Reply(body=ecb_xml)
    with sessions.begin() as session:
        outcome = refresh_rates(session, sources(internet, tmp_path))
    assert outcome.table.source == "ECB reference rates"
    assert (
        "USD 1.85 is more than 20% away from 1.1580 (bundled snapshot" in outcome.attempts[0].reason
    )


def test_offline_everything_falls_back_to_the_snapshot(sessions, closed_port_url, tmp_path):
    offline = [
        ForexPythonSource(closed_port_url, 2),
        EcbSource(tmp_path, closed_port_url, 2),
        SnapshotSource(CONFIG_DIR / "fx-snapshot.yaml"),
    ]
    with sessions.begin() as session:
        outcome = refresh_rates(session, offline)
    assert outcome.table.source == "bundled snapshot"
    assert [a.ok for a in outcome.attempts] == [False, False, True]
    assert "cannot connect" in outcome.attempts[0].reason


def test_when_every_source_fails_the_error_lists_the_reasons(sessions, closed_port_url, tmp_path):
    with sessions() as session, pytest.raises(NoRatesError, match="ecb: cannot connect"):
        refresh_rates(session, [EcbSource(tmp_path, closed_port_url, 2)])


@pytest.mark.parametrize(
    ("rates", "message"),
    [
        ({}, "no rates"),
        ({"USD": Decimal("-1.1")}, "implausible USD rate -1.1"),
        ({"USD": Decimal(0)}, "implausible USD rate 0"),
        ({"XYZ": Decimal(1)}, "implausible XYZ"),
        ({"USD": Decimal("1.3897")}, "more than 20% away"),  # +20.01%
    ],
)
def test_sanity_check(rates, message):
    last = RateTable("last", date(2026, 11, 20), {"USD": Decimal("1.1580")})
    with pytest.raises(SourceError, match=message):
        check_sane(RateTable("new", date(2026, 11, 21), rates), last)


def test_sanity_band_edge_is_inclusive():
    last = RateTable("last", date(2026, 11, 20), {"USD": Decimal("1.0")})
    check_sane(RateTable("new", date(2026, 11, 21), {"USD": Decimal("1.2")}), last)
    check_sane(RateTable("new", date(2026, 11, 21), {"NZD": Decimal("99")}), last)  # no history


def test_the_scheduled_job_refreshes_from_the_environment(
    tmp_path, monkeypatch, internet, ecb_xml, closed_port_url
):
    from pricing.exchange_rates.refresh import refresh_job

    home = tmp_path / "job-home"
    prepare_database(Settings.from_env({"HAITAO_HOME": str(home)}))
    internet.replies["/ecb.xml"] = Reply(body=ecb_xml)
    monkeypatch.setenv("HAITAO_HOME", str(home))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("HAITAO_RATESAPI_URL", closed_port_url)
    monkeypatch.setenv("HAITAO_ECB_URL", internet.url("/ecb.xml"))
    assert refresh_job() == "ECB reference rates, 2026-11-24"
