"""Item 5: input that used to cause a 500 gets a 4xx with the reason, and changes nothing."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from tests.rebates.conftest import ledger_state, post_signed, postback_body, secret_of
from tests.security.conftest import csrf_token, log_in

HUGE = ["Infinity", "-Infinity", "NaN", "1e400", "9e999999", "sNaN"]


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize("name", ["min_cost", "max_cost"])
def test_a_huge_or_infinite_cost_bound_is_a_400_on_the_page_and_the_api(client, name, value):
    page = client.get(f"/?q=vitamin&{name}={value}")
    assert page.status_code == 400
    assert f'id="{name}-error"' in page.text or "Enter a number" in page.text
    api = client.get(f"/api/v1/search?q=vitamin&{name}={value}")
    assert api.status_code == 400
    assert name in api.get_json()["error"]["fields"]


@pytest.mark.parametrize("header", ["t=²,v1=" + "0" * 64, "t=١٢٣,v1=" + "0" * 64, "t=1,v1=é"])
def test_non_ascii_digits_in_a_signature_header_are_a_401(client, click_id, header):
    response = client.post(
        "/postback/linkhub",
        data=postback_body(click_id),
        headers={"X-Haitao-Signature": header, "Content-Type": "application/json"},
    )
    assert response.status_code == 401
    assert "malformed" in response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    "query", ["end=9999-12-31", "start=0001-01-01", "start=0001-01-01&end=0001-01-02",
              "end=0001-01-01", "start=9999-12-30&end=9999-12-31"],
)  # fmt: skip
def test_dates_at_the_ends_of_the_calendar_are_a_400(affiliate, sessions, query):
    assert affiliate.get(f"/affiliate/?{query}").status_code == 400
    assert affiliate.get(f"/affiliate/conversions.csv?{query}").status_code == 400
    with sessions.begin() as session:
        from rebates.accounts import issue_token
        from rebates.tables import User

        token = issue_token(session.query(User).one())
    api = affiliate.get(
        f"/api/v1/affiliate/earnings?{query}", headers={"Authorization": f"Bearer {token}"}
    )
    assert api.status_code == 400 and api.get_json()["error"]["fields"]


@pytest.mark.parametrize(
    ("amount", "order_date"), [("1e400", None), ("Infinity", None), ("NaN", None),
                               ("50", "0001-01-01"), ("50", "1999-12-31")],
)  # fmt: skip
def test_a_claim_with_a_huge_amount_or_an_ancient_date_is_a_400(
    affiliate, sessions, click_id, amount, order_date
):
    from tests.security.conftest import program_id

    token = csrf_token(affiliate, "/affiliate/", "claim")
    response = affiliate.post(
        "/affiliate/claims",
        data={"claim-csrf_token": token, "claim-program": program_id(sessions, "us-vitashop"),
              "claim-order_id": "O-1", "claim-amount": amount,
              "claim-order_date": order_date or date.today().isoformat()},
    )  # fmt: skip
    assert response.status_code == 400
    assert 'id="claim-amount-error"' in response.text or 'id="claim-order_date-error"' in (
        response.text
    )


@pytest.mark.parametrize("next_url", ["/affiliate/%0d%0aSet-Cookie:%20x=1", "/%0a/evil.example"])
def test_cr_lf_in_the_log_in_next_goes_to_the_dashboard(client, next_url):
    from tests.security.conftest import signup

    signup(client, "next@example.com")
    client.post("/affiliate/logout", data={"csrf_token": csrf_token(client, "/affiliate/")})
    response = log_in(client, "next@example.com", "correct horse battery", next_url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/affiliate/")
    assert "Set-Cookie: x" not in str(response.headers)


def test_cr_lf_in_the_ops_back_field_goes_to_the_default_page(operator):
    token = csrf_token(operator, "/ops/stores")
    response = operator.post(
        "/ops/schedules/reindex/pause", data={"csrf_token": token, "back": "/ops/\r\nX-Evil: 1"}
    )
    assert response.status_code in (302, 303)
    assert "\n" not in response.headers["Location"]


@pytest.mark.parametrize(
    "when", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00", "9999-12-31T23:59:59Z",
             "1999-12-31T23:00:00Z"],
)  # fmt: skip
def test_a_postback_occurring_at_the_ends_of_time_is_a_422(client, sessions, click_id, when):
    before = ledger_state(sessions)
    response = post_signed(
        client, secret_of(sessions, "linkhub"), postback_body(click_id, occurred_at=when)
    )
    assert response.status_code == 422
    assert "occurred_at" in response.get_json()["error"]["message"]
    assert ledger_state(sessions) == before


def test_ten_concurrent_sign_ups_with_one_email_never_500(app):
    statuses: list[int] = []
    barrier = threading.Barrier(10)

    def sign_up() -> None:
        client = app.test_client()
        token = csrf_token(client, "/affiliate/signup")
        barrier.wait()
        password = "a long enough passphrase"
        form = {"csrf_token": token, "email": "race@example.com", "password": password,
                "confirm": password}  # fmt: skip
        statuses.append(client.post("/affiliate/signup", data=form).status_code)

    threads = [threading.Thread(target=sign_up) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(statuses) == 10 and 500 not in statuses
