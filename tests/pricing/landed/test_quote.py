"""landed_costs itself: what it refuses, the weight it assumes, the currency it shows, the
rates it names and the staleness it warns about. (The figures per destination are worked by
hand in test_destinations.py, test_china.py and test_hk_tw.py.)"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from pricing.exchange_rates.rate_table import RateTable
from pricing.landed.breakdown import Purchase
from pricing.landed.quote import QuoteError, landed_costs
from pricing.money import Money
from tests.pricing.landed.examples import ROUND_RATES, TODAY


def purchase(price="100", currency="USD", weight="0.5", shipping="10", **fields) -> Purchase:
    return Purchase(
        Money.parse(price, currency),
        fields.pop("category", "cosmetics"),
        fields.pop("origin", "US"),
        None if weight is None else Decimal(weight),
        None if shipping is None else Money.parse(shipping, currency),
        **fields,
    )


def quote(book, bought: Purchase, to: str = "GB", rates: RateTable = ROUND_RATES, **options):
    return landed_costs(bought, to, book, rates, today=TODAY, **options)


@pytest.mark.parametrize(
    ("bought", "options", "field", "message"),
    [
        (purchase(price="0"), {}, "price", "price must be more than zero"),
        (purchase(weight="-1"), {}, "weight_kg", "weight must not be negative"),
        (purchase(), {"regime": "cbec"}, "regime", "--regime applies to CN only, not GB"),
        (purchase(currency="CHF"), {}, "currency", "no exchange rate for CHF to GBP"),
    ],
)
def test_bad_questions_are_refused_naming_the_field(book, bought, options, field, message):
    with pytest.raises(QuoteError, match=message) as error:
        quote(book, bought, **options)
    assert error.value.field == field


def test_an_unknown_weight_is_estimated_from_the_category_and_said(book):
    [breakdown] = quote(book, purchase(weight=None), route="direct")
    assert any(w.startswith("weight unknown: estimated as ") for w in breakdown.warnings)


def test_shown_in_the_destinations_currency_or_the_one_asked_for(book):
    [home] = quote(book, purchase(), route="direct")
    [dollars] = quote(book, purchase(), route="direct", currency="USD")
    assert (home.currency, dollars.currency) == ("GBP", "USD")
    assert home.total.amount * Decimal("1.25") / Decimal("0.8") == dollars.total.amount
    assert home.rates == (ROUND_RATES.source, ROUND_RATES.as_of.isoformat())


def test_rates_older_than_a_week_are_warned_about(book):
    old = RateTable("old rates", TODAY - timedelta(days=30), ROUND_RATES.per_pivot)
    [breakdown] = quote(book, purchase(), rates=old, route="direct")
    assert f"exchange rates of {old.as_of} (old rates) are 30 days old" in breakdown.warnings
    [fresh] = quote(book, purchase(), route="direct")
    assert not any("days old" in w for w in fresh.warnings)


def test_rules_reviewed_over_a_year_ago_are_warned_about(book):
    bought = purchase()
    far = landed_costs(bought, "GB", book, ROUND_RATES, route="direct", today=date(2031, 1, 1))
    assert any("over a year ago: check the figures" in w for w in far[0].warnings)


def test_every_route_is_priced_and_one_is_marked_cheapest(book):
    found = quote(book, purchase())
    assert len(found) >= 1 and sum(b.cheapest for b in found) == 1
