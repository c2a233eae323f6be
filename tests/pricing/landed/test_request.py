"""Requests from the CLI and the API: bad input is refused with the field and the reason."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from core.config_files import describe_error
from core.errors import ConfigError
from pricing.landed.categories import UnknownCategory
from pricing.landed.request import LandedCostRequest, answer, parse_money
from tests.pricing.landed.examples import ROUND_RATES

GOOD = {"to": "CN", "price": "59.99 USD", "category": "skincare", "from": "US"}


def refusal(**change) -> str:
    with pytest.raises(ValidationError) as error:
        LandedCostRequest.model_validate({**GOOD, **change})
    return describe_error(error.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"to": "XX"}, "field 'to': unknown country 'XX'"),
        ({"price": "-1 USD"}, "field 'price': must be more than zero"),
        ({"price": "0 USD"}, "field 'price': must be more than zero"),
        ({"price": "5 XYZ"}, "field 'price': unknown currency 'XYZ'"),
        ({"price": "5 XXX"}, "field 'price': XXX is ISO 4217's code for no currency"),
        ({"currency": "XXX"}, "field 'currency': unknown currency 'XXX'"),
        ({"price": "five dollars"}, "not an amount and a currency, like '59.99 USD'"),
        ({"shipping": "-2 USD"}, "field 'shipping': must not be negative"),
        ({"price": 59.99}, "money is never a bare number"),
        ({"price": {"amount": "1"}}, "money is never a bare number"),
        ({"currency": "ABC"}, "field 'currency': unknown currency 'ABC'"),
        ({"route": "teleport"}, "field 'route'"),
        ({"weight_kg": "-1"}, "field 'weight_kg'"),
        ({"from": None}, "give either 'from'"),
        ({"store": "us-vitashop"}, "give either 'from'"),
    ],
)
def test_bad_input_is_refused_with_the_field(change, message):
    assert message in refusal(**change)


def test_money_parses_exactly():
    money = parse_money(" 59.99 usd ")
    assert (str(money.amount), money.currency) == ("59.99", "USD")


def test_an_unknown_category_lists_the_duty_categories(book):
    asked = LandedCostRequest.model_validate({**GOOD, "category": "spaceships"})
    with pytest.raises(UnknownCategory, match="duty categories: clothing, cosmetics"):
        answer(asked, book, ROUND_RATES, {})


def test_an_unknown_store_is_named(book):
    asked = LandedCostRequest.model_validate({**GOOD, "from": None, "store": "nope"})
    with pytest.raises(ConfigError, match="unknown store 'nope'"):
        answer(asked, book, ROUND_RATES, {})


@pytest.mark.parametrize(
    "name",
    ["skincare-cosmetics", "Hautpflege & Kosmetik", "スキンケア・コスメ", "护肤彩妆", "SKINCARE"],
)
def test_store_categories_in_every_language_map_to_cosmetics(book, name):
    assert book.categories.resolve(name) == "cosmetics"
