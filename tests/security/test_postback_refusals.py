"""Item 6: postbacks that must be refused and change nothing: a known transaction reported
with another click id (409), a currency other than the program's, an amount with more
decimals than its currency has (422)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rebates.tables import Conversion
from tests.rebates.conftest import ledger_state, post_signed, postback_body, secret_of
from tests.security.conftest import click, click_id_of, make_link, program_id


@pytest.fixture
def second_click(affiliate, sessions, click_id) -> str:
    code = make_link(affiliate, program_id(sessions, "us-vitashop"), sub_id="other")
    return click_id_of(click(affiliate, code, ip="198.51.100.20"))


def test_a_known_transaction_with_another_click_id_is_a_409_and_changes_nothing(
    client, sessions, click_id, second_click
):
    secret = secret_of(sessions, "linkhub")
    assert post_signed(client, secret, postback_body(click_id, txn="T-9")).status_code == 200
    before = ledger_state(sessions)
    for status in ("pending", "approved", "reversed"):
        other = postback_body(second_click, txn="T-9", status=status, commission="99.00")
        response = post_signed(client, secret, other)
        assert response.status_code == 409
        assert "another click id" in response.get_json()["error"]["message"]
    with sessions() as session:
        conversion = session.scalar(select(Conversion))
        assert (conversion.click_id, conversion.status) == (click_id, "pending")
    assert ledger_state(sessions) == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"currency": "JPY", "order_amount": "12000", "commission": "960"}, "not the program's"),
     ({"currency": "EUR"}, "not the program's"),
     ({"commission": "9.605"}, "more decimals than USD allows"),
     ({"order_amount": "120.001"}, "more decimals than USD allows")],
)  # fmt: skip
def test_a_wrong_currency_or_too_many_decimals_is_a_422(
    client, sessions, click_id, fields, message
):
    before = ledger_state(sessions)
    body = postback_body(click_id, **fields)
    response = post_signed(client, secret_of(sessions, "linkhub"), body)
    assert response.status_code == 422
    assert message in response.get_json()["error"]["message"]
    assert ledger_state(sessions) == before


def test_yen_with_decimals_is_refused_not_rounded(affiliate, client, sessions):
    code = make_link(affiliate, program_id(sessions, "jp-rakuichi"))
    jp_click = click_id_of(click(affiliate, code))
    body = postback_body(jp_click, currency="JPY", order_amount="24010", commission="960.50")
    response = post_signed(client, secret_of(sessions, "asiaclick"), body, network="asiaclick")
    assert response.status_code == 422
    assert "960.50 has more decimals than JPY allows (0)" in response.get_json()["error"]["message"]
    body = postback_body(jp_click, currency="JPY", order_amount="24010", commission="960")
    ok = post_signed(client, secret_of(sessions, "asiaclick"), body, network="asiaclick")
    assert ok.status_code == 200
