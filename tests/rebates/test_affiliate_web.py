"""Affiliate accounts, the dashboard and the earnings API: auth, CSRF, isolation."""

from __future__ import annotations

import re

from sqlalchemy import select

from rebates.tables import User
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


def api_token(client) -> str:
    token = csrf_token(client, "/affiliate/")
    page = client.post("/affiliate/token", data={"csrf_token": token}).get_data(as_text=True)
    return re.search(r'<code id="api-token">([^<]+)</code>', page).group(1)


def earn(client, sessions, email: str, sub_id: str, txn: str) -> str:
    """Sign up, make a link, click it and receive a conversion; returns the API token."""
    signup(client, email)
    code = make_link(client, program_id(sessions, "us-vitashop"), sub_id=sub_id)
    body = postback_body(click_id_of(click(client, code)), txn=txn)
    assert post_signed(client, secret_of(sessions, "linkhub"), body).status_code == 200
    return api_token(client)


def test_passwords_are_scrypt_hashed_and_cookies_hardened(client, sessions):
    signup(client, "Hash@Example.com")
    with sessions() as session:
        user = session.scalar(select(User))
    assert user.email == "hash@example.com"
    assert user.password_hash.startswith("scrypt:")
    assert "correct horse" not in user.password_hash
    cookie = client.get_cookie("session", domain="haitao.test")
    assert cookie.http_only and cookie.same_site == "Lax" and cookie.expires


def test_forms_without_csrf_token_change_nothing(client, sessions):
    response = client.post(
        "/affiliate/signup",
        data={"email": "x@example.com", "password": "long enough pw", "confirm": "long enough pw"},
    )
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    signup(client, "y@example.com")
    response = client.post("/affiliate/links", data={"link-program": "1", "link-kind": "store"})
    assert response.status_code == 400
    assert "No links yet" in client.get("/affiliate/").get_data(as_text=True)


def test_bad_sign_up_values_get_messages_next_to_the_fields(client):
    token = csrf_token(client, "/affiliate/signup")
    page = client.post(
        "/affiliate/signup",
        data={"csrf_token": token, "email": "nope", "password": "short", "confirm": "other"},
    ).get_data(as_text=True)
    assert 'id="email-error">Enter an e-mail address.' in page
    assert 'id="password-error">At least 10 characters.' in page
    assert 'id="confirm-error">Passwords differ.' in page


def test_log_in_log_out_and_no_open_redirect_after_log_in(client, sessions):
    signup(client, "who@example.com")
    client.post("/affiliate/logout", data={"csrf_token": csrf_token(client, "/affiliate/")})
    assert client.get("/affiliate/").status_code == 302
    token = csrf_token(client, "/affiliate/login")
    wrong = client.post(
        "/affiliate/login", data={"csrf_token": token, "email": "who@example.com", "password": "x"}
    )
    assert 'id="password-error">Wrong e-mail or password.' in wrong.get_data(as_text=True)
    response = client.post(
        "/affiliate/login?next=//evil.example",
        data={"csrf_token": token, "email": "who@example.com", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/affiliate/"


def test_a_bad_link_value_gets_a_message_next_to_the_field(client, sessions):
    signup(client, "links@example.com")
    token = csrf_token(client, "/affiliate/", "link")
    data = {"link-csrf_token": token, "link-program": program_id(sessions, "us-vitashop"),
            "link-kind": "search", "link-query": " ", "link-sub_id": "bad id!"}  # fmt: skip
    page = client.post("/affiliate/links", data=data).get_data(as_text=True)
    assert 'id="link-query-error">A search link needs search words.' in page
    assert 'id="link-sub_id-error">Letters, digits' in page


def test_dashboard_shows_clicks_conversions_rate_epc_and_breakdowns(client, sessions):
    earn(client, sessions, "dash@example.com", "spring-sale", "D-1")
    page = client.get("/affiliate/").get_data(as_text=True)
    assert re.search(r'class="clicks">1<', page)
    assert re.search(r'class="conversions">1<', page)
    assert re.search(r'class="rate">100.00 %<', page)
    assert re.search(r'class="epc">7.20 USD<', page)
    assert "spring-sale" in page and "VitaShop" in page
    assert re.search(r'<tr data-currency="USD">.*?class="pending">7.20<', page)
    assert "<svg" in page and "<polyline" in page and "USD 7.20" in page
    export = client.get("/affiliate/conversions.csv")
    assert export.mimetype == "text/csv"
    assert "D-1" in export.get_data(as_text=True)
    assert client.get("/affiliate/?start=2026-02-01&end=2026-01-01").status_code == 400


def test_one_affiliate_never_sees_another_ones_data(app, sessions):
    alice, bob = app.test_client(), app.test_client()
    alice_token = earn(alice, sessions, "alice@example.com", "alice-sub", "A-TXN")
    bob_token = api_token_after_signup(bob)
    for path in ("/affiliate/", "/affiliate/statement.csv", "/affiliate/conversions.csv"):
        text = bob.get(path).get_data(as_text=True)
        assert "alice-sub" not in text and "A-TXN" not in text and "7.20" not in text
    assert "alice-sub" in alice.get("/affiliate/").get_data(as_text=True)

    def earnings(token: str) -> dict:
        response = app.test_client().get(
            "/api/v1/affiliate/earnings", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200
        return response.get_json()

    assert earnings(bob_token)["conversions"] == 0
    assert earnings(bob_token)["by_sub_id"] == []
    mine = earnings(alice_token)
    assert mine["conversions"] == 1
    assert mine["by_sub_id"][0]["key"] == "alice-sub"
    assert mine["by_status"]["pending"] == [{"amount": "7.20", "currency": "USD"}]
    assert mine["balances"]["USD"]["pending"] == "7.20"


def api_token_after_signup(client) -> str:
    signup(client, "bob@example.com")
    return api_token(client)


def test_the_api_needs_a_valid_token(client):
    for headers in ({}, {"Authorization": "Bearer hta_forged"}, {"Authorization": "Basic x"}):
        response = client.get("/api/v1/affiliate/earnings", headers=headers)
        assert response.status_code == 401
        assert response.get_json()["error"]["status"] == 401


def test_a_session_cookie_does_not_open_the_api(client, sessions):
    signup(client, "cookie@example.com")
    assert client.get("/api/v1/affiliate/earnings").status_code == 401


def test_log_in_attempts_are_rate_limited(settings):
    from web import create_app

    app = create_app(settings, TESTING=True, LOGIN_RATE_LIMIT=3)
    client = app.test_client()
    token = csrf_token(client, "/affiliate/login")
    data = {"csrf_token": token, "email": "x@example.com", "password": "guess"}
    statuses = [client.post("/affiliate/login", data=data).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    assert "Too many attempts" in client.post("/affiliate/login", data=data).text
    app.extensions["haitao.search"].close()
