"""Properties: money never drifts through conversions and sums, and the fast repricer agrees with
the full breakdown for any item, seller and destination."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from config import CONFIG_DIR
from core.iso_codes import minor_digits
from core.stores import Seller, load_stores
from pricing.landed.breakdown import Purchase
from pricing.landed.fast import Repricer, cheapest_for_destinations, route_code
from pricing.landed.quote import landed_costs
from pricing.landed.routes import NoRoute
from pricing.landed.rulebook import bundled_rulebook
from pricing.money import Money
from tests.pricing.landed.examples import ROUND_RATES, TODAY

BOOK = bundled_rulebook()
STORES = load_stores(CONFIG_DIR / "stores.yaml")
CURRENCIES = sorted({"EUR", *ROUND_RATES.per_pivot})
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**7), places=2)
weights = st.none() | st.decimals(min_value=Decimal("0.01"), max_value=Decimal(30), places=2)
categories = st.sampled_from(sorted(BOOK.categories.categories))
store_sellers = st.sampled_from([STORES[store_id].seller() for store_id in sorted(STORES)])


@st.composite
def sellers(draw) -> Seller:
    """A sample store as it sells, its CBEC registration either way, or (as a catalog row no
    stores-file entry describes) without a shipping table."""
    seller = draw(store_sellers)
    return draw(
        st.sampled_from(
            [seller, replace(seller, cbec_platform=not seller.cbec_platform),
             replace(seller, shipping=None)]
        )
    )  # fmt: skip


@given(amounts, st.sampled_from(CURRENCIES), st.sampled_from(CURRENCIES))
def test_a_round_trip_conversion_comes_back_to_the_minor_unit(amount, there, back):
    """A price (whole minor units) converted there and back rounds to itself; the exact value
    is off by no more than Decimal's 28th significant digit."""
    money = Money(amount, back).rounded()
    returned = ROUND_RATES.convert(ROUND_RATES.convert(money, there), back)
    assert returned.rounded() == money
    assert abs(returned.amount - money.amount) <= money.amount * Decimal("1e-25")


@given(
    st.lists(st.tuples(amounts, st.sampled_from(CURRENCIES)), min_size=1, max_size=30),
    st.sampled_from(CURRENCIES),
    st.randoms(),
)
def test_a_converted_sum_does_not_depend_on_order_or_on_when_it_is_converted(
    lines, currency, random
):
    """Lines in several currencies converted to one: adding them in any order, or adding in
    the pivot and converting once, rounds to the same total."""
    converted = [ROUND_RATES.convert(Money(a, c), currency).amount for a, c in lines]
    shuffled = list(converted)
    random.shuffle(shuffled)
    in_pivot = sum((ROUND_RATES.convert(Money(a, c), "EUR").amount for a, c in lines), Decimal(0))
    once = ROUND_RATES.convert(Money(in_pivot, "EUR"), currency).rounded()
    total = Money(sum(converted, Decimal(0)), currency).rounded()
    assert total == Money(sum(shuffled, Decimal(0)), currency).rounded()
    assert abs(total.amount - once.amount) <= Decimal(1).scaleb(-minor_digits(currency))


@settings(max_examples=150, deadline=None)
@given(amounts, categories, weights, st.sampled_from(sorted(STORES)), st.sampled_from(BOOK.codes))
def test_totals_are_the_exact_sum_of_their_lines_in_any_currency(
    amount, category, weight, store_id, to
):
    store = STORES[store_id].seller()
    purchase = Purchase(
        Money(amount, store.currency), category, store.country, weight, seller=store
    )
    try:
        home = landed_costs(purchase, to, BOOK, ROUND_RATES, today=TODAY)
    except NoRoute:  # no table entry and no forwarder lane (HK, TW from some stores)
        return
    in_usd = landed_costs(purchase, to, BOOK, ROUND_RATES, currency="USD", today=TODAY)
    for mine, theirs in zip(home, in_usd, strict=True):
        assert mine.total.amount == sum((line.amount for line in mine.lines), Decimal(0))
        assert all(line.amount >= 0 for line in mine.lines)
        converted = ROUND_RATES.convert(mine.total, "USD").rounded()
        assert abs(converted.amount - theirs.total.rounded().amount) <= Decimal("0.01")
        assert mine.cheapest == theirs.cheapest


@settings(max_examples=300, deadline=None)
@given(amounts, categories, weights, sellers(), st.sampled_from(CURRENCIES))
def test_the_fast_repricer_agrees_with_the_full_breakdown(
    amount, category, weight, seller, currency
):
    """Same destinations reached, same cheapest total to Decimal's last digits (the two add
    the same amounts in another order and convert the sum rather than each line)."""
    price = Money(amount, seller.currency)
    fast = Repricer(ROUND_RATES, BOOK, currency).cheapest(price, category, weight, seller)
    purchase = Purchase(price, category, seller.country, weight, seller=seller)
    for to in BOOK.codes:
        try:
            full = landed_costs(purchase, to, BOOK, ROUND_RATES, currency=currency, today=TODAY)
        except NoRoute:
            assert to not in fast
            continue
        cheapest = next(b for b in full if b.cheapest).total
        assert fast[to].currency == cheapest.currency == currency
        assert abs(fast[to].amount - cheapest.amount) <= cheapest.amount * Decimal("1e-24"), to
        assert fast[to].rounded() == cheapest.rounded(), to


@settings(max_examples=200, deadline=None)
@given(amounts, categories, weights, sellers())
def test_the_fast_repricer_names_the_route_of_its_cheapest_total(amount, category, weight, seller):
    """The route code the index stores ("direct", "bonded", "forwarder:<id>") is a route the
    full breakdown prices at the cheapest total (ties may name either of the tied routes)."""
    price = Money(amount, seller.currency)
    fast = Repricer(ROUND_RATES, BOOK).cheapest_routes(price, category, weight, seller)
    purchase = Purchase(price, category, seller.country, weight, seller=seller)
    for to, (total, code) in fast.items():
        full = landed_costs(purchase, to, BOOK, ROUND_RATES, currency="EUR", today=TODAY)
        named = [b for b in full if route_code(b.route, b.forwarder) == code]
        assert named, (to, code)
        assert named[0].total.rounded() == total.rounded(), (to, code)


def test_the_indexer_entry_point_takes_store_categories():
    store = STORES["de-apotheke"]
    totals = cheapest_for_destinations(
        Money(Decimal("24.90"), "EUR"), "Hautpflege & Kosmetik", None, store, rates=ROUND_RATES
    )
    assert set(totals) == set(BOOK.codes)
    assert totals["DE"] == Money(Decimal("28.85"), "EUR")  # 24.90 + 3.95 shipping, domestic
    assert all(money.currency == "EUR" for money in totals.values())
