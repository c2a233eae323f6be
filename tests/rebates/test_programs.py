"""Rebate programs: the commission a sale earns (category rates, caps, the currency's minor
unit) and the affiliate's share of it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from pricing.money import Money
from rebates.programs import affiliate_share, commission_for
from rebates.tables import Program


@pytest.mark.parametrize(
    ("amount", "category", "commission"),
    [
        ("123.45", None, "9.88"),  # 8 % of 123.45 = 9.876
        ("100", "Gift Cards", "0.00"),
        ("100", "gift cards", "0.00"),
    ],
)
def test_commission_uses_category_rates(sessions, amount, category, commission):
    with sessions() as session:
        program = session.scalar(select(Program).where(Program.store_id == "us-vitashop"))
        got = commission_for(program, Money.parse(amount, "USD"), category)
    assert got == Money.parse(commission, "USD")


def test_commission_caps_and_yen_have_no_minor_unit(sessions):
    with sessions() as session:
        jp = session.scalar(select(Program).where(Program.store_id == "jp-rakuichi"))
        uk = session.scalar(select(Program).where(Program.store_id == "uk-chemist"))
        assert commission_for(jp, Money.parse("300000", "JPY"), "Electronics").amount == 3000
        assert commission_for(jp, Money.parse("12345", "JPY")).amount == 494  # 493.8
        assert affiliate_share(jp, Money.parse("494", "JPY")).amount == 395  # 395.2
        assert commission_for(uk, Money.parse("1000", "GBP")).amount == Decimal("25.00")
