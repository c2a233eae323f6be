"""The postback contract: HMAC signatures with a timestamp, and the body a network sends.

The endpoint itself (idempotent, 4xx without moving money) is tested in
tests/web/go/test_postback_endpoint.py."""

from __future__ import annotations

import json
import time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from rebates.postback import TOLERANCE_SECONDS, PostbackBody, SignatureError, sign, verify


def test_verify_accepts_a_rotated_second_signature():
    body, now = b"{}", int(time.time())
    header = sign("new", body, now) + ",v1=" + "0" * 64
    verify("new", header, body, now)
    with pytest.raises(SignatureError):
        verify("old", header, body, now)


@given(secret=st.text(min_size=1, max_size=20), body=st.binary(max_size=200),
       at=st.integers(min_value=0, max_value=10**12 - 1 - TOLERANCE_SECONDS))  # fmt: skip
def test_a_signed_body_verifies_and_any_change_to_it_does_not(secret, body, at):
    header = sign(secret, body, at)
    verify(secret, header, body, at + TOLERANCE_SECONDS)
    with pytest.raises(SignatureError, match="does not match"):
        verify(secret, header, body + b" ", at)
    with pytest.raises(SignatureError, match="does not match"):
        verify(secret + "x", header, body, at)


@pytest.mark.parametrize("skew", [-TOLERANCE_SECONDS - 1, TOLERANCE_SECONDS + 1])
def test_a_timestamp_outside_five_minutes_is_refused(skew):
    header = sign("s", b"{}", 1_000_000)
    with pytest.raises(SignatureError, match="tolerance"):
        verify("s", header, b"{}", 1_000_000 + skew)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "missing"),
        ("", "missing"),
        ("v1=abc", "malformed"),
        ("t=12,t=13,v1=abc", "malformed"),
        ("t=-5,v1=abc", "malformed"),
        ("t=12", "malformed"),
        ("garbage", "malformed"),
    ],
)
def test_a_missing_or_malformed_header_says_which(header, message):
    with pytest.raises(SignatureError, match=message):
        verify("s", header, b"{}", 12)


BODY = {"transaction_id": "T-1", "click_id": "c1", "order_amount": "120.00",
        "commission": "9.60", "currency": "USD"}  # fmt: skip


def test_a_body_becomes_a_report_with_exact_decimals_and_pending_by_default():
    report = PostbackBody.model_validate_json(json.dumps(BODY)).report("linkhub")
    assert (report.network, report.transaction_id, report.click_id) == ("linkhub", "T-1", "c1")
    assert (report.order_amount, report.commission) == (Decimal("120.00"), Decimal("9.60"))
    assert report.status == "pending"


@pytest.mark.parametrize(
    "change",
    [
        {"order_amount": 120.0},
        {"commission": "9.6.0"},
        {"currency": "usd"},
        {"status": "paid"},
        {"transaction_id": ""},
        {"order_amount": "1e3"},
    ],
)
def test_floats_and_bad_values_are_refused(change):
    with pytest.raises(ValidationError):
        PostbackBody.model_validate_json(json.dumps({**BODY, **change}))
