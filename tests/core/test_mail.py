"""The mailer: chosen from the environment, SMTP or the log; messages composed safely."""

from __future__ import annotations

import logging

import pytest

from core.mail import LogMailer, SmtpMailer, compose, mailer_from_env


def test_without_smtp_host_messages_go_to_the_log(caplog):
    mailer = mailer_from_env({"MAIL_FROM": "alerts@haitao.test"})
    assert isinstance(mailer, LogMailer) and mailer.where == "the log"
    with caplog.at_level(logging.WARNING, logger="core.mail"):
        mailer.send("shopper@example.com", "Cheaper now", "https://haitao.test/p/1")
    assert "shopper@example.com" in caplog.text and "https://haitao.test/p/1" in caplog.text
    assert mailer.sent[-1]["From"] == "alerts@haitao.test"


def test_the_log_mailer_keeps_only_the_latest_few():
    mailer = LogMailer(keep=2)
    for n in range(3):
        mailer.send("a@example.com", f"message {n}", "body")
    assert [m["Subject"] for m in mailer.sent] == ["message 1", "message 2"]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"SMTP_HOST": "mail.example"}, SmtpMailer("mail.example", 587, tls="starttls")),
        ({"SMTP_HOST": "mx.example", "SMTP_TLS": "ssl"}, SmtpMailer("mx.example", 465, tls="ssl")),
        ({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": "2525", "SMTP_TLS": "none",
          "SMTP_USER": "u", "SMTP_PASSWORD": "p", "MAIL_FROM": "x@haitao.test"},
         SmtpMailer("127.0.0.1", 2525, "u", "p", "none", "x@haitao.test")),
    ],
)  # fmt: skip
def test_smtp_settings_come_from_the_environment(env, expected):
    mailer = mailer_from_env(env)
    assert mailer == expected
    assert mailer.where == f"{expected.host}:{expected.port}"


def test_an_unknown_tls_mode_is_refused_by_name():
    with pytest.raises(ValueError, match="SMTP_TLS must be one of starttls, ssl, none, not 'tls'"):
        mailer_from_env({"SMTP_HOST": "mail.example", "SMTP_TLS": "tls"})


def test_composed_messages_are_plain_text_and_refuse_header_injection():
    message = compose("a@haitao.test", "b@example.com", "Price drop", "Now ¥3,980")
    assert (message["From"], message["To"], message["Subject"]) == (
        "a@haitao.test", "b@example.com", "Price drop"
    )  # fmt: skip
    assert message.get_content_type() == "text/plain"
    assert message.get_content().strip() == "Now ¥3,980"
    with pytest.raises(ValueError):
        compose("a@haitao.test", "b@example.com\r\nBcc: everyone@example.com", "x", "y")
