"""Checking alerts after what can change a delivered cost: a crawl, a reindex, a rate refresh.

Operations is where the floors meet: it prices with the stored rates, pays cashback at the
rates of the rebate programs, uses the stores file's shipping tables, and hands all of it to
`alerts`, which imports none of them but `pricing` and `core`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from alerts.costs import CashbackRate, CostBook, IndexedLanded, OfferKey, nothing_indexed
from alerts.delivery import DEFAULT_SITE_URL, Links, deliver_pending
from alerts.evaluate import CheckReport, evaluate_alerts
from core.db import session_factory
from core.errors import HaitaoError
from core.gc_control import gc_paused
from core.mail import mailer_from_env
from core.settings import Settings
from core.stores import load_stores
from indexer.backends import get_backend
from indexer.backends.base import SearchBackend
from indexer.build import document_id
from indexer.concepts import priced_category
from indexer.documents import DESTINATIONS
from pricing.exchange_rates.rate_table import PIVOT, RateTable, latest_table
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
        backend = get_backend(settings)
        try:
            report = evaluate_all(session, settings, rates, backend, now)
        finally:
            backend.close()
    with sessions.begin() as session:
        links = Links(site_url(), settings.secret_key())
        delivered = deliver_pending(session, mailer or mailer_from_env(dict(os.environ)), links)
    return f"alerts: {report}; {delivered.sent} sent, {delivered.failed} failed"


def evaluate_all(
    session: Session,
    settings: Settings,
    rates: RateTable,
    backend: SearchBackend,
    now: datetime | None = None,
) -> CheckReport:
    """Every active alert evaluated against today's costs, the landed costs read from the index.

    The cyclic garbage collector stays paused until the cost book is gone: turned back on
    while the book's hundred thousand rows still lived, its first collection would walk them
    all once more (about a second at 100,000 alerts), to free nothing.
    """
    with gc_paused():
        book = cost_book(session, settings, rates, indexed_landed(backend, rates))
        report = evaluate_alerts(session, book, now)
        del book
    return report


def check_alerts_quietly(settings: Settings) -> str:
    """The check as the tail of a job: a failure is logged and reported, never raised, so the
    crawl, reindex or refresh before it still counts as done."""
    try:
        return check_alerts(settings)
    except Exception as exc:  # the job's own outcome must survive whatever alerts do
        log.exception("checking alerts failed")
        return f"alerts: check failed ({type(exc).__name__}: {exc})"


def cost_book(
    session: Session,
    settings: Settings,
    rates: RateTable,
    indexed: IndexedLanded = nothing_indexed,
) -> CostBook:
    """Costs as alerts see them: these rates, the programs' cashback, the stores file's
    shipping tables. Setting up an alert and checking it must price alike."""
    return CostBook(
        session, rates, cashback_rates(session), _sellers(settings), indexed, priced_category
    )


def indexed_landed(backend: SearchBackend, rates: RateTable) -> IndexedLanded:
    """The landed costs a reindex already computed, read from the search index by document
    id: the check then prices only what the index lacks.

    A document counts only when it was built at the offer's current price with these very
    rates (source and date); any other offer, and any destination the documents do not carry,
    is priced by the cost book itself. An index that cannot be read is logged and skipped:
    the check is slower then, never wrong.
    """
    built_with = (rates.as_of.isoformat(), rates.source)

    def lookup(keys: Sequence[OfferKey], destinations: Collection[str]):
        ids = {document_id(k.store_id, k.product_external_id, k.offer_external_id): k for k in keys}
        try:
            stored = backend.stored_fields(ids, _LANDED_FIELDS)
        except HaitaoError as exc:
            log.warning("alerts: landed costs not read from the index (%s)", exc)
            return {}
        wanted = [dest for dest in destinations if dest in DESTINATIONS]
        found = {}
        for doc_id, values in stored.items():
            key = ids[doc_id]
            if (values["fx_as_of"], values["fx_source"]) == built_with and _same_price(
                values["price"], key.price
            ):
                landed = values["landed"]
                found[key.offer_id] = {dest: _pivot_amount(landed.get(dest)) for dest in wanted}
        return found

    return lookup


_LANDED_FIELDS = ("price", "fx_as_of", "fx_source", "landed")


def _same_price(stored: list[str], price: Money) -> bool:
    return stored[1] == price.currency and Decimal(stored[0]) == price.amount


def _pivot_amount(stored: list[str] | None) -> Decimal | None:
    if stored is None:
        return None
    if stored[1] != PIVOT:
        raise HaitaoError(f"a landed cost in the index is in {stored[1]}, not {PIVOT}")
    return Decimal(stored[0])


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
