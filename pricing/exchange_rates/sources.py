"""Rate sources behind one interface: `fetch()` returns a dated RateTable or raises SourceError.

Every source runs under a deadline and turns every failure (network, HTTP status, garbage) into
one SourceError whose message says what went wrong, for the operator's view.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

import requests

from core.errors import HaitaoError
from core.settings import Settings
from pricing.exchange_rates.ecb import ECB_DAILY_URL, EcbFormatError, parse_ecb_daily
from pricing.exchange_rates.rate_table import PIVOT, RateTable, load_snapshot

DEFAULT_DEADLINE = 10.0  # seconds per source
RATESAPI_URL = "https://theratesapi.com/api/"
T = TypeVar("T")


class SourceError(HaitaoError):
    """A source that gave no usable rates, and why."""


class RateSource(Protocol):
    name: str

    def fetch(self) -> RateTable: ...


def with_deadline(seconds: float, call: Callable[[], T], what: str) -> T:
    """`call()` in a daemon thread; SourceError if it has not returned within `seconds`.

    forex-python sets no HTTP timeout, so a hung backend would otherwise hang the refresh; the
    abandoned thread ends with the request or the process.
    """
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run, name=f"rates:{what}", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise SourceError(f"{what}: no answer within {seconds:g} s")
    if "error" in outcome:
        raise SourceError(f"{what}: {describe(outcome['error'])}")
    return outcome["value"]  # type: ignore[return-value]


def describe(exc: BaseException) -> str:
    """One line for an operator: the kind of failure and its gist."""
    if isinstance(exc, requests.ConnectionError):
        return f"cannot connect ({type(exc).__name__})"
    if isinstance(exc, requests.Timeout):
        return "timed out"
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {first}"[:300]


class ForexPythonSource:
    """forex-python's CurrencyRates (theratesapi.com, republished ECB data), EUR-based."""

    name = "forex-python"

    def __init__(self, base_url: str = RATESAPI_URL, deadline: float = DEFAULT_DEADLINE) -> None:
        self.base_url, self.deadline = base_url, deadline

    def fetch(self) -> RateTable:
        converter = _dated_converter(self.base_url)
        raw = with_deadline(self.deadline, lambda: converter.get_rates(PIVOT), self.name)
        if not isinstance(raw, dict) or not raw:
            raise SourceError(f"{self.name}: no rates in the answer")
        as_of = converter.published or date.today()
        source = f"{self.name} ({urlsplit(self.base_url).netloc})"
        return RateTable(source, as_of, _decimals(raw, self.name))


def _dated_converter(base_url: str):
    """A forex-python converter that keeps the answer's date (forex-python drops it)."""
    import simplejson
    from forex_python.converter import CurrencyRates

    class DatedRates(CurrencyRates):
        published: date | None = None

        def _source_url(self) -> str:
            return base_url

        def _decode_rates(self, response, use_decimal=False, date_str=None):
            data = simplejson.loads(response.text, use_decimal=True)
            if not isinstance(data, dict):
                raise ValueError("the answer is not a JSON object")
            self.published = date.fromisoformat(str(data.get("date")))
            return data.get("rates", {})

    return DatedRates(force_decimal=True)


def _decimals(raw: Mapping[object, object], name: str) -> dict[str, Decimal]:
    try:
        rates = {str(code): Decimal(str(rate)) for code, rate in raw.items()}
    except InvalidOperation:
        raise SourceError(f"{name}: a rate is not a number") from None
    rates.pop(PIVOT, None)
    return rates


class EcbSource:
    """The ECB daily XML, fetched with a timeout and archived one file per publication date."""

    name = "ecb"

    def __init__(
        self, cache_dir: Path, url: str = ECB_DAILY_URL, deadline: float = DEFAULT_DEADLINE
    ) -> None:
        self.cache_dir, self.url, self.deadline = cache_dir, url, deadline

    def fetch(self) -> RateTable:
        try:
            response = requests.get(self.url, timeout=self.deadline)
        except requests.RequestException as exc:
            raise SourceError(f"{self.name}: {describe(exc)}") from None
        if response.status_code != 200:
            raise SourceError(f"{self.name}: HTTP {response.status_code} from {self.url}")
        try:
            table = parse_ecb_daily(response.content)
        except EcbFormatError as exc:
            raise SourceError(f"{self.name}: not an ECB rates file ({exc})") from None
        self._archive(table.as_of, response.content)
        return table

    def cached(self, day: date) -> Path:
        return self.cache_dir / f"eurofxref-{day.isoformat()}.xml"

    def _archive(self, day: date, payload: bytes) -> None:
        path = self.cached(day)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(payload)


class SnapshotSource:
    """The dated snapshot bundled in config/: works on a machine with no network."""

    name = "snapshot"

    def __init__(self, path: Path) -> None:
        self.path = path

    def fetch(self) -> RateTable:
        try:
            return load_snapshot(self.path)
        except HaitaoError as exc:
            raise SourceError(f"{self.name}: {exc}") from None


def default_sources(
    settings: Settings, environ: Mapping[str, str] | None = None
) -> list[RateSource]:
    """forex-python, then the ECB, then the snapshot. `HAITAO_RATESAPI_URL`, `HAITAO_ECB_URL`
    and `HAITAO_FX_DEADLINE` (seconds) override the defaults."""
    env = os.environ if environ is None else environ
    deadline = float(env.get("HAITAO_FX_DEADLINE") or DEFAULT_DEADLINE)
    return [
        ForexPythonSource(env.get("HAITAO_RATESAPI_URL") or RATESAPI_URL, deadline),
        EcbSource(
            settings.home / "rates" / "ecb", env.get("HAITAO_ECB_URL") or ECB_DAILY_URL, deadline
        ),
        SnapshotSource(settings.fx_snapshot_file),
    ]
