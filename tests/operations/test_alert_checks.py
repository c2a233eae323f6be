"""The scheduler's jobs check alerts: a reindex firing evaluates them and sends what fires."""

from __future__ import annotations

from sqlalchemy import select

from alerts.evaluate import AlertRequest, create_alert
from alerts.tables import AlertMessage
from core.db import session_factory
from operations import jobs, schedules
from operations.alert_checks import check_alerts, cost_book
from operations.tables import ScheduleFiring
from pricing.exchange_rates.rate_table import latest_table
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
