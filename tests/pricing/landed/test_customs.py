"""Customs in lines and words, called on the resolver's plans: the band's rule with its
citation, duty and tax labelled with their base, fees, warnings, and domestic purchases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing.landed.customs import assess
from pricing.landed.resolve import Resolver
from tests.pricing.landed.examples import ROUND_RATES


@pytest.fixture(scope="module")
def resolver(book) -> Resolver:
    return Resolver(book, ROUND_RATES)


def kinds(assessment) -> list[str]:
    return [line.kind for line in assessment.lines]


def test_a_domestic_purchase_has_no_customs_and_says_why(resolver):
    assessment = assess(resolver.customs("US", "US", "courier", "cosmetics"), Decimal(100), 0)
    assert assessment.lines == ()
    assert assessment.rules == (
        "domestic purchase within United States: no customs; the price includes tax",
    )


def test_gb_low_value_vat_is_charged_at_checkout_on_goods_and_shipping(resolver):
    plan = resolver.customs("GB", "US", "post", "cosmetics")
    assessment = assess(plan, Decimal(100), Decimal(10))
    assert kinds(assessment) == ["tax"]
    label = assessment.lines[0].label
    assert label.startswith("VAT 20") and "charged by the seller at checkout" in label
    band = plan.bands[0].rule
    assert assessment.rules[0] == f"{band.text} ({band.citation})"
    assert assessment.rules[-1].endswith(f"on goods + shipping ({plan.rules.tax.rate.citation})")
    assert assessment.lines[0].amount == Decimal(22)  # 20 % of 110


def test_over_the_limit_duty_tax_and_the_carriers_fee_each_get_a_line_and_a_rule(resolver):
    plan = resolver.customs("GB", "US", "post", "electronics")
    assessment = assess(plan, Decimal(1000), Decimal(20))
    assert [(line.kind, line.label) for line in assessment.lines] == [
        ("duty", "duty (over-135)"),
        ("tax", "VAT 20% (due at import)"),
        ("fee", "carrier handling fee (Royal Mail)"),
    ]
    assert assessment.lines[1].amount == Decimal("204.00")  # 20 % of 1,000 + 20 + 0 duty
    assert assessment.rules[1].startswith("duty 0% on the customs value with shipping (")
    assert assessment.rules[2].startswith("VAT 20% (due at import) on goods + shipping + duty (")
    assert assessment.rules[3].startswith("carrier handling fee (Royal Mail): 8 GBP (")


def test_a_duty_rate_without_shipping_and_the_bands_warning(resolver):
    assessment = assess(resolver.customs("US", "CN", "post", "clothing"), Decimal(100), 0)
    assert assessment.lines[0].amount == Decimal("16.500")
    assert assessment.rules[1].startswith("duty 16.5% on the customs value without shipping (")
    assert assessment.warnings == (
        "Section 301 duties on China-origin goods are not included: they depend on the HS code",
    )
