"""The scheduler's jobs check alerts: a reindex firing evaluates them and sends what fires."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from alerts.costs import OfferKey
from alerts.evaluate import AlertRequest, create_alert
from alerts.tables import AlertMessage
from core.db import session_factory
from indexer.backends import get_backend
from indexer.build import catalog_documents
from operations import jobs, schedules
from operations.alert_checks import check_alerts, cost_book, indexed_landed
from operations.tables import ScheduleFiring
from pricing.exchange_rates.rate_table import RateTable, latest_table
from pricing.money import Money
from rebates.accounts import create_user
from tests.alerts.conftest import add_product


def set_alert(settings, target: str) -> None:
    with session_factory(settings.database_url).begin() as session:
        user = create_user(session, "shopper@example.com", "a long password 1")
        product = add_product(session, price="40.00")
        book = cost_book(session, settings, latest_table(session))
        request = AlertRequest(
            user.id, user.email, product.id, "CN", "CNY", "target", target=target
        )
        create_alert(session, book, request)


def test_a_scheduled_reindex_checks_alerts_and_sends_what_fires(ops_settings, caplog):
    set_alert(ops_settings, "100000")
    with session_factory(ops_settings.database_url).begin() as session:
        schedule_id = schedules.add(
            session, "reindex", schedules.spec(cron=None, every="1d"), None
        ).id
    jobs.fire(schedule_id)
    with session_factory(ops_settings.database_url)() as session:
        (firing,) = session.query(ScheduleFiring).all()
        message = session.scalar(select(AlertMessage))
    assert firing.outcome == "done", firing.message
    assert "alerts: 1 alerts checked, 1 fired" in firing.message
    assert "1 sent" in firing.message and message.sent_at is not None
    # No SMTP_HOST: the e-mail went to the log, unsubscribe link and all.
    assert "alerts/unsubscribe/1." in caplog.text


def test_a_second_check_sends_nothing_new(ops_settings):
    set_alert(ops_settings, "100000")
    first, second = check_alerts(ops_settings), check_alerts(ops_settings)
    assert "1 fired" in first and "1 sent" in first
    assert "0 fired" in second and "0 sent" in second


def test_the_check_reuses_landed_costs_indexed_at_todays_price_and_rates(ops_settings):
    """What the reindex priced is taken from the index (here a landed cost set by hand, to
    tell it from a computed one); another price, other rates or a destination the documents
    do not carry are priced by the cost book itself."""
    sessions = session_factory(ops_settings.database_url)
    with sessions.begin() as session:
        offer = add_product(session, price="40.00").offers[0]
        rates = latest_table(session)
        (document,) = catalog_documents(session, rates, rebate_rates={})
        key = OfferKey(offer.id, "us-shop", offer.product.external_id, "v1", offer_money(offer))
        product_id = offer.product_id
    marked = Money(Decimal("123.45"), "EUR")
    backend = get_backend(ops_settings)
    try:
        backend.rebuild([replace(document, landed={**document.landed, "CN": marked})])
        lookup = indexed_landed(backend, rates)
        assert lookup([key], ["CN", "NZ"]) == {offer.id: {"CN": Decimal("123.45")}}
        cheaper = replace(key, price=Money(Decimal("39.00"), "USD"))
        assert lookup([cheaper], ["CN"]) == {}
        older = RateTable(rates.source, rates.as_of - timedelta(days=1), rates.per_pivot)
        assert indexed_landed(backend, older)([key], ["CN"]) == {}
        with sessions() as session:
            book = cost_book(session, ops_settings, rates, lookup)
            book.load([product_id], ["CN"])
            assert book.quote(product_id, "CN", "EUR").delivered == marked
            computed = cost_book(session, ops_settings, rates).quote(product_id, "CN", "EUR")
            assert computed.delivered.amount == document.landed["CN"].amount != marked.amount
    finally:
        backend.close()


def offer_money(offer) -> Money:
    return Money(offer.price, offer.currency)
