"""Every rate source against payloads in its real format, and against every way it can fail."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from config import CONFIG_DIR
from pricing.exchange_rates.sources import EcbSource, ForexPythonSource, SnapshotSource, SourceError
from tests.pricing.exchange_rates.conftest import Reply


def test_ecb_source_fetches_and_archives_one_file_per_date(internet, ecb_xml, tmp_path):
    internet.replies["/eurofxref-daily.xml"] = Reply(body=ecb_xml, content_type="text/xml")
    source = EcbSource(tmp_path / "ecb", internet.url("/eurofxref-daily.xml"), deadline=5)
    table = source.fetch()
    assert table.as_of == date(2026, 11, 24)
    assert (tmp_path / "ecb" / "eurofxref-2026-11-24.xml").read_bytes() == ecb_xml


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(503, b"busy"), "ecb: HTTP 503 from"),
        (Reply(200, b"<html>maintenance</html>"), "ecb: not an ECB rates file"),
        (Reply(200, b"", delay=2.0), "ecb: timed out"),
    ],
)
def test_ecb_source_failures_are_one_reason(internet, tmp_path, reply, message):
    internet.replies["/x.xml"] = reply
    with pytest.raises(SourceError, match=message):
        EcbSource(tmp_path, internet.url("/x.xml"), deadline=0.5).fetch()


def test_ecb_source_offline(closed_port_url, tmp_path):
    with pytest.raises(SourceError, match="ecb: cannot connect"):
        EcbSource(tmp_path, closed_port_url, deadline=2).fetch()


def test_forex_python_gets_decimals_and_the_publication_date(internet, ratesapi_json):
    internet.replies["/api/latest"] = Reply(body=ratesapi_json, content_type="application/json")
    table = ForexPythonSource(internet.url("/api/"), deadline=5).fetch()
    assert table.as_of == date(2026, 11, 24)
    assert table.per_pivot["USD"] == Decimal("1.1563")  # never a float
    assert internet.requests == ["/api/latest?base=EUR&rtype=fpy"]


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(504, b"Gateway Timeout"), "RatesNotAvailableError: Currency Rates Source Not Ready"),
        (Reply(200, b"<html>oops</html>"), "forex-python: JSONDecodeError"),
        (Reply(200, b'{"date": "2026-11-24", "rates": {}}'), "no rates in the answer"),
        (Reply(200, b'{"date": "2026-11-24", "rates": {"USD": "lots"}}'), "is not a number"),
        (Reply(200, b"[1, 2]"), "not a JSON object"),
        (Reply(200, b"{}", delay=2.0), "forex-python: no answer within 0.5 s"),
    ],
)
def test_forex_python_failures_are_one_reason(internet, reply, message):
    internet.replies["/api/latest"] = reply
    with pytest.raises(SourceError, match=message):
        ForexPythonSource(internet.url("/api/"), deadline=0.5).fetch()


def test_forex_python_offline_is_a_connection_error_not_a_crash(closed_port_url):
    with pytest.raises(SourceError, match="forex-python: cannot connect"):
        ForexPythonSource(closed_port_url, deadline=5).fetch()


def test_the_snapshot_always_works():
    table = SnapshotSource(CONFIG_DIR / "fx-snapshot.yaml").fetch()
    assert table.source == "bundled snapshot"


def test_a_broken_snapshot_is_a_source_error(tmp_path):
    broken = tmp_path / "fx.yaml"
    broken.write_text("rates: [1, 2", encoding="utf-8")
    with pytest.raises(SourceError, match=r"snapshot: .*not a valid FX snapshot"):
        SnapshotSource(broken).fetch()
