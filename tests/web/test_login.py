"""Who is signed in: accounts loaded by id, hardened cookies unless the caller chose, roles."""

from __future__ import annotations

from datetime import timedelta

from rebates.accounts import create_user
from tests.rebates.conftest import csrf_token
from tests.web import small_site
from web import create_app
from web.login import load_account

# The small site (tests/web/small_site.py): a migrated data directory and a few documents.
small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client


def test_cookies_are_hardened_but_a_callers_choice_stands(small_settings):
    app = create_app(small_settings, SESSION_COOKIE_SAMESITE="Strict")
    try:
        assert app.config["SESSION_COOKIE_HTTPONLY"] is True
        assert app.config["SESSION_COOKIE_SAMESITE"] == "Strict"
        assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"
        assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=12)
    finally:
        app.extensions["haitao.search"].close()


def test_an_account_is_loaded_by_its_numeric_id_only(small_app):
    sessions = small_app.extensions["haitao.sessions"]
    with sessions.begin() as session:
        user_id = create_user(session, "op@example.com", "a long password", role="operator").id
    with small_app.app_context():
        account = load_account(f"{user_id}.0")  # the session id carries the generation
        assert (account.id, account.email, account.role) == (user_id, "op@example.com", "operator")
        assert load_account(f"{user_id}.1") is None  # an older or newer generation is refused
        assert load_account(str(user_id)) is None
        assert load_account("999999.0") is None
        assert load_account("1 OR 1=1") is None


def logged_in(app, email: str, role: str):
    with app.extensions["haitao.sessions"].begin() as session:
        create_user(session, email, "a long password", role=role)
    client = app.test_client()
    data = {"csrf_token": csrf_token(client, "/affiliate/login"), "email": email,
            "password": "a long password"}  # fmt: skip
    assert client.post("/affiliate/login", data=data).status_code == 302
    return client


def test_only_the_role_opens_the_page_and_strangers_are_sent_to_log_in(small_app):
    assert logged_in(small_app, "op@example.com", "operator").get("/ops/").status_code == 200
    assert logged_in(small_app, "aff@example.com", "affiliate").get("/ops/").status_code == 403
    anonymous = small_app.test_client().get("/ops/")
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/affiliate/login?next=")
