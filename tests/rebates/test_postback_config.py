"""The `postback:` section of a network: required parameters, safe names, allow-list ranges."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from rebates.postback_config import REQUIRED, PostbackFormat

PARAMS = {field: field[:3] for field in REQUIRED}


def test_a_minimal_format_defaults_to_get_and_pending_words_of_its_own():
    fmt = PostbackFormat(auth=["token"], params=PARAMS)
    assert (fmt.method, fmt.token_param, fmt.statuses, fmt.allow_from) == ("GET", "token", {}, [])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"params": {"transaction_id": "t"}}, "click_id, order_amount, commission, currency"),
        ({"params": {**PARAMS, "currency": "ccy\r\nX-Evil: 1"}}, "control characters"),
        ({"auth": []}, "at least 1 item"),
        ({"auth": ["allow_list"]}, "auth 'allow_list' needs 'allow_from' address ranges"),
        ({"auth": ["password"]}, "auth.0"),
        ({"method": "PUT"}, "method"),
        ({"allow_from": ["not a range"]}, "allow_from.0"),
        ({"statuses": {"ok": "paid"}}, "statuses.ok"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_sections_are_refused_saying_why(change, message):
    with pytest.raises(ValidationError, match=message):
        PostbackFormat(**{"auth": ["token"], "params": PARAMS, **change})


def test_an_allow_list_with_ranges_is_accepted():
    fmt = PostbackFormat(auth=["allow_list"], params=PARAMS, allow_from=["203.0.113.0/24"])
    assert str(fmt.allow_from[0]) == "203.0.113.0/24"
