"""The minimal operator pages: role-gated, CSRF-protected claim decisions and payouts."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from rebates.accounts import create_user
from rebates.tables import Claim, Payout
from tests.rebates import conftest as rebates_fixtures
from tests.rebates.conftest import (
    click,
    click_id_of,
    csrf_token,
    make_link,
    post_signed,
    postback_body,
    program_id,
    secret_of,
    signup,
)
from tests.rebates.test_claims import claim

# The rebates tests' data directory and site (tests/rebates/conftest.py) for this module; the
# other console tests use the sample stores' one of tests/web/ops/conftest.py.
settings = rebates_fixtures.settings
sessions = rebates_fixtures.sessions
app = rebates_fixtures.app
client = rebates_fixtures.client


def operator_client(app, sessions):
    with sessions.begin() as session:
        create_user(session, "ops@example.com", "operator password", role="operator")
    client = app.test_client()
    token = csrf_token(client, "/affiliate/login")
    client.post(
        "/affiliate/login",
        data={"csrf_token": token, "email": "ops@example.com", "password": "operator password"},
    )
    return client


def test_only_operators_reach_the_operations_pages(app, client, sessions):
    assert client.get("/ops/").status_code == 302  # anonymous: to the log-in page
    signup(client, "aff@example.com")
    assert client.get("/ops/").status_code == 403
    assert client.post("/ops/payouts/1/paid").status_code == 403
    assert operator_client(app, sessions).get("/ops/").status_code == 200


def test_an_operator_approves_a_claim_and_pays_a_batch(app, client, sessions):
    signup(client, "aff@example.com")
    us = program_id(sessions, "us-vitashop")
    clicked = click_id_of(click(client, make_link(client, us)))
    claim(client, us, "O-1", date.today(), amount="50")
    approved = postback_body(clicked, txn="P-1", status="approved")
    post_signed(client, secret_of(sessions, "linkhub"), approved)
    ops = operator_client(app, sessions)
    claim_id = re.search(r"<tr><td>(\d+)</td><td>aff@example.com", ops.get("/ops/").text).group(1)

    assert ops.post(f"/ops/claims/{claim_id}/approve").status_code == 302  # no CSRF token
    with sessions() as session:
        assert session.scalar(select(Claim.state)) == "open"
    token = csrf_token(ops, "/ops/")
    ops.post(f"/ops/claims/{claim_id}/approve", data={"csrf_token": token})
    with sessions() as session:
        assert session.scalar(select(Claim.state)) == "approved"

    bad = ops.post("/ops/payouts", data={"csrf_token": token, "currency": "usd", "minimum": "-1"})
    assert bad.status_code == 400
    assert 'id="currency-error"' in bad.text and 'id="minimum-error"' in bad.text
    ops.post("/ops/payouts", data={"csrf_token": token, "currency": "USD", "minimum": "5"})
    with sessions() as session:
        payout = session.scalar(select(Payout))
        assert [item.amount for item in payout.items] == [Decimal("7.20")]
    ops.post(f"/ops/payouts/{payout.id}/paid", data={"csrf_token": token})
    again = ops.post(
        f"/ops/payouts/{payout.id}/paid", data={"csrf_token": token}, follow_redirects=True
    )
    assert f"payout batch {payout.id} is already paid" in again.text
    assert re.search(
        r'<tr data-currency="USD">.*?class="paid">\$7.20<', client.get("/affiliate/").text, re.S
    )
