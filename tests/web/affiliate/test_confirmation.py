"""Confirmation links: signed for one user and address, refused when forged, tampered with,
malformed or older than three days; the mails go out, and a failing server is only logged."""

from __future__ import annotations

import logging
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from rebates.accounts import create_user
from tests.rebates.conftest import csrf_token, last_mail
from web.affiliate.confirmation import (
    MAX_AGE_SECONDS,
    SALT,
    confirmation_url,
    read_token,
    send_confirmation,
    send_taken_notice,
)


@pytest.fixture
def user(app, sessions):
    with sessions.begin() as session:
        return create_user(session, "new@example.com", "a long password 1")


def signed(app, data, age_seconds: float = 0, secret: str | None = None) -> str:
    class Aged(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - age_seconds)

    key = secret or app.config["SECRET_KEY"]
    return URLSafeTimedSerializer(key, salt=SALT, signer=Aged).dumps(data)


def test_a_link_names_its_user_and_reads_back(app, user):
    with app.app_context():
        url = confirmation_url(user)
        assert url.startswith("http://haitao.test/affiliate/confirm/")
        assert read_token(url.rsplit("/", 1)[1]) == (user.id, "new@example.com")


@pytest.mark.parametrize(
    "make",
    [
        lambda app: signed(app, {"u": 1, "e": "a@b.c"}) + "x",  # tampered
        lambda app: signed(app, {"u": 1, "e": "a@b.c"}, secret="another secret"),
        lambda app: signed(app, {"u": 1, "e": "a@b.c"}, age_seconds=MAX_AGE_SECONDS + 60),
        lambda app: signed(app, [1, "a@b.c"]),
        lambda app: signed(app, {"u": "1", "e": "a@b.c"}),
        lambda app: "not-a-token",
    ],
    ids=["tampered", "forged", "expired", "not-a-dict", "id-not-int", "garbage"],
)
def test_bad_links_read_as_none(app, make):
    with app.app_context():
        assert read_token(make(app)) is None


def test_a_link_two_days_old_still_works(app):
    with app.app_context():
        assert read_token(signed(app, {"u": 5, "e": "a@b.c"}, age_seconds=2 * 86400)) == (
            5, "a@b.c",
        )  # fmt: skip


def test_the_mails_carry_the_link_or_the_login_page(app, user):
    mailer = app.extensions["haitao.mail"]
    with app.app_context():
        send_confirmation(user)
        send_taken_notice("old@example.com")
    welcome, notice = list(mailer.sent)[-2:]
    assert (
        welcome["To"] == "new@example.com" and welcome["Subject"] == "Confirm your Haitao account"
    )
    assert "http://haitao.test/affiliate/confirm/" in welcome.get_content()
    assert notice["To"] == "old@example.com"
    assert "http://haitao.test/affiliate/login" in notice.get_content()


def test_a_failing_mail_server_is_logged_not_raised(app, user, caplog):
    class Down:
        def send(self, to, subject, body):
            raise ConnectionRefusedError("smtp down")

    app.extensions["haitao.mail"] = Down()
    with app.app_context(), caplog.at_level(logging.ERROR, logger="web.affiliate.confirmation"):
        send_confirmation(user)
    assert "could not send 'Confirm your Haitao account' to new@example.com" in caplog.text


@pytest.mark.parametrize(
    "accept, subject, words",
    [
        (
            "zh-CN,zh;q=0.9",
            "请确认您的海淘账户",
            ("欢迎来到海淘。", "如果您没有注册，请忽略此邮件。"),
        ),
        ("en-US,en;q=0.9", "Confirm your Haitao account", ("Welcome to Haitao.", "ignore this")),
    ],
    ids=["zh", "en"],
)
def test_the_sign_up_mail_is_in_the_language_the_shopper_signed_up_in(app, accept, subject, words):
    """The message the mail path composes (the log mailer keeps what an SMTP server would get),
    for a sign-up through the form in a browser set to Chinese, or to English."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = accept
    email = f"{accept[:2]}-shopper@example.com"
    token = csrf_token(client, "/affiliate/signup")
    password = "correct horse battery"
    data = {"csrf_token": token, "email": email, "password": password, "confirm": password}
    assert client.post("/affiliate/signup", data=data).status_code == 302
    mail = last_mail(app, email)
    body = mail.get_content()
    assert mail["Subject"] == subject and all(text in body for text in words)
    assert "http://haitao.test/affiliate/confirm/" in body
    client.post(
        "/affiliate/signup", data={**data, "csrf_token": csrf_token(client, "/affiliate/signup")}
    )
    notice = last_mail(app, email).get_content()  # the address is taken now: the notice
    assert ("已有账户" in notice) == (accept[:2] == "zh") and "/affiliate/login" in notice
