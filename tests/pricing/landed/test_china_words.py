"""China's charges in words, called directly on a plan and its charges: each regime's rules
with their citations, and the warnings at the limits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing.landed.charges import china_charges
from pricing.landed.china_words import explain_china
from pricing.landed.resolve import Resolver
from tests.pricing.landed.examples import ROUND_RATES


@pytest.fixture(scope="module")
def resolver(book) -> Resolver:
    return Resolver(book, ROUND_RATES)


def words(resolver, category, regime, goods, shipping="0", used="0"):
    plan = resolver.china(category)
    charges = china_charges(plan, regime, Decimal(goods), Decimal(shipping), Decimal(used))
    return plan, explain_china(plan, charges, Decimal(goods) + Decimal(shipping))


def test_cbec_names_the_channel_vat_and_consumption_tax_with_citations(resolver):
    plan, (rules, warnings) = words(resolver, "cosmetics-high-end", "cbec", "640")
    assert rules[0] == f"{plan.rules.cbec.text} ({plan.rules.cbec.citation})"
    assert rules[1].startswith("VAT ") and plan.vat.citation in rules[1]
    assert rules[2].startswith("consumption tax ") and warnings == ()


def test_cbec_without_consumption_tax_has_two_rules(resolver):
    _, (rules, _) = words(resolver, "cosmetics", "cbec", "640")
    assert len(rules) == 2


def test_over_the_single_order_limit_general_rates_apply_with_a_warning(resolver):
    plan, (rules, warnings) = words(resolver, "cosmetics", "cbec", "5120")
    assert rules[0].startswith(plan.rules.general.text) and rules[-1].startswith("limit: ")
    [warning] = warnings
    assert "single-order limit of CNY 5000" in warning and "annual limit" in warning


def test_over_the_annual_limit_it_is_general_trade(resolver):
    _, (rules, warnings) = words(resolver, "cosmetics", "cbec", "1000", used="25900")
    assert warnings == ("over the CBEC annual limit of CNY 26000: cleared as general trade",)
    assert any(rule.startswith("duty ") for rule in rules)


def test_general_trade_lists_duty_and_vat_on_cif_plus_duty(resolver):
    _, (rules, warnings) = words(resolver, "electronics", "general", "640")
    assert rules[1].startswith("duty ") and "on (CIF + duty + consumption tax)" in rules[2]
    assert warnings == ()


def test_postal_tax_at_most_the_exemption_is_not_collected_to_the_fen(resolver):
    _, (rules, warnings) = words(resolver, "vitamins", "postal", "320")
    assert rules[1] == (
        "tax of CNY 41.60 is at most CNY 50: not collected (" + rules[1].split("(", 1)[1]
    )
    assert warnings == ()


def test_a_postal_parcel_over_the_limit_is_warned(resolver):
    _, (rules, warnings) = words(resolver, "electronics", "postal", "2000", shipping="1")
    assert len(rules) == 1 and "of the goods' value" in rules[0]
    assert "over the CNY 2000 limit for personal articles" in warnings[0]
