"""Sending what alerts fired: e-mail over SMTP (`smtplib`) or a JSON POST to a webhook.

E-mail goes through the site's one mailer (`core.mail`: SMTP from the environment, else the
log, as the demo does). Every e-mail carries a one-click unsubscribe link (and the
List-Unsubscribe headers of RFC 8058). A failed delivery is kept with its error and retried by
the next check, up to `MAX_ATTEMPTS` times.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import urlencode, urlsplit

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.tables import Alert, AlertMessage
from alerts.tokens import unsubscribe_token
from alerts.wording import COSTS, SEE_IT, STOP_IT, SUBJECT, SUBJECT_COST, Wording, wording
from core.mail import Mailer
from core.tables import utcnow
from pricing.landed.words import Country

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
WEBHOOK_TIMEOUT = 10.0  # seconds
DEFAULT_SITE_URL = "http://127.0.0.1:5000"


class DeliveryError(Exception):
    """A message that could not be handed over, and why."""


def post_webhook(url: str, payload: dict, timeout: float = WEBHOOK_TIMEOUT) -> None:
    """POST the payload as JSON; anything but a 2xx answer is a DeliveryError."""
    try:
        answer = requests.post(url, json=payload, timeout=timeout)
    except requests.RequestException as exc:
        raise DeliveryError(f"webhook {urlsplit(url).netloc}: {type(exc).__name__}") from exc
    if not 200 <= answer.status_code < 300:
        raise DeliveryError(f"webhook {urlsplit(url).netloc}: HTTP {answer.status_code}")


@dataclass
class Delivered:
    sent: int = 0
    failed: int = 0


@dataclass(frozen=True)
class Links:
    """Where a message points: the site's address and the secret that signs unsubscribes."""

    site_url: str
    secret: str

    def product(self, alert: Alert) -> str:
        """The product page as the alert prices it: its destination, currency and language
        (the site leads a catalog product's number to its page)."""
        settings = urlencode(
            {"dest": alert.destination, "currency": alert.currency, "lang": alert.language}
        )
        return f"{self.site_url.rstrip('/')}/products/{alert.product_id}?{settings}"

    def unsubscribe(self, alert_id: int) -> str:
        token = unsubscribe_token(alert_id, self.secret)
        return f"{self.site_url.rstrip('/')}/alerts/unsubscribe/{token}"


def deliver_pending(
    session: Session,
    mailer: Mailer,
    links: Links,
    webhook: Callable[[str, dict], None] = post_webhook,
) -> Delivered:
    """Send every message not yet sent (and not given up on); record each outcome."""
    query = (
        select(AlertMessage, Alert)
        .join(Alert, Alert.id == AlertMessage.alert_id)
        .where(AlertMessage.sent_at.is_(None), AlertMessage.attempts < MAX_ATTEMPTS)
        .order_by(AlertMessage.id)
    )
    done = Delivered()
    for message, alert in session.execute(query).all():
        message.attempts += 1
        try:
            if message.channel == "webhook" and alert.webhook_url:
                webhook(alert.webhook_url, webhook_payload(message, alert, links))
            else:
                send_email(mailer, compose_email(message, alert, links, mailer.sender))
        except DeliveryError as exc:
            message.error, done.failed = str(exc), done.failed + 1
            continue
        message.sent_at, message.error, done.sent = utcnow(), None, done.sent + 1
    return done


def send_email(mailer: Mailer, email: EmailMessage) -> None:
    try:
        mailer.send_message(email)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"SMTP {mailer.where}: {type(exc).__name__}: {exc}") from exc


def compose_email(message: AlertMessage, alert: Alert, links: Links, sender: str) -> EmailMessage:
    """The e-mail of a fired alert, in the alert's language (`Alert.language`); its reason was
    written in that language when it fired."""
    say = wording(alert.language)
    email = EmailMessage()
    title, country = alert.product.title, Country(alert.destination)
    net = _money(message.net_cost, message.currency, say)
    if net:
        email["Subject"] = say(SUBJECT_COST, title=title, cost=net, country=country)
    else:
        email["Subject"] = say(SUBJECT, title=title)
    email["From"], email["To"] = sender, alert.email
    unsubscribe = links.unsubscribe(alert.id)
    email["List-Unsubscribe"] = f"<{unsubscribe}>"
    email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    lines = [message.reason, ""]
    if net:
        delivered = _money(message.delivered_cost, message.currency, say)
        cashback = _money(message.cashback, message.currency, say)
        lines.append(
            say(COSTS, country=country, net=net, delivered=delivered, cashback=cashback,
                store=message.store_id or "")
        )  # fmt: skip
    lines += [
        say(SEE_IT, url=links.product(alert)),
        "",
        say(STOP_IT, url=unsubscribe),
    ]
    email.set_content("\n".join(lines) + "\n")
    return email


def webhook_payload(message: AlertMessage, alert: Alert, links: Links) -> dict:
    """What a webhook receives (for ntfy or a chat bridge): the text and the figures."""
    amount = lambda value: None if value is None else str(value)  # noqa: E731
    return {
        "alert_id": alert.id,
        "kind": alert.kind,
        "title": wording(alert.language)(SUBJECT, title=alert.product.title),
        "message": message.reason,
        "product_id": alert.product_id,
        "product_url": links.product(alert),
        "destination": alert.destination,
        "currency": message.currency,
        "net_cost": amount(message.net_cost),
        "delivered_cost": amount(message.delivered_cost),
        "cashback": amount(message.cashback),
        "store_id": message.store_id,
        "fired_at": message.fired_at.isoformat() + "Z",
        "unsubscribe_url": links.unsubscribe(alert.id),
    }


def _money(amount, currency: str, say: Wording) -> str | None:
    return None if amount is None else say.money(amount, currency)
