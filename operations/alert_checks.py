"""Checking alerts after what can change a delivered cost: a crawl, a reindex, a rate refresh.

Operations is where the floors meet: it prices with the stored rates, pays cashback at the
rates of the rebate programs, uses the stores file's shipping tables, and hands all of it to
`alerts`, which imports none of them but `pricing` and `core`.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from alerts.costs import CashbackRate, CostBook
from alerts.delivery import DEFAULT_SITE_URL, Links, deliver_pending
from alerts.evaluate import evaluate_alerts
from core.db import session_factory
from core.errors import HaitaoError
from core.mail import mailer_from_env
from core.settings import Settings
from core.stores import load_stores
from pricing.exchange_rates.rate_table import RateTable, latest_table
from pricing.money import Money
from rebates.programs import effective_rate
from rebates.tables import Program

log = logging.getLogger(__name__)


def check_alerts(settings: Settings, now: datetime | None = None, mailer=None) -> str:
    """Evaluate every active alert now and send what fired; one line saying what happened."""
    sessions = session_factory(settings.database_url)
    with sessions.begin() as session:
        rates = latest_table(session)
        if rates is None:
            return "alerts: no exchange rates stored, nothing checked"
        report = evaluate_alerts(session, cost_book(session, settings, rates), now)
    with sessions.begin() as session:
        links = Links(site_url(), settings.secret_key())
        delivered = deliver_pending(session, mailer or mailer_from_env(dict(os.environ)), links)
    return f"alerts: {report}; {delivered.sent} sent, {delivered.failed} failed"


def check_alerts_quietly(settings: Settings) -> str:
    """The check as the tail of a job: a failure is logged and reported, never raised, so the
    crawl, reindex or refresh before it still counts as done."""
    try:
        return check_alerts(settings)
    except Exception as exc:  # the job's own outcome must survive whatever alerts do
        log.exception("checking alerts failed")
        return f"alerts: check failed ({type(exc).__name__}: {exc})"


def cost_book(session: Session, settings: Settings, rates: RateTable) -> CostBook:
    """Costs as alerts see them: these rates, the programs' cashback, the stores file's
    shipping tables. Setting up an alert and checking it must price alike."""
    return CostBook(session, rates, cashback_rates(session), _sellers(settings))


def cashback_rates(session: Session) -> CashbackRate:
    """The share of a price each store's active rebate program pays back (0 without one)."""
    query = select(Program).where(Program.active).options(selectinload(Program.category_rates))
    programs = {program.store_id: program for program in session.scalars(query)}

    def rate(store_id: str, price: Money, category: str | None):
        program = programs.get(store_id)
        return effective_rate(program, price, category) if program else Decimal(0)

    return rate


def site_url() -> str:
    """Where links in messages point: `HAITAO_SITE_URL`, default the local site."""
    return os.environ.get("HAITAO_SITE_URL") or DEFAULT_SITE_URL


def _sellers(settings: Settings) -> dict[str, object]:
    try:
        return dict(load_stores(settings.stores_file))
    except HaitaoError:  # a broken stores file: price by the catalog's store rows instead
        return {}
