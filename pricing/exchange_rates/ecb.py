"""The ECB's euro reference rates, parsed namespace-aware: the daily file (eurofxref-daily.xml)
and the history files (eurofxref-hist-90d.xml, eurofxref-hist.xml), which list many days."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from core.iso_codes import is_currency
from pricing.exchange_rates.rate_table import RateTable

ECB_DAILY_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
ECB_NS = "http://www.ecb.int/vocabulary/2002-08-01/eurofxref"
SOURCE = "ECB reference rates"

# No DTDs, no entities, no network: the payload comes from outside.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class EcbFormatError(ValueError):
    """A payload that is not an ECB reference-rates file."""


def parse_ecb_daily(payload: bytes) -> RateTable:
    """The rates of the (first) day in an ECB reference-rates XML file."""
    return _days(payload, first_only=True)[0]


def parse_ecb_days(payload: bytes) -> list[RateTable]:
    """Every day of an ECB file, oldest first: the daily file has one, the 90-day history
    (eurofxref-hist-90d.xml) about 64, the full history (eurofxref-hist.xml) every day since
    1999."""
    return sorted(_days(payload), key=lambda table: table.as_of)


def _days(payload: bytes, first_only: bool = False) -> list[RateTable]:
    try:
        root = etree.fromstring(payload, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise EcbFormatError(f"not XML ({exc})") from None
    days = root.iterfind(f"{{{ECB_NS}}}Cube/{{{ECB_NS}}}Cube[@time]")
    tables = []
    for day in days:
        tables.append(_day(day))
        if first_only:
            break
    if not tables:
        raise EcbFormatError("no <Cube time=…> in the ECB namespace")
    return tables


def _day(day: etree._Element) -> RateTable:
    try:
        as_of = date.fromisoformat(day.get("time", ""))
    except ValueError:
        raise EcbFormatError(f"bad date {day.get('time')!r}") from None
    rates = dict(_rate(cube) for cube in day.iterfind(f"{{{ECB_NS}}}Cube"))
    if not rates:
        raise EcbFormatError(f"no rates for {as_of}")
    return RateTable(source=SOURCE, as_of=as_of, per_pivot=rates)


def _rate(cube: etree._Element) -> tuple[str, Decimal]:
    currency, text = cube.get("currency", ""), cube.get("rate", "")
    if not is_currency(currency):
        raise EcbFormatError(f"unknown currency {currency!r}")
    try:
        return currency, Decimal(text)
    except InvalidOperation:
        raise EcbFormatError(f"{currency}: rate {text!r} is not a number") from None
