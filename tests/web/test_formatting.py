"""Prices written the way a shopper in the destination country reads them (Babel)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import render_template_string

from pricing.money import Money
from web.formatting import LOCALES, format_money, locale_for


@pytest.mark.parametrize(
    ("amount", "currency", "destination", "expected"),
    [
        ("1234.5", "EUR", "DE", "1.234,50\xa0€"),
        ("1234.5", "USD", "US", "$1,234.50"),
        ("3980", "JPY", "JP", "￥3,980"),
        ("12000", "KRW", "KR", "₩12,000"),
        ("99.9", "CNY", "CN", "¥99.90"),
    ],
)
def test_money_in_the_destinations_locale(amount, currency, destination, expected):
    assert format_money(Money(Decimal(amount), currency), destination) == expected


def test_an_unknown_destination_falls_back_to_plain_english():
    assert locale_for("ZZ") == "en" and locale_for("") == "en"
    assert all(locale_for(country) == locale for country, locale in LOCALES.items())


def test_templates_have_the_money_filter(small_app):
    with small_app.app_context():
        text = render_template_string("{{ m | money('FR') }}", m=Money(Decimal("5"), "EUR"))
    assert text == "5,00\xa0€"
