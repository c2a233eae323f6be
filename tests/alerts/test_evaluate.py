"""Alerts over a real catalog database: set up, checked, fired by a store or an FX move."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from alerts import evaluate
from alerts.costs import CostBook
from alerts.evaluate import (
    AlertError,
    AlertRequest,
    checked_at,
    create_alert,
    evaluate_alerts,
    last_check,
)
from alerts.tables import Alert, AlertCheck, AlertMessage
from core.tables import Offer
from tests.alerts.conftest import RATES, add_product

NOW = datetime(2026, 12, 1, 9)
FIVE_PERCENT = lambda _store, _price, _category: Decimal("0.05")  # noqa: E731


def request(shopper: int, product: int, **changes) -> AlertRequest:
    base = AlertRequest(
        user_id=shopper,
        email="shopper@example.com",
        product_id=product,
        destination="CN",
        currency="CNY",
        kind="target",
        target="400",
    )
    return replace(base, **changes)


def check(sessions, rates=RATES, now=NOW):
    with sessions.begin() as session:
        return evaluate_alerts(session, CostBook(session, rates, FIVE_PERCENT), now)


def test_a_target_alert_fires_once_when_a_store_cuts_its_price(sessions, shopper):
    with sessions.begin() as session:
        product = add_product(session, price="60.00")
        alert = create_alert(
            session, CostBook(session, RATES, FIVE_PERCENT), request(shopper, product.id)
        )
        assert alert.armed and alert.last_cost > 400
    assert check(sessions).fired == 0
    with sessions.begin() as session:
        session.scalar(select(Offer)).price = Decimal("40.00")
    report = check(sessions)
    assert (report.checked, report.fired) == (1, 1)
    assert check(sessions, now=NOW + timedelta(days=2)).fired == 0  # hysteresis
    with sessions() as session:
        message = session.scalar(select(AlertMessage))
        alert = session.scalar(select(Alert))
    assert message.net_cost == alert.last_cost <= 400
    assert message.net_cost == message.delivered_cost - message.cashback
    assert "at or below your target CN¥400.00" in message.reason
    assert not alert.armed


def test_an_exchange_rate_move_alone_fires_an_alert(sessions, shopper):
    with sessions.begin() as session:
        product = add_product(session, price="50.00")
        book = CostBook(session, RATES, FIVE_PERCENT)
        cost = book.quote(product.id, "CN", "CNY").net.amount
        create_alert(session, book, request(shopper, product.id, target=str(round(cost) - 5)))
    assert check(sessions).fired == 0
    dollar_falls = replace(RATES, per_pivot={**RATES.per_pivot, "USD": Decimal("1.22")})
    assert check(sessions, dollar_falls).fired == 1


def test_a_drop_alert_measures_from_the_cost_when_it_was_set(sessions, shopper):
    with sessions.begin() as session:
        product = add_product(session, price="100.00")
        book = CostBook(session, RATES, FIVE_PERCENT)
        alert = create_alert(
            session, book, request(shopper, product.id, kind="drop", drop_percent="10")
        )
        assert alert.baseline == alert.last_cost and alert.target is None
    with sessions.begin() as session:
        session.scalar(select(Offer)).price = Decimal("95.00")
    assert check(sessions).fired == 0
    with sessions.begin() as session:
        session.scalar(select(Offer)).price = Decimal("85.00")
    assert check(sessions).fired == 1


def test_back_in_stock(sessions, shopper):
    with sessions.begin() as session:
        product = add_product(session, available=False)
        create_alert(
            session, CostBook(session, RATES), request(shopper, product.id, kind="in_stock")
        )
    assert check(sessions).fired == 0
    with sessions.begin() as session:
        session.scalar(select(Offer)).available = True
    assert check(sessions).fired == 1
    with sessions() as session:
        assert "back in stock" in session.scalar(select(AlertMessage)).reason


def test_the_cheapest_store_of_the_same_gtin_counts(sessions, shopper):
    with sessions.begin() as session:
        dear = add_product(session, price="90.00")
        cheap = add_product(session, store_id="jp-shop", price="5980", currency="JPY")
        book = CostBook(session, RATES, FIVE_PERCENT)
        assert book.quote(dear.id, "CN", "CNY").store_id == "jp-shop"
        assert book.quote(dear.id, "CN", "CNY") == book.quote(cheap.id, "CN", "CNY")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "cheaper"}, "kind"),
        ({"destination": "XX"}, "destination"),
        ({"currency": "ABC"}, "currency"),
        ({"target": "-3"}, "target"),
        ({"target": "cheap"}, "target"),
        ({"kind": "drop", "drop_percent": "120"}, "drop_percent"),
        ({"channel": "webhook", "webhook_url": "file:///etc/passwd"}, "webhook_url"),
        ({"email": "nobody"}, "email"),
        ({"product_id": 999}, "product_id"),
    ],
)
def test_a_bad_request_names_its_field_and_stores_nothing(sessions, shopper, changes, field):
    with sessions.begin() as session:
        product = add_product(session)
    with sessions() as session:
        with pytest.raises(AlertError) as raised:
            create_alert(session, CostBook(session, RATES), request(shopper, product.id, **changes))
        session.rollback()
        assert raised.value.field == field
        assert session.scalar(select(Alert)) is None


def test_alerts_read_at_once_are_written_back_a_batch_at_a_time(sessions, shopper, monkeypatch):
    """Every alert of every batch is checked and its own state written, in its own row."""
    monkeypatch.setattr(evaluate, "BATCH", 2)
    with sessions.begin() as session:
        product = add_product(session, price="60.00")
        book = CostBook(session, RATES, FIVE_PERCENT)
        for target in ("300", "350", "400", "450", "9999"):
            create_alert(session, book, request(shopper, product.id, target=target))
    with sessions.begin() as session:
        session.scalar(select(Offer)).price = Decimal("40.00")
    report = check(sessions)
    with sessions() as session:
        alerts = session.scalars(select(Alert).order_by(Alert.id)).all()
        fired = {m.alert_id for m in session.scalars(select(AlertMessage))}
    cost = alerts[0].last_cost
    met = sum(alert.target >= cost for alert in alerts)
    assert report.checked == 5 and report.fired == len(fired) == met and 0 < met < 5
    assert {a.id for a in alerts if not a.armed} == fired
    assert {a.last_cost for a in alerts} == {cost}


def test_a_check_records_its_time_once_and_each_active_alert_reads_it(sessions, shopper):
    with sessions.begin() as session:
        product = add_product(session, price="60.00")
        book = CostBook(session, RATES, FIVE_PERCENT)
        kept, stopped = (create_alert(session, book, request(shopper, product.id)) for _ in "ab")
        stopped.active, set_up = False, kept.last_checked_at
    with sessions() as session:
        assert last_check(session) is None
        assert checked_at(session.get(Alert, kept.id), None) == set_up  # priced when set up
    first, second = set_up + timedelta(hours=1), set_up + timedelta(hours=2)
    report = check(sessions, now=first)
    check(sessions, now=second)
    with sessions() as session:
        runs = session.scalars(select(AlertCheck).order_by(AlertCheck.id)).all()
        assert [(r.checked_at, r.checked, r.fired) for r in runs] == [
            (first, 1, report.fired),
            (second, 1, 0),
        ]
        assert last_check(session) == second
        newest = last_check(session)
        assert checked_at(session.get(Alert, kept.id), newest) == newest
        assert checked_at(session.get(Alert, stopped.id), newest) is None  # not checked: stopped
        # an alert set up after the newest check was checked when it was set up
        assert checked_at(session.get(Alert, kept.id), set_up - timedelta(days=9)) == set_up
