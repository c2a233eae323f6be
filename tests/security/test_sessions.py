"""Item 3: a session can be revoked server-side. A copied session cookie stops working after
log-out, a password change, a role change or "log out everywhere"."""

from __future__ import annotations

import pytest

from rebates.accounts import end_sessions, find_user, set_password, set_role
from tests.conftest import haitao_env, run_haitao
from tests.security.conftest import AFFILIATE, csrf_token, log_in

DOMAIN = "haitao.test"


def stolen(app, victim):
    """Another browser that holds a copy of the victim's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", victim.get_cookie("session", domain=DOMAIN).value, domain=DOMAIN)
    return thief


def test_a_copied_cookie_works_until_log_out_and_never_after(app, affiliate):
    thief = stolen(app, affiliate)
    assert thief.get("/affiliate/").status_code == 200  # the copy is as good as the original
    affiliate.post("/affiliate/logout", data={"csrf_token": csrf_token(affiliate, "/affiliate/")})
    assert thief.get("/affiliate/").status_code == 302
    assert "/affiliate/login" in thief.get("/affiliate/").headers["Location"]


def test_log_out_ends_the_sessions_of_every_browser(app, affiliate):
    other = app.test_client()
    assert log_in(other, AFFILIATE, "correct horse battery").status_code == 302
    affiliate.post("/affiliate/logout", data={"csrf_token": csrf_token(affiliate, "/affiliate/")})
    assert other.get("/affiliate/").status_code == 302
    again = app.test_client()  # logging in afresh works
    assert log_in(again, AFFILIATE, "correct horse battery").status_code == 302
    assert again.get("/affiliate/").status_code == 200


@pytest.mark.parametrize(
    "change",
    [lambda db, user: set_password(db, user, "an entirely new passphrase"),
     lambda db, user: set_role(db, user, "operator"),
     lambda db, user: end_sessions(db, user.id)],
    ids=["password", "role", "everywhere"],
)  # fmt: skip
def test_password_role_change_and_log_out_everywhere_revoke_cookies(
    app, affiliate, sessions, change
):
    thief = stolen(app, affiliate)
    with sessions.begin() as db:
        change(db, find_user(db, AFFILIATE))
    assert thief.get("/affiliate/").status_code == 302
    assert affiliate.get("/affiliate/").status_code == 302


def test_a_cookie_without_a_generation_signs_nobody_in(app, affiliate):
    with affiliate.session_transaction() as session:
        session["_user_id"] = session["_user_id"].split(".")[0]  # the old format: just the id
    assert affiliate.get("/affiliate/").status_code == 302


def test_the_operator_command_logs_an_account_out_everywhere(settings, app, affiliate):
    thief = stolen(app, affiliate)
    result = run_haitao("users", "logout", AFFILIATE, env=haitao_env(settings.home))
    assert result.returncode == 0, result.stderr
    assert "revoked" in result.stdout
    assert thief.get("/affiliate/").status_code == 302


def change_password(client, current: str, new: str):
    token = csrf_token(client, "/affiliate/")
    form = {"csrf_token": token, "current": current, "new": new, "repeat": new}
    return client.post("/affiliate/password", data=form)


def test_changing_the_password_on_the_dashboard_keeps_this_session_only(app, affiliate, sessions):
    from rebates.accounts import issue_token

    with sessions.begin() as db:
        api_token = issue_token(find_user(db, AFFILIATE))
    thief = stolen(app, affiliate)
    assert (
        change_password(affiliate, "wrong password!", "a brand new passphrase").status_code == 400
    )
    assert change_password(affiliate, "correct horse battery", "password12").status_code == 400
    assert thief.get("/affiliate/").status_code == 200  # refused changes revoke nothing
    changed = change_password(affiliate, "correct horse battery", "a brand new passphrase")
    assert changed.status_code == 302
    assert affiliate.get("/affiliate/").status_code == 200
    assert thief.get("/affiliate/").status_code == 302
    api = app.test_client().get(
        "/api/v1/affiliate/earnings", headers={"Authorization": f"Bearer {api_token}"}
    )
    assert api.status_code == 401
    assert log_in(app.test_client(), AFFILIATE, "a brand new passphrase").status_code == 302
