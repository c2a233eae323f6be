"""The ECB's daily reference-rates XML: parsed namespace-aware, anything else refused."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from pricing.exchange_rates.ecb import EcbFormatError, parse_ecb_daily


def test_ecb_xml_is_parsed_namespace_aware(ecb_xml):
    table = parse_ecb_daily(ecb_xml)
    assert (table.source, table.as_of) == ("ECB reference rates", date(2026, 11, 24))
    assert table.per_pivot["USD"] == Decimal("1.1563")
    assert table.per_pivot["JPY"] == Decimal("178.62")
    assert len(table.per_pivot) == 29


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"<html><body>Service Unavailable</body></html>", "no <Cube time"),
        (b"<Envelope><Cube><Cube time='2026-11-24'/></Cube></Envelope>", "no <Cube time"),
        (b"\x00\x01 garbage", "not XML"),
        (b"", "not XML"),
    ],
)
def test_ecb_garbage_is_refused(payload, message):
    with pytest.raises(EcbFormatError, match=message):
        parse_ecb_daily(payload)


def test_ecb_bad_rate_is_refused(ecb_xml):
    with pytest.raises(EcbFormatError, match="USD: rate 'n/a' is not a number"):
        parse_ecb_daily(ecb_xml.replace(b"rate='1.1563'", b"rate='n/a'"))


def test_ecb_entities_are_not_expanded(ecb_xml):
    evil = ecb_xml.replace(
        b"<gesmes:Envelope",
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<gesmes:Envelope',
    ).replace(b"<gesmes:subject>Reference rates", b"<gesmes:subject>&e;")
    assert parse_ecb_daily(evil).per_pivot["USD"] == Decimal("1.1563")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ((b"currency='USD'", b"currency='XYZ'"), "unknown currency 'XYZ'"),
        ((b"time='2026-11-24'", b"time='24.11.2026'"), "bad date '24.11.2026'"),
    ],
)
def test_an_unknown_currency_or_a_bad_date_is_refused(ecb_xml, change, message):
    with pytest.raises(EcbFormatError, match=message):
        parse_ecb_daily(ecb_xml.replace(*change))


def test_a_day_without_rates_is_refused(ecb_xml):
    empty = re.sub(rb"<Cube currency=[^>]*/>", b"", ecb_xml)
    with pytest.raises(EcbFormatError, match="no rates for 2026-11-24"):
        parse_ecb_daily(empty)
