"""Destination rule files: conditions, bands, fees, duty rates and customs-union members,
each refused with a reason when it cannot be right."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from pydantic import ValidationError

from config import CONFIG_DIR
from pricing.landed.rules import Band, Condition, Destination, Fee

SOURCE = {"source": "a tariff sheet", "effective": "2026-01-01"}


@pytest.mark.parametrize(
    ("condition", "args", "matches"),
    [
        ({}, ("US", "post", "toys"), True),
        ({"origins": ["US"]}, ("US", "post", "toys"), True),
        ({"origins": ["US"]}, ("JP", "post", "toys"), False),
        ({"modes": ["courier"]}, ("US", "post", "toys"), False),
        ({"categories": ["toys"]}, ("US", "post", "toys"), True),
        ({"categories": ["toys"]}, ("US", "post", "cosmetics"), False),
        ({"not_categories": ["toys"]}, ("US", "post", "toys"), False),
        ({"not_categories": ["toys"]}, ("US", "post", "footwear"), True),
    ],
)
def test_a_condition_matches_only_what_it_names(condition, args, matches):
    assert Condition.model_validate(condition).matches(*args) is matches


def band(**fields) -> dict:
    return {"id": "low", "text": "up to 100: no duty", "duty": "none", "tax": "none", **SOURCE,
            **fields}  # fmt: skip


def test_per_item_duty_needs_its_amount_and_only_then():
    with pytest.raises(ValidationError, match="duty_per_item is required exactly when"):
        Band.model_validate(band(duty="per_item"))
    with pytest.raises(ValidationError, match="duty_per_item is required exactly when"):
        Band.model_validate(band(duty_per_item={"amount": "3", "currency": "EUR"}))
    per_item = band(duty="per_item", duty_per_item={"amount": "3", "currency": "EUR"})
    assert Band.model_validate(per_item).duty_per_item.amount == Decimal(3)


@pytest.mark.parametrize(
    ("limits", "args", "applies"),
    [
        ({}, ("low", "post"), True),
        ({"bands": ["low"]}, ("low", "post"), True),
        ({"bands": ["low"]}, ("high", "post"), False),
        ({"modes": ["courier"]}, ("low", "post"), False),
    ],
)
def test_a_fee_applies_to_its_bands_and_modes(limits, args, applies):
    fee = Fee.model_validate({"name": "handling", "amount": "8", "currency": "EUR", **SOURCE,
                              **limits})  # fmt: skip
    assert fee.applies(*args) is applies


def destination(**changes) -> dict:
    rate = {"rate": "0.05", **SOURCE}
    fields = {
        "country": "GB", "name": "Test", "currency": "GBP", "reviewed": "2026-11-01",
        "duty": {"includes_shipping": False, "rates": {"default": rate, "toys": {**rate,
                 "rate": "0.1"}}},
        "bands": [band(id="low", up_to={"amount": "135", "currency": "GBP"}),
                  band(id="rest", duty="category", when={"not_categories": ["books"]})],
    }  # fmt: skip
    return {**fields, **changes}


def test_the_last_band_must_catch_everything():
    with pytest.raises(ValidationError, match="the last band must have no 'up_to' and no 'when'"):
        Destination.model_validate(destination())
    fixed = destination(bands=[band(id="low", up_to={"amount": "135", "currency": "GBP"}),
                               band(id="rest", duty="category")])  # fmt: skip
    rules = Destination.model_validate(fixed)
    assert rules.duty.rate_for("toys").rate == Decimal("0.1")
    assert rules.duty.rate_for("anything else").rate == Decimal("0.05")


def test_duty_rates_need_a_default_and_countries_must_be_real():
    no_default = destination()
    no_default["duty"] = {**no_default["duty"], "rates": {"toys": {"rate": "0.1", **SOURCE}}}
    with pytest.raises(ValidationError, match="needs a 'default' rate"):
        Destination.model_validate(no_default)
    with pytest.raises(ValidationError, match="ISO 3166"):
        Destination.model_validate(destination(country="XX"))


def test_a_union_member_has_its_own_vat_and_fees_on_top_of_the_unions():
    union = Destination.model_validate(yaml.safe_load((CONFIG_DIR / "destinations" / "EU.yaml")
                                                      .read_text(encoding="utf-8")))  # fmt: skip
    assert {"DE", "FR"} <= set(union.members)
    france = union.member("FR")
    assert (france.country, france.members) == ("FR", {})
    assert france.tax.rate == union.members["FR"].tax_rate
    assert france.fees == union.fees + union.members["FR"].fees
    assert (union.member("DE").tax.rate.rate, france.tax.rate.rate) == (
        Decimal("0.19"),
        Decimal("0.20"),
    )
    assert france.categories_named() >= set(union.duty.rates) - {"default"}
