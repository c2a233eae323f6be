"""Networks' own postback formats: a GET (or form POST) whose parameters the network fills
from its macros (`{order_id}`, `{sale_amount}`, …), described per network in
`config/rebates.yaml` under `postback:`.

Authentication is one or more of, all of which must pass:
- `hmac`: `X-Haitao-Signature` over the raw query string (GET) or body (POST), as for JSON;
- `token`: a secret parameter in the URL, compared in constant time (`url_token`);
- `allow_list`: the request comes from one of the network's published address ranges.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from rebates.conversions import ConversionError, ConversionReport
from rebates.postback import SignatureError, verify
from rebates.postback_config import PostbackFormat

STATUSES = ("pending", "approved", "reversed")
AMOUNT = re.compile(r"[0-9]{1,12}(\.[0-9]{1,6})?")
CURRENCY = re.compile(r"[A-Za-z]{3}")
TEXT_LIMITS = {"transaction_id": 128, "click_id": 64}


def url_token(secret: str) -> str:
    """The token a network puts in the postback URL; derived from the network's secret, so
    `haitao rebates secret --rotate` replaces both, and the HMAC secret itself never appears
    in a URL (where logs and consoles keep it)."""
    return hmac.new(secret.encode(), b"haitao postback url token", hashlib.sha256).hexdigest()[:40]


def authenticate(
    fmt: PostbackFormat,
    secret: str,
    *,
    raw: bytes,
    params: Mapping[str, str],
    address: str,
    signature: str | None,
) -> None:
    """Raise SignatureError (for a 401) or PermissionError (for a 403) unless every listed
    check passes."""
    if "allow_list" in fmt.auth and not _allowed(address, fmt):
        raise PermissionError(f"{address or 'the client'} is not on the network's allow-list")
    if "token" in fmt.auth:
        given = params.get(fmt.token_param, "")
        if not hmac.compare_digest(given.encode(), url_token(secret).encode()):
            raise SignatureError(f"missing or wrong {fmt.token_param!r} parameter")
    if "hmac" in fmt.auth:
        verify(secret, signature, raw)


def _allowed(address: str, fmt: PostbackFormat) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in fmt.allow_from)


def report_from_params(
    network: str, fmt: PostbackFormat, params: Mapping[str, str], statuses: Mapping[str, str]
) -> ConversionReport:
    """The report the parameters describe; ConversionError lists every problem at once."""
    values: dict[str, str] = {}
    problems = []
    for field, name in fmt.params.items():
        value = (params.get(name) or "").strip()
        problem = _problem(field, name, value)
        if problem:
            problems.append(problem)
        values[field] = value
    status = _status(values.get("status", ""), {**statuses, **fmt.statuses})
    if status is None:
        problems.append(f"{fmt.params['status']}: unknown status {values['status']!r}")
    occurred = _occurred_at(values.get("occurred_at", ""), problems, fmt)
    if problems:
        raise ConversionError("; ".join(problems))
    return ConversionReport(
        network=network,
        transaction_id=values["transaction_id"],
        click_id=values["click_id"],
        order_amount=Decimal(values["order_amount"]),
        commission=Decimal(values["commission"]),
        currency=values["currency"].upper(),
        status=status,
        occurred_at=occurred,
    )


def _problem(field: str, name: str, value: str) -> str | None:
    if not value:
        return None if field in ("status", "occurred_at") else f"{name}: missing"
    refusals = {
        "order_amount": not AMOUNT.fullmatch(value),
        "commission": not AMOUNT.fullmatch(value),
        "currency": not CURRENCY.fullmatch(value),
    }
    if refusals.get(field):
        return f"{name}: {value[:40]!r} is not a valid {field.replace('_', ' ')}"
    if len(value) > TEXT_LIMITS.get(field, 64) or "{" in value or "#" in value:
        return f"{name}: {value[:40]!r} is too long or an unfilled macro"
    return None


def _status(raw: str, words: Mapping[str, str]) -> str | None:
    if not raw:
        return "pending"
    folded = {word.casefold(): status for word, status in words.items()}
    status = folded.get(raw.casefold(), raw.casefold())
    return status if status in STATUSES else None


def _occurred_at(raw: str, problems: list[str], fmt: PostbackFormat) -> datetime | None:
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.replace(" ", "T"))
    except ValueError:
        problems.append(f"{fmt.params['occurred_at']}: {raw[:40]!r} is not an ISO 8601 time")
        return None
