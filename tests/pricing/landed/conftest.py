"""Fixtures for landed-cost tests: the bundled rules, and one route quoted at round rates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing.landed.breakdown import Breakdown, Purchase
from pricing.landed.quote import landed_costs
from pricing.landed.request import parse_money
from pricing.landed.rulebook import bundled_rulebook
from tests.pricing.landed.examples import ROUND_RATES, TODAY


@pytest.fixture(scope="session")
def book():
    return bundled_rulebook()


@pytest.fixture
def quote(book):
    """One route's breakdown: quote("CN", "100 USD", "cosmetics", "US", shipping="10 USD")."""

    def run(
        to: str,
        price: str,
        category: str,
        origin: str,
        *,
        shipping: str = "0 USD",
        weight: str = "0.5",
        route: str = "direct",
        **options,
    ) -> Breakdown:
        purchase = Purchase(
            parse_money(price),
            category,
            origin,
            Decimal(weight),
            parse_money(shipping) if shipping else None,
            options.pop("seller", None),
            cbec_used_cny=options.pop("cbec_used_cny", Decimal(0)),
        )
        found = landed_costs(purchase, to, book, ROUND_RATES, route=route, today=TODAY, **options)
        assert len(found) == 1, found
        return found[0]

    return run
