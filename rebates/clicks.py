"""Recording clicks: unguessable ids, hashed addresses, repeats and bots not counted."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.tables import utcnow
from rebates.tables import Click, Link

REPEAT_WINDOW = timedelta(minutes=10)
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|curl|wget|python-requests|httpx|aiohttp|go-http-client|"
    r"java/|libwww|scrapy|headless|phantomjs|facebookexternalhit|preview",
    re.IGNORECASE,
)


def hash_ip(ip: str, secret: str) -> str:
    """A keyed hash, so the stored value cannot be reversed by trying every IPv4 address."""
    return hmac.new(secret.encode(), ip.encode(), hashlib.sha256).hexdigest()


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(BOT_PATTERN.search(user_agent))


def record_click(
    session: Session,
    link: Link,
    *,
    ip_hash: str,
    user_agent: str,
    referrer: str,
    now: datetime | None = None,
) -> tuple[Click, str]:
    """Store a click; returns it and the click id to send on (a repeat sends the first's)."""
    now = now or utcnow()
    earlier = _recent_click(session, link, ip_hash, user_agent, now)
    reason = "bot" if is_bot(user_agent) else "repeat" if earlier else None
    click = Click(
        click_id=secrets.token_urlsafe(24),
        link_id=link.id,
        user_id=link.user_id,
        program_id=link.program_id,
        sub_id=link.sub_id,
        at=now,
        ip_hash=ip_hash,
        user_agent=user_agent[:500],
        referrer=referrer[:1000],
        counted=reason is None,
        not_counted_reason=reason,
    )
    session.add(click)
    session.flush()
    return click, earlier.click_id if earlier else click.click_id


def _recent_click(session: Session, link: Link, ip_hash: str, user_agent: str, now: datetime):
    return session.scalar(
        select(Click)
        .where(
            Click.link_id == link.id,
            Click.ip_hash == ip_hash,
            Click.user_agent == user_agent[:500],
            Click.counted.is_(True),
            Click.at >= now - REPEAT_WINDOW,
        )
        .order_by(Click.at)
        .limit(1)
    )
