"""Hong Kong and Taiwan, worked by hand from config/destinations/HK.yaml and TW.yaml.

Rates: 1 EUR = 1.25 USD = 10 HKD = 40 TWD, so 1 USD = 8 HKD = 32 TWD.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing.exchange_rates.rate_table import RateTable
from pricing.landed.breakdown import Purchase
from pricing.landed.quote import landed_costs
from pricing.landed.request import parse_money
from tests.pricing.landed.examples import shown

RATES = RateTable(
    source="test rates",
    as_of=date(2026, 12, 1),
    per_pivot={"USD": Decimal("1.25"), "HKD": Decimal("10"), "TWD": Decimal("40")},
)


def quote(book, to: str, price: str, category: str, shipping: str):
    purchase = Purchase(
        parse_money(price), category, "US", Decimal("0.5"), parse_money(shipping), None
    )
    (found,) = landed_costs(purchase, to, book, RATES, route="direct", today=date(2026, 12, 6))
    return found


@pytest.mark.parametrize("category", ["cosmetics", "vitamins", "electronics", "clothing"])
def test_hong_kong_charges_no_duty_and_no_tax(book, category):
    """100 USD + 10 USD shipping = 800 + 80 HKD, and nothing else, in every category."""
    breakdown = quote(book, "HK", "100 USD", category, "10 USD")
    assert shown(breakdown) == {"item": "800.00", "shipping": "80.00", "total": "880.00"}
    assert any("no duty and no VAT" in rule for rule in breakdown.rules)


def test_taiwan_lets_a_parcel_up_to_2000_twd_in_free(book):
    """40 USD + 5 USD = 1,280 + 160 = 1,440 TWD of CIF: under NT$2,000, no duty, no tax."""
    breakdown = quote(book, "TW", "40 USD", "clothing", "5 USD")
    assert shown(breakdown) == {"item": "1280.00", "shipping": "160.00", "total": "1440.00"}


def test_taiwan_taxes_the_whole_value_above_2000_twd(book):
    """100 USD + 10 USD = 3,520 TWD CIF. Clothing duty 12% = 422.40; business tax 5% of
    (3,520 + 422.40) = 197.12; total 4,139.52."""
    breakdown = quote(book, "TW", "100 USD", "clothing", "10 USD")
    assert shown(breakdown) == {
        "item": "3200.00",
        "shipping": "320.00",
        "duty": "422.40",
        "tax": "197.12",
        "total": "4139.52",
    }


def test_taiwan_supplements_pay_business_tax_only(book):
    """Vitamins: duty not collected; business tax 5% × 3,520 = 176; total 3,696."""
    breakdown = quote(book, "TW", "100 USD", "vitamins", "10 USD")
    assert shown(breakdown)["total"] == "3696.00"
    assert shown(breakdown)["tax"] == "176.00"
