"""When an alert fires: thresholds, hysteresis, one message a day, a minimum saving.

Pure functions over plain values, so that every rule can be tested on its own:

- **target**: the net delivered cost is at or below the target;
- **drop**: the net cost is at least N % below the baseline (the cost when the alert was set),
  and the saving is at least the minimum saving (default 1 % of the baseline, so a 0.5 % alert
  cannot fire on exchange-rate noise);
- **in_stock**: an offer is in stock again.

A fired alert is disarmed. A cost alert re-arms only once the cost has risen back above its
threshold by `REARM_MARGIN` (3 %), so a cost wobbling around the threshold with the exchange
rate does not send a message each time; a stock alert re-arms when the product is out of stock
again. Whatever happens, an alert sends at most one message in `QUIET` (a day).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

REARM_MARGIN = Decimal("0.03")
MIN_SAVING_SHARE = Decimal("0.01")
QUIET = timedelta(days=1)


# Named tuples, not dataclasses: a check builds a rule, a state and a decision per alert, and a
# tuple is made in C (a frozen dataclass sets each field through object.__setattr__).
class Rule(NamedTuple):
    kind: str  # target | drop | in_stock
    target: Decimal | None = None
    drop_percent: Decimal | None = None
    baseline: Decimal | None = None
    min_saving: Decimal | None = None


class State(NamedTuple):
    armed: bool = True
    last_fired_at: datetime | None = None


class Decision(NamedTuple):
    fire: bool
    state: State
    held: bool = False  # would have fired, but a message went out less than a day ago


def threshold(rule: Rule) -> Decimal | None:
    """The net cost at or below which a cost alert fires."""
    if rule.kind == "target":
        return rule.target
    if rule.kind == "drop" and rule.baseline is not None and rule.drop_percent is not None:
        return rule.baseline * (1 - rule.drop_percent / 100)
    return None


def min_saving(rule: Rule) -> Decimal:
    if rule.min_saving is not None:
        return rule.min_saving
    return (rule.baseline or Decimal(0)) * MIN_SAVING_SHARE


def decide(
    rule: Rule, state: State, net: Decimal | None, available: bool, now: datetime
) -> Decision:
    """Whether the alert fires now, and its state afterwards."""
    if rule.kind == "in_stock":
        return _decide_stock(state, available, now)
    limit = threshold(rule)
    if limit is None or net is None or not available:
        return Decision(False, state)
    if not state.armed:
        rearm = net > limit * (1 + REARM_MARGIN)
        return Decision(False, state._replace(armed=True) if rearm else state)
    if net > limit or not _saves_enough(rule, net):
        return Decision(False, state)
    return _fire(state, now)


def _saves_enough(rule: Rule, net: Decimal) -> bool:
    """A drop must save at least the minimum against the baseline."""
    if rule.kind != "drop" or rule.baseline is None:
        return True
    return rule.baseline - net >= min_saving(rule)


def _decide_stock(state: State, available: bool, now: datetime) -> Decision:
    if not available:
        return Decision(False, state._replace(armed=True))
    if not state.armed:
        return Decision(False, state)
    return _fire(state, now)


def _fire(state: State, now: datetime) -> Decision:
    if state.last_fired_at is not None and now - state.last_fired_at < QUIET:
        return Decision(False, state, held=True)
    return Decision(True, State(armed=False, last_fired_at=now))
