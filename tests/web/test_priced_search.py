"""Price-band bounds are round numbers in the shopper's currency."""

from decimal import Decimal

import pytest

from config import CONFIG_DIR
from pricing.exchange_rates.rate_table import PIVOT, load_snapshot
from pricing.money import Money
from web.priced_search import price_bands

RATES = load_snapshot(CONFIG_DIR / "fx-snapshot.yaml")


@pytest.mark.parametrize("currency", ["CNY", "JPY", "USD", "KRW", "EUR", "GBP"])
def test_bounds_are_round_and_increasing_in_the_shoppers_currency(currency):
    bounds = price_bands(currency, RATES)
    local = [RATES.convert(Money(b, PIVOT), currency).rounded().amount for b in bounds]
    assert local == sorted(local) and len(set(local)) == len(local)
    for amount in local:
        digits = str(amount.normalize().scaleb(-amount.adjusted()))
        assert Decimal(digits) == Decimal(digits).to_integral_value(), amount
