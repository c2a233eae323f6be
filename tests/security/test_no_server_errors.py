"""A sweep of hostile values over every parameter of the pages and APIs a client can reach:
none of them may cause a server error (each answer is a page or a 4xx with the reason)."""

from __future__ import annotations

import json

import pytest

HOSTILE = ["Infinity", "NaN", "1e400", "-1", "9" * 40, "\r\n", "\x00", "²", "0001-01-01",
           "9999-12-31", "", "x" * 5000, "<script>", "' OR 1=1 --"]  # fmt: skip
GETS = {
    "/": ["q", "currency", "dest", "sort", "store", "brand", "category", "country", "min_cost",
          "max_cost", "page", "in_stock"],
    "/api/v1/search": ["q", "currency", "dest", "sort", "page", "min_cost", "country"],
    "/affiliate/": ["start", "end"],
    "/affiliate/conversions.csv": ["start", "end"],
    "/ops/runs": ["store", "state"],
}  # fmt: skip
LANDED = [{"to": "CN", "price": "Infinity USD"}, {"to": "CN", "price": "1e400 USD"},
          {"to": "CN", "price": {"amount": "NaN", "currency": "USD"}},
          {"to": "CN", "price": "59 USD", "weight_kg": "1e400"},
          {"to": "CN", "price": "59 USD", "shipping": "1e400 USD"},
          {"to": "\r\n", "price": "59 USD"}, {"to": "CN", "price": "-5 USD"}, [], "x",
          {"to": "CN", "price": "59 USD", "offer": "a:b:c"},
          {"to": "CN", "price": "59 USD", "currency": "ZZZ"}]  # fmt: skip


@pytest.mark.parametrize("path", list(GETS))
def test_no_query_value_causes_a_server_error(affiliate, operator, path):
    client = operator if path.startswith("/ops") else affiliate
    failures = [
        (name, value, response.status_code)
        for name in GETS[path]
        for value in HOSTILE
        if (response := client.get(path, query_string={name: value})).status_code >= 500
    ]
    assert failures == []


def test_no_landed_cost_body_causes_a_server_error(client):
    answers = [
        client.post(
            "/api/v1/landed-cost",
            data=json.dumps(body),
            headers={"Content-Type": "application/json"},
        ).status_code
        for body in LANDED
    ]
    assert all(status < 500 for status in answers), answers
