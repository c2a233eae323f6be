"""A breakdown: its total is the exact sum of its lines, the cheapest route is marked once,
and its JSON shows every amount rounded to the currency's minor unit."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pricing.landed.breakdown import Breakdown, Line, breakdown_json, mark_cheapest

KINDS = ("item", "shipping", "duty", "tax", "consumption_tax", "fee")


def breakdown(*amounts: str, currency: str = "CNY", route: str = "direct") -> Breakdown:
    lines = tuple(
        Line(KINDS[i % len(KINDS)], f"line {i}", Decimal(a)) for i, a in enumerate(amounts)
    )
    return Breakdown("CN", route, currency, lines, rules=("a rule",))


lines = st.lists(st.decimals(min_value="0", max_value="100000", places=4), max_size=8)


@given(lines)
def test_the_total_is_the_exact_sum_and_the_subtotals_add_up_to_it(amounts):
    found = breakdown(*map(str, amounts))
    assert found.total.amount == sum(amounts, Decimal(0))
    assert sum((found.sum_of(kind).amount for kind in KINDS), Decimal(0)) == found.total.amount


def test_the_cheapest_route_is_marked_and_a_tie_goes_to_the_earlier_one():
    routes = [
        breakdown("10"),
        breakdown("9.5", route="forwarder"),
        breakdown("9.5", route="bonded"),
    ]
    marked = mark_cheapest(routes)
    assert [b.cheapest for b in marked] == [False, True, False]
    assert mark_cheapest([]) == []


def test_json_rounds_to_the_minor_unit_and_lists_every_subtotal():
    data = breakdown("3980.4", "1200.5", currency="JPY")
    data = breakdown_json(data)
    assert [line["amount"] for line in data["lines"]] == ["3980", "1200"]  # half to even
    assert data["total"] == "5181"  # the exact sum 5180.9, rounded once
    assert list(data["subtotals"]) == list(KINDS)
    assert data["subtotals"]["item"] == "3980" and data["subtotals"]["duty"] == "0"
    assert data["rates"] == {"source": "", "as_of": ""}
