"""The bulk totals the index precomputes: which destinations a seller reaches, the regime a
seller's registration picks in China, and the cache per rate table. (That they equal the
explained breakdown's cheapest total for any item is `test_properties.py`.)"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from config import CONFIG_DIR
from core.stores import load_stores
from pricing.landed.breakdown import Purchase
from pricing.landed.categories import UnknownCategory
from pricing.landed.fast import Repricer, cheapest_for_destinations
from pricing.landed.quote import landed_costs
from pricing.landed.rulebook import bundled_rulebook
from pricing.money import Money
from tests.pricing.landed.examples import ROUND_RATES, TODAY

BOOK = bundled_rulebook()
STORES = load_stores(CONFIG_DIR / "stores.yaml")
VITASHOP = STORES["us-vitashop"].seller()  # a registered CBEC platform mailing to CN


def test_only_the_destinations_asked_for_are_priced():
    totals = cheapest_for_destinations(
        Money(Decimal(30), "USD"), "vitamins", None, VITASHOP, rates=ROUND_RATES,
        destinations=["CN", "GB"],
    )  # fmt: skip
    assert set(totals) == {"CN", "GB"}


def test_a_seller_without_a_table_reaches_only_what_forwarders_reach():
    """A catalog row no stores-file entry describes: no direct mail, no bonded stock."""
    row = replace(VITASHOP, shipping=None)
    totals = Repricer(ROUND_RATES, BOOK).cheapest(Money(Decimal(30), "USD"), "vitamins", None, row)
    purchase = Purchase(Money(Decimal(30), "USD"), "vitamins", "US", None, seller=row)
    # what a forwarder with a US warehouse has a lane to (HK and TW have none), and never the US
    reached = {c for f in BOOK.forwarders if "US" in f.warehouses for c in f.lanes} - {"US"}
    assert set(totals) == reached & set(BOOK.codes)
    for to, total in totals.items():
        forwarded = landed_costs(
            purchase, to, BOOK, ROUND_RATES, route="forwarder", currency="EUR", today=TODAY
        )
        cheapest = min(forwarded, key=lambda b: b.total.amount).total
        assert total.rounded() == cheapest.rounded(), to


def test_a_cbec_registration_changes_how_china_taxes_direct_mail():
    """Registered: CBEC (VAT 13% × 70% on goods + freight); not: postal articles tax (tier 1,
    13% of the goods, not collected up to CNY 50)."""
    price = Money(Decimal(80), "USD")
    registered = cheapest_for_destinations(
        price, "vitamins", Decimal(1), VITASHOP, rates=ROUND_RATES, destinations=["CN"]
    )
    unregistered = cheapest_for_destinations(
        price, "vitamins", Decimal(1), replace(VITASHOP, cbec_platform=False),
        rates=ROUND_RATES, destinations=["CN"],
    )  # fmt: skip
    assert registered["CN"] != unregistered["CN"]
    for seller, totals in ((VITASHOP, registered), (replace(VITASHOP, cbec_platform=False),
                                                   unregistered)):  # fmt: skip
        purchase = Purchase(price, "vitamins", "US", Decimal(1), seller=seller)
        full = landed_costs(purchase, "CN", BOOK, ROUND_RATES, currency="EUR", today=TODAY)
        assert totals["CN"].rounded() == next(b for b in full if b.cheapest).total.rounded()


def test_new_rates_give_new_totals():
    """The repricer is cached per rate table: a new table is not served the old one's plans."""
    price = Money(Decimal(120), "USD")
    before = cheapest_for_destinations(price, "toys", None, VITASHOP, rates=ROUND_RATES)
    dearer = replace(ROUND_RATES, per_pivot={**ROUND_RATES.per_pivot, "USD": Decimal("0.625")})
    after = cheapest_for_destinations(price, "toys", None, VITASHOP, rates=dearer)
    # the dollar is worth twice as many euros: every total in EUR is at least as high
    assert set(before) == set(after)
    assert all(after[to].amount > before[to].amount for to in before)
    assert cheapest_for_destinations(price, "toys", None, VITASHOP, rates=ROUND_RATES) == before


def test_an_unknown_store_category_is_refused():
    with pytest.raises(UnknownCategory):
        cheapest_for_destinations(
            Money(Decimal(1), "USD"), "spaceships", None, VITASHOP, rates=ROUND_RATES
        )
