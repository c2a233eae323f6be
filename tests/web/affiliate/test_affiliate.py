"""Affiliate accounts: sign-up, log-in, CSRF, hashed passwords and hardened cookies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import unescape

from sqlalchemy import select

from rebates.tables import Claim, User
from tests.rebates.conftest import csrf_token, program_id, signup


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


def test_refusals_from_rebates_come_out_in_chinese(client):
    token = csrf_token(client, "/affiliate/signup?lang=zh")
    page = client.post(
        "/affiliate/signup?lang=zh",
        data={"csrf_token": token, "email": "longlocalpart@example.com",
              "password": "longlocalpart", "confirm": "longlocalpart"},
    ).get_data(as_text=True)  # fmt: skip
    assert 'id="password-error">密码不能与邮箱地址相同。' in page


def test_a_refused_claim_and_a_second_claim_say_why_in_chinese(client, sessions):
    signup(client, "zh-claimer@example.com")
    uk = program_id(sessions, "uk-chemist")

    def claim() -> str:
        token = csrf_token(client, "/affiliate/?lang=zh", "claim")
        return client.post(
            "/affiliate/claims?lang=zh", follow_redirects=True,
            data={"claim-csrf_token": token, "claim-program": uk, "claim-order_id": "Z-1",
                  "claim-order_date": date.today().isoformat(), "claim-amount": "20"},
        ).get_data(as_text=True)  # fmt: skip

    assert "天内（该商城的 Cookie 有效期），没有你在 UK Chemist 的点击" in claim()
    assert "订单 Z-1 已被申领" in claim()


def test_the_claims_table_shows_stored_reasons_and_states_in_chinese(client, sessions):
    signup(client, "zh-table@example.com")
    token = csrf_token(client, "/affiliate/", "claim")
    uk = program_id(sessions, "uk-chemist")
    filed = client.post("/affiliate/claims", data={
        "claim-csrf_token": token, "claim-program": uk, "claim-order_id": "T-1",
        "claim-order_date": "2026-02-03", "claim-amount": "20"})  # fmt: skip
    assert filed.status_code == 302, filed.get_data(as_text=True)
    with sessions.begin() as session:  # an operator's own words stay as they were typed
        user = session.scalar(select(User).where(User.email == "zh-table@example.com"))
        session.add(Claim(user_id=user.id, program_id=program_id(sessions, "us-vitashop"),
                          order_id="T-2", order_date=date(2026, 2, 1), amount=Decimal(5),
                          currency="USD", state="rejected",
                          reason="Bestellung storniert"))  # fmt: skip
    english = unescape(client.get("/affiliate/").get_data(as_text=True))
    row = (
        "no click of yours on UK Chemist in the 14 days up to 2026-02-03 "
        "(the store's cookie window)"
    )
    assert ">refused<" in english and f"<td>{row}</td>" in english
    page = client.get("/affiliate/", query_string={"lang": "zh"}).get_data(as_text=True)
    table = page[page.index('id="claims"') :]
    row = "截至 2026-02-03 的 14 天内（该商城的 Cookie 有效期），没有你在 UK Chemist 的点击"
    assert f"<td>{row}</td>" in table
    assert "no click of yours" not in table and ">refused<" not in table
    assert "<td>Bestellung storniert</td>" in table and ">已拒绝<" in table and ">未受理<" in table
