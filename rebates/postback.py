"""Server-to-server postbacks: the signature contract and the body a network sends.

A network signs `"{timestamp}.{raw body}"` with HMAC-SHA256 under its secret and sends
`X-Haitao-Signature: t=<unix seconds>,v1=<hex digest>`. A timestamp more than five minutes
away from our clock is refused, so a captured request cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from core.errors import HaitaoError
from rebates.conversions import ConversionReport

TOLERANCE_SECONDS = 300
# ASCII only: str.isdigit() also accepts "²" and "٣", which int() then refuses or misreads.
DIGITS = re.compile(r"[0-9]{1,12}")
HEX_DIGEST = re.compile(r"[0-9a-f]{64}")


class SignatureError(HaitaoError):
    """A missing, malformed, stale or wrong signature."""


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The header value a network sends (used by tests and by the README's example)."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={_digest(secret, timestamp, body)}"


def verify(secret: str, header: str | None, body: bytes, now: float | None = None) -> None:
    """Raise SignatureError unless `header` signs `body` under `secret` within the tolerance."""
    timestamp, signatures = _parse_header(header)
    now = time.time() if now is None else now
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        raise SignatureError("timestamp outside the five-minute tolerance")
    expected = _digest(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, given) for given in signatures):
        raise SignatureError("signature does not match")


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _parse_header(header: str | None) -> tuple[int, list[str]]:
    if not header:
        raise SignatureError("missing X-Haitao-Signature header")
    parts = [part.strip().partition("=") for part in header.split(",")]
    timestamps = [value for key, _, value in parts if key == "t"]
    signatures = [value for key, _, value in parts if key == "v1"]
    if len(timestamps) != 1 or not DIGITS.fullmatch(timestamps[0]) or not signatures:
        raise SignatureError("malformed X-Haitao-Signature header")
    if not all(HEX_DIGEST.fullmatch(value) for value in signatures):
        raise SignatureError("malformed X-Haitao-Signature header")
    return int(timestamps[0]), signatures


class PostbackBody(BaseModel):
    """The JSON body: amounts are decimal strings, never floats."""

    model_config = ConfigDict(extra="ignore", strict=True)
    transaction_id: str = Field(min_length=1, max_length=128)
    click_id: str = Field(min_length=1, max_length=64)
    order_amount: str = Field(pattern=r"^\d{1,12}(\.\d{1,6})?$")
    commission: str = Field(pattern=r"^\d{1,12}(\.\d{1,6})?$")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    status: Literal["pending", "approved", "reversed"] = "pending"
    occurred_at: datetime | None = None

    def report(self, network: str) -> ConversionReport:
        return ConversionReport(
            network=network,
            transaction_id=self.transaction_id,
            click_id=self.click_id,
            order_amount=Decimal(self.order_amount),
            commission=Decimal(self.commission),
            currency=self.currency,
            status=self.status,
            occurred_at=self.occurred_at,
        )
