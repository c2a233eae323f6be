"""Clicks: hashed addresses, bots and repeats (the rate limit: tests/web/test_rate_limits.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from rebates.accounts import create_user
from rebates.clicks import hash_ip, is_bot, record_click
from rebates.links import create_link
from rebates.tables import Link, Program
from tests.rebates.conftest import BROWSER_UA


@pytest.mark.parametrize(
    ("user_agent", "bot"),
    [
        ("Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36", False),
        ("Googlebot/2.1 (+http://www.google.com/bot.html)", True),
        ("python-requests/2.32", True),
        ("Mozilla/5.0 HeadlessChrome/120.0", True),
        ("curl/8.5.0", True),
        ("", True),
        ("   ", True),
    ],
)
def test_bots_are_told_by_their_user_agent(user_agent, bot):
    assert is_bot(user_agent) is bot


def test_an_address_hash_is_keyed_and_stable():
    assert hash_ip("203.0.113.7", "k1") == hash_ip("203.0.113.7", "k1")
    assert hash_ip("203.0.113.7", "k1") != hash_ip("203.0.113.7", "k2")
    assert hash_ip("203.0.113.7", "k1") != hash_ip("203.0.113.8", "k1")
    assert "203.0.113.7" not in hash_ip("203.0.113.7", "k1")


@pytest.fixture
def link(sessions) -> int:
    with sessions.begin() as session:
        user = create_user(session, "clicker@example.com", "a long password")
        program = session.scalar(select(Program).where(Program.store_id == "us-vitashop"))
        return create_link(session, user, program).id


def clicked(sessions, link_id: int, at: datetime, ua: str = BROWSER_UA, ip: str = "h1"):
    with sessions.begin() as session:
        click, sent = record_click(session, session.get(Link, link_id), ip_hash=ip,
                                   user_agent=ua, referrer="", now=at)  # fmt: skip
        return click.counted, click.not_counted_reason, sent == click.click_id


def test_a_repeat_within_ten_minutes_sends_the_first_clicks_id_and_is_not_counted(sessions, link):
    start = datetime(2026, 12, 1, 12, 0)
    assert clicked(sessions, link, start) == (True, None, True)
    assert clicked(sessions, link, start + timedelta(minutes=9)) == (False, "repeat", False)
    assert clicked(sessions, link, start + timedelta(minutes=9), ip="h2") == (True, None, True)
    assert clicked(sessions, link, start + timedelta(minutes=11)) == (True, None, True)


def test_a_bots_click_is_kept_but_not_counted(sessions, link):
    at = datetime(2026, 12, 1, 12, 0)
    assert clicked(sessions, link, at, ua="Googlebot/2.1") == (False, "bot", True)
