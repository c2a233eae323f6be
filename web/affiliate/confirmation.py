"""E-mail confirmation: a signed, expiring link mailed at sign-up; the mails sign-up sends.

The mails are written in the UI language of the request that sends them (sign-up, or the
dashboard's "send the link again"): the language the shopper was reading the site in.

Sign-up answers the same whether or not the address already has an account: a new address
gets the link, a known one gets a notice that someone tried to sign up with it. Only the
mailbox's owner learns which.
"""

from __future__ import annotations

import logging
import smtplib

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from rebates.tables import User

log = logging.getLogger(__name__)
SALT = "haitao.confirm-email"
MAX_AGE_SECONDS = 3 * 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def confirmation_url(user: User) -> str:
    token = _serializer().dumps({"u": user.id, "e": user.email})
    return url_for("affiliate.confirm", token=token, _external=True)


def read_token(token: str) -> tuple[int, str] | None:
    """(user id, e-mail) from a link that is genuine and younger than three days, else None."""
    try:
        data = _serializer().loads(token, max_age=MAX_AGE_SECONDS)
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return data["u"], str(data.get("e", ""))


def send_confirmation(user: User) -> None:
    welcome = _(
        "Welcome to Haitao. Open this link within three days to confirm your e-mail address; "
        "until then neither the cashback on your own orders nor the links you share can earn:"
    )
    ignore = _("If you did not sign up, ignore this message.")
    body = f"{welcome}\n\n{confirmation_url(user)}\n\n{ignore}\n"
    _send(user.email, _("Confirm your Haitao account"), body)


def send_taken_notice(email: str) -> None:
    login = url_for("affiliate.login", _external=True)
    tried = _(
        "Someone (perhaps you) tried to sign up for Haitao with this address, which already "
        "has an account. To use it, log in at %(url)s",
        url=login,
    )
    nothing = _("If it was not you, you need do nothing.")
    body = f"{tried}\n\n{nothing}\n"
    _send(email, _("Your Haitao account"), body)


def _send(to: str, subject: str, body: str) -> None:
    """A failing mail server is logged, never shown: the page must not differ by address."""
    try:
        current_app.extensions["haitao.mail"].send(to, subject, body)
    except (OSError, smtplib.SMTPException):
        log.exception("could not send %r to %s", subject, to)
