"""Conversions: a report becomes one conversion, idempotent on the network's transaction id;
statuses only move forward; amounts are exact in the currency's minor unit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from rebates.conversions import ConversionError, ConversionReport, naive_utc, record, transition
from rebates.ledger import balances
from rebates.tables import Conversion
from tests.rebates.records import clicked


def report(click_id: str = "", **fields) -> ConversionReport:
    values = {"network": "linkhub", "transaction_id": "T-1", "click_id": click_id,
              "order_amount": Decimal("120.00"), "commission": Decimal("9.60"),
              "currency": "USD", **fields}  # fmt: skip
    return ConversionReport(**values)


def test_a_report_is_recorded_once_and_its_share_earned_pending(sessions):
    user, click_id = clicked(sessions, "c@example.com", sub_id="yt")
    assert record(sessions, report(click_id), "postback") == "created"
    assert record(sessions, report(click_id), "import") == "unchanged"
    with sessions() as session:
        (conversion,) = session.scalars(select(Conversion))
        assert (conversion.share, conversion.sub_id, conversion.source) == (
            Decimal("7.20"), "yt", "postback"
        )  # fmt: skip
        assert balances(session, user)["USD"]["pending"] == Decimal("7.20")


def test_a_later_status_moves_it_forward_and_never_back(sessions):
    user, click_id = clicked(sessions, "m@example.com")
    record(sessions, report(click_id), "postback")
    assert record(sessions, report(click_id, status="approved"), "postback") == "updated"
    assert record(sessions, report(click_id, status="approved"), "postback") == "unchanged"
    assert not transition(sessions, "linkhub", "T-1", "pending")
    assert record(sessions, report(click_id, status="reversed"), "postback") == "updated"
    assert not transition(sessions, "linkhub", "T-1", "approved")
    with sessions() as session:
        assert session.scalar(select(Conversion.status)) == "reversed"
        assert balances(session, user)["USD"]["payable"] == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"click_id": "no-such-click"}, "unknown click id 'no-such-click'"),
        ({"network": "asiaclick"}, "is not from asiaclick"),
        ({"commission": Decimal("-1")}, "must not be negative"),
        ({"currency": "ZZZ"}, "ZZZ"),
        ({"status": "paid"}, "unknown status 'paid'"),
    ],
)
def test_a_report_that_cannot_be_a_conversion_says_why_and_records_nothing(
    sessions, fields, message
):
    _, click_id = clicked(sessions, "bad@example.com")
    with pytest.raises(ConversionError, match=message):
        record(sessions, report(**{"click_id": click_id, **fields}), "import")
    with sessions() as session:
        assert session.scalars(select(Conversion)).all() == []


def test_yen_commissions_and_shares_are_whole_yen(sessions):
    _, click_id = clicked(sessions, "yen@example.com", store_id="jp-rakuichi")
    fractional = report(click_id, network="asiaclick", order_amount=Decimal("12345"),
                        commission=Decimal("493.8"), currency="JPY")  # fmt: skip
    with pytest.raises(ConversionError, match="more decimals than JPY allows"):
        record(sessions, fractional, "import")  # refused, never rounded
    yen = report(click_id, network="asiaclick", order_amount=Decimal("12345"),
                 commission=Decimal("494"), currency="JPY")  # fmt: skip
    record(sessions, yen, "import")
    with sessions() as session:
        conversion = session.scalar(select(Conversion))
    assert (conversion.commission, conversion.share) == (Decimal(494), Decimal(395))


def test_a_reports_time_is_stored_as_naive_utc():
    tokyo = timezone(timedelta(hours=9))
    assert naive_utc(datetime(2026, 3, 1, 9, 0, tzinfo=tokyo)) == datetime(2026, 3, 1, 0, 0)
    assert naive_utc(datetime(2026, 3, 1, 9, 0, tzinfo=UTC)) == datetime(2026, 3, 1, 9, 0)
    assert naive_utc(datetime(2026, 3, 1, 9, 0)) == datetime(2026, 3, 1, 9, 0)
