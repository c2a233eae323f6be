"""Rebate records made straight through the rebates functions (no site): an affiliate, a link
and a counted click, for tests of conversions, imports and reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from rebates.accounts import create_user, find_user
from rebates.clicks import record_click
from rebates.links import create_link
from rebates.tables import Program
from tests.rebates.conftest import BROWSER_UA


def program_of(session, store_id: str) -> Program:
    return session.scalar(select(Program).where(Program.store_id == store_id))


def clicked(
    sessions,
    email: str,
    store_id: str = "us-vitashop",
    sub_id: str = "",
    at: datetime | None = None,
) -> tuple[int, str]:
    """(user id, click id) of a counted click by the affiliate `email` (created if new)."""
    with sessions.begin() as session:
        user = find_user(session, email) or create_user(session, email, "a long password")
        link = create_link(session, user, program_of(session, store_id), sub_id=sub_id)
        click, _ = record_click(session, link, ip_hash=f"{email}{sub_id}", user_agent=BROWSER_UA,
                                referrer="", now=at)  # fmt: skip
        return user.id, click.click_id
