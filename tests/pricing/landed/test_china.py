"""China's three regimes, worked by hand from config/destinations/CN.yaml (1 USD = 6.4 CNY)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.pricing.landed.examples import shown


def test_cbec_ordinary_cosmetics_pays_vat_at_70_percent(quote):
    """CBEC within the limits (财关税〔2018〕49号): 0% duty, VAT 13% × 70% = 9.1%, on goods and
    freight.

    100 USD = 640 CNY; shipping 10 USD = 64 CNY; dutiable 704.
    VAT = 704 × 0.13 × 0.7 = 64.064. Total = 640 + 64 + 64.064 = 768.064 → 768.06.
    """
    breakdown = quote("CN", "100 USD", "cosmetics", "US", shipping="10 USD", regime="cbec")
    assert breakdown.regime == "cbec"
    assert shown(breakdown) == {
        "item": "640.00",
        "shipping": "64.00",
        "tax": "64.06",
        "total": "768.06",
    }


def test_cbec_high_end_cosmetics_adds_consumption_tax(quote):
    """CT 15%: tax = D × (VAT + CT) / (1 − CT) × 70% (JD.com formula, azoyagroup).

    D = 640. 640 / 0.85 × 0.7 = 527.0588…; VAT × 0.13 = 68.5176…; CT × 0.15 = 79.0588…
    (together 23.06% of 640 = 147.5765). Total = 787.5765 → 787.58.
    """
    breakdown = quote("CN", "100 USD", "cosmetics-high-end", "US", regime="cbec")
    assert shown(breakdown) == {
        "item": "640.00",
        "tax": "68.52",
        "consumption_tax": "79.06",
        "total": "787.58",
    }


def test_cbec_single_order_over_5000_pays_full_general_rates(quote):
    """Over CNY 5,000 one item may still use CBEC but pays in full (2018 No. 49, HKTDC).

    800 USD = 5,120 CNY. Duty 10% = 512; VAT 13% × (5,120 + 512) = 732.16;
    total = 6,364.16 (24.3% on top, as azoyagroup's example).
    """
    breakdown = quote("CN", "800 USD", "cosmetics", "US", regime="cbec")
    assert shown(breakdown) == {
        "item": "5120.00",
        "duty": "512.00",
        "tax": "732.16",
        "total": "6364.16",
    }
    assert breakdown.regime == "cbec"
    assert any("single-order limit of CNY 5000" in w for w in breakdown.warnings)


@pytest.mark.parametrize(
    ("price", "total", "over"),
    [
        # 5,000.00 × 1.091 = 5,455.00: within the limit.
        ("5000.00 CNY", "5455.00", False),
        # 5,000.01 × 1.243 = 6,215.01243: duty 500.001, VAT 715.00143.
        ("5000.01 CNY", "6215.01", True),
    ],
)
def test_cbec_single_order_limit_edge(quote, price, total, over):
    """The CNY 5,000 limit is inclusive: one fen over switches to full rates."""
    breakdown = quote("CN", price, "vitamins", "US", shipping="0 CNY", regime="cbec")
    assert shown(breakdown)["total"] == total
    assert any("single-order" in w for w in breakdown.warnings) is over


def test_cbec_over_the_annual_limit_is_general_trade(quote):
    """CNY 25,500 already bought this year + 640 > 26,000: cleared as general trade.

    Duty 64; VAT 13% × 704 = 91.52; total = 640 + 64 + 91.52 = 795.52.
    """
    breakdown = quote(
        "CN", "100 USD", "cosmetics", "US", regime="cbec", cbec_used_cny=Decimal(25500)
    )
    assert breakdown.regime == "general"
    assert shown(breakdown)["total"] == "795.52"
    assert any("annual limit of CNY 26000" in w for w in breakdown.warnings)


def test_postal_clothing_is_tier_2(quote):
    """行邮税 tier 2, 20% (税委会〔2019〕17号) of the goods' value, freight not in the base.

    100 USD = 640 CNY; tax 128; shipping 10 USD = 64. Total = 640 + 64 + 128 = 832.
    """
    breakdown = quote("CN", "100 USD", "clothing", "US", shipping="10 USD")
    assert breakdown.regime == "postal"
    assert shown(breakdown) == {
        "item": "640.00",
        "shipping": "64.00",
        "duty": "128.00",
        "total": "832.00",
    }


def test_postal_tax_of_at_most_50_is_not_collected(quote):
    """Vitamins, tier 1 at 13%: 50 USD = 320 CNY; tax 41.60 ≤ 50 (GACC 2010 No. 43): nil."""
    breakdown = quote("CN", "50 USD", "vitamins", "US")
    assert shown(breakdown) == {"item": "320.00", "total": "320.00"}
    assert any("not collected" in rule for rule in breakdown.rules)


@pytest.mark.parametrize(
    ("price", "duty"),
    [("250.00 CNY", None), ("250.01 CNY", "50.00")],  # 20% of 250.00 = 50.00 exactly: exempt
)
def test_postal_exemption_edge(quote, price, duty):
    """Tier 2 at 20%: the break-even value is CNY 250; 250.01 owes 50.002 → 50.00."""
    breakdown = quote("CN", price, "cosmetics", "US", shipping="0 CNY")
    assert shown(breakdown).get("duty") == duty


def test_postal_parcel_over_2000_is_warned(quote):
    """GACC 2024 No. 176: CNY 2,000 per parcel (400 USD = 2,560 CNY; tier 2 = 512)."""
    breakdown = quote("CN", "400 USD", "electronics", "US")
    assert shown(breakdown)["duty"] == "512.00"
    assert any("CNY 2000 limit" in w for w in breakdown.warnings)


def test_general_trade_electronics(quote):
    """General trade: duty 10% on CIF, VAT 13% on CIF + duty.

    CIF = 640 + 64 = 704; duty 70.40; VAT = 774.40 × 0.13 = 100.672;
    total = 704 + 70.40 + 100.672 = 875.072 → 875.07.
    """
    breakdown = quote("CN", "100 USD", "electronics", "US", shipping="10 USD", regime="general")
    assert shown(breakdown) == {
        "item": "640.00",
        "shipping": "64.00",
        "duty": "70.40",
        "tax": "100.67",
        "total": "875.07",
    }
