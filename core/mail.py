"""Sending e-mail: SMTP when the environment names a server, else the log (the demo).

Environment: `SMTP_HOST` (unset: messages are logged, not sent), `SMTP_PORT` (default 587),
`SMTP_USER` and `SMTP_PASSWORD` (optional), `SMTP_TLS` (`starttls`, the default; `ssl`; or
`none` for a relay on loopback), `MAIL_FROM` (default `haitao@localhost`).
"""

from __future__ import annotations

import logging
import smtplib
from collections import deque
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

log = logging.getLogger(__name__)
TLS_MODES = ("starttls", "ssl", "none")


class Mailer(Protocol):
    sender: str
    where: str  # the server it sends through ("host:port"), or "the log"

    def send(self, to: str, subject: str, body: str) -> None: ...

    def send_message(self, message: EmailMessage) -> None:
        """Send a message composed by the caller (with its own headers)."""


@dataclass(frozen=True)
class SmtpMailer:
    host: str
    port: int = 587
    user: str | None = None
    password: str | None = None
    tls: str = "starttls"
    sender: str = "haitao@localhost"
    timeout: float = 10.0

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def send(self, to: str, subject: str, body: str) -> None:
        self.send_message(compose(self.sender, to, subject, body))

    def send_message(self, message: EmailMessage) -> None:
        smtp_class = smtplib.SMTP_SSL if self.tls == "ssl" else smtplib.SMTP
        with smtp_class(self.host, self.port, timeout=self.timeout) as smtp:
            if self.tls == "starttls":
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(message)


class LogMailer:
    """Writes each message to the log (where the demo's user reads the link) and keeps the
    latest few in memory, newest last."""

    where = "the log"

    def __init__(self, sender: str = "haitao@localhost", keep: int = 100) -> None:
        self.sender = sender
        self.sent: deque[EmailMessage] = deque(maxlen=keep)

    def send(self, to: str, subject: str, body: str) -> None:
        self.send_message(compose(self.sender, to, subject, body))

    def send_message(self, message: EmailMessage) -> None:
        self.sent.append(message)
        log.warning(
            "e-mail not sent (no SMTP_HOST set) to %s: %s\n%s",
            message["To"],
            message["Subject"],
            message.get_content(),
        )


def compose(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message; EmailMessage refuses CR/LF in the headers it is given."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message.set_content(body)
    return message


def mailer_from_env(environ: dict[str, str]) -> Mailer:
    sender = environ.get("MAIL_FROM") or "haitao@localhost"
    host = environ.get("SMTP_HOST")
    if not host:
        return LogMailer(sender)
    tls = environ.get("SMTP_TLS") or "starttls"
    if tls not in TLS_MODES:
        raise ValueError(f"SMTP_TLS must be one of {', '.join(TLS_MODES)}, not {tls!r}")
    return SmtpMailer(
        host=host,
        port=int(environ.get("SMTP_PORT") or (465 if tls == "ssl" else 587)),
        user=environ.get("SMTP_USER") or None,
        password=environ.get("SMTP_PASSWORD") or None,
        tls=tls,
        sender=sender,
    )
