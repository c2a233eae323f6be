"""The firing rules: thresholds, hysteresis, one message a day, the minimum saving."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from alerts.firing import REARM_MARGIN, Rule, State, decide, threshold

NOW = datetime(2026, 12, 1, 9)
TARGET = Rule("target", target=Decimal(100))


def run(rule: Rule, costs: list[str | None], hours: int = 25, available: bool = True):
    """Feed costs one check at a time (`hours` apart); the checks that fired."""
    state, fired = State(), []
    for n, cost in enumerate(costs):
        net = None if cost is None else Decimal(cost)
        decision = decide(rule, state, net, available, NOW + timedelta(hours=hours * n))
        state = decision.state
        fired.append(decision.fire)
    return fired


def test_a_target_fires_at_or_below_it_once():
    assert run(TARGET, ["120", "100", "99", "90"]) == [False, True, False, False]


def test_hysteresis_needs_a_rise_above_the_margin_before_firing_again():
    # 102 is above the target but within 3 %: still disarmed, so 99 stays quiet.
    assert run(TARGET, ["99", "102", "99"]) == [True, False, False]
    assert run(TARGET, ["99", "103.01", "99"]) == [True, False, True]


def test_at_most_one_message_a_day():
    assert run(TARGET, ["99", "110", "99"], hours=6) == [True, False, False]
    decision = decide(TARGET, State(True, NOW - timedelta(hours=23)), Decimal(90), True, NOW)
    assert not decision.fire and decision.held and decision.state.armed


def test_a_drop_needs_n_percent_and_the_minimum_saving():
    rule = Rule("drop", drop_percent=Decimal(10), baseline=Decimal(200))
    assert threshold(rule) == Decimal(180)
    assert run(rule, ["190", "181", "180"]) == [False, False, True]
    noisy = Rule("drop", drop_percent=Decimal("0.2"), baseline=Decimal(200))  # 0.2 % of 200 = 0.4
    assert run(noisy, ["199.5", "199"]) == [False, False]  # under 1 % of the baseline (2.00)
    assert run(noisy, ["198"]) == [True]
    assert run(Rule("drop", Decimal(0), Decimal(5), Decimal(200), Decimal(20)), ["185"]) == [False]


def test_out_of_stock_or_unpriced_never_fires():
    assert run(TARGET, ["50"], available=False) == [False]
    assert run(TARGET, [None]) == [False]


def test_back_in_stock_fires_on_the_way_back():
    rule, state = Rule("in_stock"), State(armed=False)  # set up while in stock
    steps = [(True, False), (False, False), (True, True), (True, False), (False, False)]
    for n, (available, fires) in enumerate(steps):
        decision = decide(rule, state, None, available, NOW + timedelta(days=n))
        assert decision.fire is fires
        state = decision.state


@given(
    costs=st.lists(st.decimals(min_value=50, max_value=150, places=2), min_size=1, max_size=40),
    hours=st.integers(min_value=1, max_value=72),
)
def test_between_two_messages_the_cost_rose_above_the_rearm_level_and_a_day_passed(costs, hours):
    state, last = State(), None
    risen = False
    for n, cost in enumerate(costs):
        now = NOW + timedelta(hours=hours * n)
        decision = decide(TARGET, state, cost, True, now)
        if decision.fire:
            assert cost <= TARGET.target
            if last is not None:
                assert risen and now - last >= timedelta(days=1)
            last, risen = now, False
        risen = risen or cost > TARGET.target * (1 + REARM_MARGIN)
        state = decision.state
