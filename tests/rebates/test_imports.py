"""Network report import: CSV columns mapped by the network's names, statuses translated,
and each row that cannot be used named by its line while the others still count."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from core.errors import HaitaoError
from rebates.conversions import ConversionError
from rebates.imports import import_report, row_report
from tests.rebates.records import clicked

HEADER = "Order ID,Sub ID,Sale Amount,Commission,Currency,Status,Order Date\n"
COLUMNS = {"transaction_id": "Order ID", "click_id": "Sub ID", "order_amount": "Sale Amount",
           "commission": "Commission", "currency": "Currency", "status": "Status",
           "occurred_at": "Order Date"}  # fmt: skip
STATUSES = {"Pending": "pending", "Declined": "reversed"}


def row(**cells) -> dict[str, str]:
    values = {"Order ID": "O-1", "Sub ID": "c1", "Sale Amount": "1,200.50", "Commission": "96.04",
              "Currency": "usd", "Status": "Declined", "Order Date": ""}  # fmt: skip
    return {**values, **cells}


def test_a_row_becomes_a_report_in_our_terms():
    report = row_report("linkhub", row(**{"Order Date": "2026-03-01T09:00+09:00"}), COLUMNS,
                        STATUSES)  # fmt: skip
    assert (report.order_amount, report.commission) == (Decimal("1200.50"), Decimal("96.04"))
    assert (report.currency, report.status) == ("USD", "reversed")
    assert report.occurred_at.utcoffset().total_seconds() == 9 * 3600


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"Sub ID": " "}, "column 'Sub ID' is empty or missing"),
        ({"Commission": "ten"}, "bad value"),
        ({"Order Date": "yesterday"}, "bad value"),
    ],
)
def test_a_row_that_cannot_be_read_says_why(cells, message):
    with pytest.raises(ConversionError, match=message):
        row_report("linkhub", row(**cells), COLUMNS, STATUSES)


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "report.csv"
    path.write_text("\ufeff" + HEADER + "".join(lines), encoding="utf-8")
    return path


def test_an_import_records_the_good_rows_and_names_the_bad_ones_by_line(sessions, tmp_path):
    _, click_id = clicked(sessions, "imp@example.com")
    path = write(
        tmp_path,
        f"A-1,{click_id},100.00,8.00,USD,Pending,2026-03-01\n",
        "A-2,no-such-click,100.00,8.00,USD,Pending,\n",
        f"A-1,{click_id},100.00,8.00,USD,Approved,\n",
    )
    result = import_report(sessions, "linkhub", path)
    assert result.outcomes == {"created": 1, "skipped": 1, "updated": 1}
    assert result.problems == ["line 3: unknown click id 'no-such-click'"]
    again = import_report(sessions, "linkhub", path)
    assert again.outcomes == {"unchanged": 2, "skipped": 1}


def test_an_unknown_network_is_an_error_naming_it(sessions, tmp_path):
    with pytest.raises(HaitaoError, match="unknown network 'nobody'"):
        import_report(sessions, "nobody", write(tmp_path))
