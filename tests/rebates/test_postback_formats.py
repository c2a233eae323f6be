"""Networks' own postback formats: each authentication check, and parameters into a report
that lists every problem at once. (tests/security/test_network_postbacks.py sends them to
the running endpoint.)"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from rebates.conversions import ConversionError
from rebates.postback import SignatureError, sign
from rebates.postback_config import PostbackFormat
from rebates.postback_formats import authenticate, report_from_params, url_token

PARAMS = {"transaction_id": "order_id", "click_id": "sub", "order_amount": "sale",
          "commission": "commission", "currency": "currency", "status": "status",
          "occurred_at": "time"}  # fmt: skip
GOOD = {"order_id": "A-1", "sub": "c" * 32, "sale": "59.90", "commission": "4.79",
        "currency": "usd", "status": "Declined", "time": "2026-11-20 08:15:00"}  # fmt: skip
TOKEN = PostbackFormat(auth=["token"], params=PARAMS, statuses={"declined": "reversed"})


def check(fmt: PostbackFormat, **request) -> None:
    defaults = {"raw": b"", "params": {}, "address": "198.51.100.1", "signature": None}
    authenticate(fmt, "network secret", **{**defaults, **request})


def test_the_url_token_is_derived_from_the_secret_and_is_not_the_secret():
    token = url_token("network secret")
    assert len(token) == 40 and "network secret" not in token
    assert token == url_token("network secret") != url_token("rotated secret")


def test_a_token_check_passes_only_with_the_right_token():
    check(TOKEN, params={"token": url_token("network secret")})
    for params in ({}, {"token": url_token("old secret")}):
        with pytest.raises(SignatureError, match="missing or wrong 'token' parameter"):
            check(TOKEN, params=params)


def test_an_allow_list_check_goes_by_the_address():
    fmt = PostbackFormat(auth=["allow_list"], params=PARAMS, allow_from=["203.0.113.0/24"])
    check(fmt, address="203.0.113.9")
    for address in ("198.51.100.1", "", "not-an-ip"):
        with pytest.raises(PermissionError, match="allow-list"):
            check(fmt, address=address)


def test_every_listed_check_must_pass():
    fmt = PostbackFormat(auth=["hmac", "token"], params=PARAMS)
    raw = b"order_id=A-1&token=" + url_token("network secret").encode()
    params = {"token": url_token("network secret")}
    check(fmt, raw=raw, params=params, signature=sign("network secret", raw))
    with pytest.raises(SignatureError):
        check(fmt, raw=raw, params=params, signature=None)
    with pytest.raises(SignatureError):
        check(fmt, raw=raw, params={}, signature=sign("network secret", raw))


def test_parameters_become_a_report_with_the_networks_status_words():
    report = report_from_params("linkhub", TOKEN, GOOD, {"pending": "pending"})
    assert (report.transaction_id, report.click_id) == ("A-1", "c" * 32)
    assert (report.order_amount, report.commission) == (Decimal("59.90"), Decimal("4.79"))
    assert (report.currency, report.status) == ("USD", "reversed")
    assert report.occurred_at == datetime(2026, 11, 20, 8, 15)


def test_status_and_time_are_optional():
    report = report_from_params("linkhub", TOKEN, {**GOOD, "status": "", "time": ""}, {})
    assert (report.status, report.occurred_at) == ("pending", None)


def test_every_problem_is_listed_at_once():
    bad = {**GOOD, "order_id": "", "sale": "1e3", "currency": "US", "sub": "{click_id}",
           "status": "lost", "time": "yesterday"}  # fmt: skip
    with pytest.raises(ConversionError) as error:
        report_from_params("linkhub", TOKEN, bad, {})
    assert str(error.value).split("; ") == [
        "order_id: missing",
        "sub: '{click_id}' is too long or an unfilled macro",
        "sale: '1e3' is not a valid order amount",
        "currency: 'US' is not a valid currency",
        "status: unknown status 'lost'",
        "time: 'yesterday' is not an ISO 8601 time",
    ]
