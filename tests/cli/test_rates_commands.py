"""`haitao rates`, run as the real command."""

from __future__ import annotations

import threading

import pytest

from tests.conftest import run_haitao
from tests.pricing.exchange_rates.conftest import SAMPLE_DATA, FakeInternet, Reply


@pytest.fixture
def ecb_only(env):
    """forex-python's backend down (504), the ECB feed up, both on loopback."""
    server = FakeInternet()
    server.replies["/api/latest"] = Reply(504, b"Gateway Timeout")
    server.replies["/ecb.xml"] = Reply(body=(SAMPLE_DATA / "eurofxref-daily.xml").read_bytes())
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    env.update(
        HAITAO_RATESAPI_URL=server.url("/api/"),
        HAITAO_ECB_URL=server.url("/ecb.xml"),
        HAITAO_FX_DEADLINE="5",
    )
    yield env
    server.shutdown()
    server.server_close()


def test_rates_refresh_falls_back_and_show_prints_source_and_date(ecb_only):
    assert run_haitao("db", "upgrade", env=ecb_only).returncode == 0
    refreshed = run_haitao("rates", "refresh", env=ecb_only)
    assert refreshed.returncode == 0, refreshed.stderr
    assert "rates: ECB reference rates, 2026-11-24 (29 rates)" in refreshed.stdout
    assert "Source Not Ready" in refreshed.stderr  # the operator sees why forex-python failed
    shown = run_haitao("rates", "show", env=ecb_only)
    assert shown.returncode == 0, shown.stderr
    assert "ECB reference rates" in shown.stdout
    assert "2026-11-24" in shown.stdout
    assert "failed" in shown.stdout


@pytest.mark.empty_database
def test_rates_before_db_upgrade_says_what_to_run(env):
    result = run_haitao("rates", "show", env=env)
    assert result.returncode == 1
    assert "run `haitao db upgrade`" in result.stderr
