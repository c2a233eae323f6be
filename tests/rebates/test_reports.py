"""The affiliate's report: counted clicks and conversions in a date range, broken down by store
and sub-ID, earnings per currency without reversals, and the CSV exports."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from pricing.money import Money
from rebates.conversions import ConversionReport, record
from rebates.reports import CONVERSION_COLUMNS, build_report, conversions_csv, statement_csv
from tests.rebates.records import clicked

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def convert(sessions, click_id: str, txn: str, commission: str, day: int, status="pending"):
    report = ConversionReport("linkhub", txn, click_id, Decimal(100), Decimal(commission), "USD",
                              status, datetime(2026, 3, day, 12))  # fmt: skip
    record(sessions, report, "import")


def march_report(sessions, user_id: int):
    with sessions() as session:
        return build_report(session, user_id, *MARCH)


def test_clicks_and_conversions_are_broken_down_by_store_and_sub_id(sessions):
    user, spring = clicked(sessions, "r@example.com", sub_id="spring", at=datetime(2026, 3, 2))
    _, summer = clicked(sessions, "r@example.com", sub_id="summer", at=datetime(2026, 3, 3))
    clicked(sessions, "r@example.com", sub_id="summer", at=datetime(2026, 4, 1))  # outside
    convert(sessions, spring, "T-1", "8.00", 2)
    convert(sessions, summer, "T-2", "4.00", 5, status="approved")
    report = march_report(sessions, user)
    assert (report.clicks, report.conversions, report.conversion_rate) == (2, 2, Decimal("100.00"))
    assert [(b.key, b.clicks, b.conversions) for b in report.by_sub_id] == [
        ("spring", 1, 1), ("summer", 1, 1)
    ]  # fmt: skip
    assert [b.key for b in report.by_store] == ["VitaShop"]
    assert report.by_status == {"pending": {"USD": Decimal("6.00")},
                                "approved": {"USD": Decimal("3.00")}}  # fmt: skip
    assert report.epc() == {"USD": Money(Decimal("4.50"), "USD")}
    assert report.daily["USD"] == {date(2026, 3, 2): Decimal("6.00"),
                                   date(2026, 3, 5): Decimal("3.00")}  # fmt: skip


def test_a_reversed_conversion_counts_but_earns_nothing(sessions):
    user, click_id = clicked(sessions, "rev@example.com", at=datetime(2026, 3, 2))
    convert(sessions, click_id, "T-1", "8.00", 2)
    convert(sessions, click_id, "T-1", "8.00", 2, status="reversed")
    report = march_report(sessions, user)
    assert report.conversions == 1 and report.earnings() == {}
    assert report.by_sub_id[0].earnings == {}


def test_no_clicks_means_no_rate_and_no_epc(sessions):
    user, _ = clicked(sessions, "none@example.com", at=datetime(2026, 5, 1))
    report = march_report(sessions, user)
    assert (report.clicks, report.conversion_rate, report.epc()) == (0, None, {})


def test_the_exports_list_the_conversions_and_the_ledger_with_its_balances(sessions):
    user, click_id = clicked(sessions, "csv@example.com", sub_id="nl", at=datetime(2026, 3, 2))
    convert(sessions, click_id, "T-9", "8.00", 9)
    with sessions() as session:
        rows = list(csv.reader(io.StringIO(conversions_csv(session, user, *MARCH))))
        statement = list(csv.reader(io.StringIO(statement_csv(session, user))))
    assert rows[0] == CONVERSION_COLUMNS
    assert rows[1][1:7] == ["VitaShop", "nl", "linkhub", "T-9", "pending", "100.00"]
    assert rows[1][8:10] == ["6.00", "USD"]
    assert statement[1][1:6] == ["earn", "pending", "6.00", "USD", "T-9"]
    assert ["balance", "", "pending", "6.00", "USD", "", ""] in statement
