"""The ECB's daily euro reference rates (eurofxref-daily.xml), parsed namespace-aware."""

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
    try:
        root = etree.fromstring(payload, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise EcbFormatError(f"not XML ({exc})") from None
    day = root.find(f"{{{ECB_NS}}}Cube/{{{ECB_NS}}}Cube[@time]")
    if day is None:
        raise EcbFormatError("no <Cube time=…> in the ECB namespace")
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
