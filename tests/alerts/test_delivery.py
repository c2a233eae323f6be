"""Delivery: a real local SMTP server receives the e-mail; a webhook gets the JSON; failures
are kept and retried."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from alerts.costs import CostBook
from alerts.delivery import MAX_ATTEMPTS, Links, deliver_pending, post_webhook
from alerts.evaluate import AlertRequest, create_alert, evaluate_alerts
from alerts.tables import AlertMessage
from alerts.tokens import alert_for_token
from core.mail import LogMailer, SmtpMailer
from tests.alerts.conftest import RATES, add_product, free_port

LINKS = Links("http://127.0.0.1:5000", "site secret")


def fired_alert(
    sessions, shopper, channel="email", webhook_url=None, language="en", gtin="00012345678905"
) -> int:
    with sessions.begin() as session:
        product = add_product(session, price="40.00", gtin=gtin)
        alert = create_alert(
            session,
            CostBook(session, RATES),
            AlertRequest(
                shopper,
                "shopper@example.com",
                product.id,
                "CN",
                "CNY",
                "target",
                "1000",
                channel=channel,
                webhook_url=webhook_url,
                language=language,
            ),
        )
        evaluate_alerts(session, CostBook(session, RATES), datetime(2026, 12, 1))
        return alert.id


def test_a_chinese_shoppers_alert_mail_is_chinese_and_an_english_ones_english(
    sessions, shopper, smtp_server
):
    """The message as the SMTP server receives it: subject, reason and figures in the language
    of the request that set the alert up, amounts written as that language writes them."""
    chinese = fired_alert(sessions, shopper, language="zh")
    english = fired_alert(sessions, shopper, language="en", gtin="00036000291452")
    mailer = SmtpMailer("127.0.0.1", smtp_server.port, tls="none")
    with sessions.begin() as session:
        assert deliver_pending(session, mailer, LINKS).sent == 2
        net = {m.alert_id: m.net_cost for m in session.scalars(select(AlertMessage))}
    mails = {alert_for_token(m["List-Unsubscribe"].split("/")[-1][:-1], LINKS.secret): m
             for m in smtp_server.messages}  # fmt: skip
    zh, en = mails[chinese], mails[english]
    zh_net, en_net = f"¥{net[chinese]:,}", f"CN¥{net[english]:,}"
    assert zh["Subject"] == f"降价提醒：Moisture Cream 50 ml 寄往中国现为 {zh_net}"
    body = zh.get_content()
    reason = (
        f"Moisture Cream 50 ml：寄往中国的返利后到手价现为 {zh_net}，不高于您的目标价 ¥1,000.00。"
    )
    assert reason in body
    assert f"寄往中国的返利后到手价：{zh_net}（到手价 ¥" in body and "，商城：us-shop。" in body
    link = r"查看：http://127.0.0.1:5000/products/\d+\?dest=CN&currency=CNY&lang=zh\n"
    assert re.search(link, body)
    assert "停止此提醒：http://" in body
    assert "CN¥" not in body and "cost" not in body
    assert en["Subject"] == f"Price alert: Moisture Cream 50 ml now {en_net} to China"
    body = en.get_content()
    assert f"the net delivered cost to China is now {en_net}, at or below your target" in body
    assert "See it: http://" in body and "¥" not in body.replace("CN¥", "")


def test_the_smtp_server_receives_the_net_cost_and_an_unsubscribe_link(
    sessions, shopper, smtp_server
):
    alert_id = fired_alert(sessions, shopper)
    mailer = SmtpMailer("127.0.0.1", smtp_server.port, tls="none")
    with sessions.begin() as session:
        done = deliver_pending(session, mailer, LINKS)
        message = session.scalar(select(AlertMessage))
    assert (done.sent, done.failed) == (1, 0) and message.sent_at is not None
    [mail] = smtp_server.messages
    body = mail.get_content()
    net = f"CN¥{message.net_cost:,}"
    assert mail["To"] == "shopper@example.com" and net in mail["Subject"]
    assert f"Net delivered cost to China: {net}" in body
    link = LINKS.unsubscribe(alert_id)
    assert f"Stop this alert: {link}" in body and mail["List-Unsubscribe"].strip() == f"<{link}>"
    assert alert_for_token(link.rsplit("/", 1)[1], "site secret") == alert_id
    with sessions.begin() as session:  # sent once: nothing left to send
        assert deliver_pending(session, mailer, LINKS).sent == 0


def test_an_smtp_failure_is_kept_and_retried_until_it_gives_up(sessions, shopper, smtp_server):
    fired_alert(sessions, shopper)
    down = SmtpMailer("127.0.0.1", free_port(), tls="none", timeout=2)
    for _ in range(MAX_ATTEMPTS):
        with sessions.begin() as session:
            assert deliver_pending(session, down, LINKS).failed == 1
    with sessions.begin() as session:
        message = session.scalar(select(AlertMessage))
        assert message.attempts == MAX_ATTEMPTS and "SMTP 127.0.0.1" in message.error
        assert deliver_pending(session, down, LINKS).failed == 0  # given up


def test_a_webhook_receives_json(sessions, shopper, webhook):
    alert_id = fired_alert(sessions, shopper, "webhook", webhook.url)
    with sessions.begin() as session:
        assert deliver_pending(session, LogMailer(), LINKS).sent == 1
    [payload] = webhook.received
    assert payload["alert_id"] == alert_id and payload["currency"] == "CNY"
    assert payload["net_cost"] and payload["unsubscribe_url"] == LINKS.unsubscribe(alert_id)


def test_a_webhook_answering_an_error_is_a_failure(webhook):
    from alerts.delivery import DeliveryError

    webhook.status = 500
    with pytest.raises(DeliveryError, match="HTTP 500"):
        post_webhook(webhook.url, {"x": 1})
