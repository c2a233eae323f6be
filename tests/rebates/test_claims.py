"""Missing-cashback claims: matched to clicks in the cookie window, decided by an operator."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from babel.dates import format_date
from sqlalchemy import select

from rebates.claims import ClaimError, approve_claim, reject_claim
from rebates.ledger import balances
from rebates.tables import Claim, Click, Conversion
from tests.rebates.conftest import click, csrf_token, make_link, program_id, signup


def claim(client, program: int, order_id: str, order_date: date, amount: str = "200"):
    token = csrf_token(client, "/affiliate/", "claim")
    return client.post(
        "/affiliate/claims",
        data={
            "claim-csrf_token": token,
            "claim-program": program,
            "claim-order_id": order_id,
            "claim-order_date": order_date.isoformat(),
            "claim-amount": amount,
        },
    )


def claims(sessions) -> list[Claim]:
    with sessions() as session:
        return list(session.scalars(select(Claim).order_by(Claim.id)))


def test_a_claim_with_a_click_in_the_window_opens_and_approval_makes_a_conversion(client, sessions):
    signup(client, "claimer@example.com")
    us = program_id(sessions, "us-vitashop")
    click(client, make_link(client, us))
    assert claim(client, us, "ORD-77", date.today()).status_code == 302
    [opened] = claims(sessions)
    assert (opened.state, opened.amount, opened.currency) == ("open", Decimal("200"), "USD")
    page = client.get("/affiliate/").get_data(as_text=True)
    payable = format_date(date.today() + timedelta(days=60), "medium", locale="en")  # as shown
    assert re.search(rf"ORD-77.*?open.*?{re.escape(payable)}", page, re.S)

    approve_claim(sessions, opened.id)
    with sessions() as session:
        conversion = session.scalar(select(Conversion))
        assert (conversion.source, conversion.status) == ("claim", "pending")
        assert conversion.commission == Decimal("16.00")  # 8 % of 200
        assert balances(session)["USD"]["pending"] == Decimal("12.00")  # 75 % share
    assert claims(sessions)[0].state == "approved"
    with pytest.raises(ClaimError, match="approved, not open"):
        approve_claim(sessions, opened.id)


def test_a_claim_without_a_click_is_refused_with_the_reason(client, sessions):
    signup(client, "noclick@example.com")
    response = claim(client, program_id(sessions, "uk-chemist"), "A-1", date.today())
    assert response.status_code == 302
    [refused] = claims(sessions)
    assert refused.state == "refused"
    assert "no click of yours on UK Chemist in the 14 days" in refused.reason
    assert "no click of yours" in client.get("/affiliate/").get_data(as_text=True)


@pytest.mark.parametrize(("days_before", "state"), [(6, "open"), (8, "refused"), (-1, "refused")])
def test_only_a_click_within_the_cookie_window_before_the_order_matches(
    client, sessions, days_before, state
):
    signup(client, "window@example.com")
    jp = program_id(sessions, "jp-rakuichi")  # a 7-day cookie window
    click(client, make_link(client, jp))
    with sessions.begin() as session:
        recorded = session.scalar(select(Click))
        order_date = recorded.at.date()
        recorded.at -= timedelta(days=days_before)
    claim(client, jp, "W-1", order_date, amount="5000")
    assert claims(sessions)[0].state == state


def test_claim_form_errors_sit_next_to_the_field(client, sessions):
    signup(client, "typo@example.com")
    us = program_id(sessions, "us-vitashop")
    response = claim(client, us, "", date.today() + timedelta(days=3), amount="lots")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(r'id="claim-order_date-error">The order date is in the future', page)
    assert 'id="claim-order_id-error"' in page
    assert 'id="claim-amount-error"' in page
    assert claims(sessions) == []


def test_the_same_order_cannot_be_claimed_twice_and_rejection_keeps_a_reason(client, sessions):
    signup(client, "twice@example.com")
    us = program_id(sessions, "us-vitashop")
    click(client, make_link(client, us))
    claim(client, us, "DUP", date.today())
    assert claim(client, us, "DUP", date.today()).status_code == 400
    with sessions.begin() as session:
        reject_claim(session, claims(sessions)[0].id, "The store says the order was cancelled.")
    assert "order was cancelled" in client.get("/affiliate/").get_data(as_text=True)


def test_an_approved_claim_uses_the_category_rate(client, sessions):
    signup(client, "gift@example.com")
    us = program_id(sessions, "us-vitashop")
    click(client, make_link(client, us))
    token = csrf_token(client, "/affiliate/", "claim")
    client.post(
        "/affiliate/claims",
        data={"claim-csrf_token": token, "claim-program": us, "claim-order_id": "G-1",
              "claim-order_date": date.today().isoformat(), "claim-amount": "100",
              "claim-category": "Gift Cards"},
    )  # fmt: skip
    approve_claim(sessions, claims(sessions)[0].id)
    with sessions() as session:
        assert session.scalar(select(Conversion.commission)) == Decimal("0.00")
