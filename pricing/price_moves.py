"""Price history that explains itself: a move between two dates split into the store's own
price move and the exchange-rate move, and drops and lows computed from observations.

An offer's price is observed in the store's currency; the shopper sees it in theirs. Between two
dates the converted price (or the delivered cost built on it) changes for two reasons: the store
changed its price, and the exchange rate moved. With `p0, p1` the store's prices and `cost(p,
rates)` the shopper's cost at a day's rates:

    store effect = cost(p1, rates1) - cost(p0, rates1)   (the store's move, at today's rates)
    FX effect    = cost(p0, rates1) - cost(p0, rates0)   (yesterday's price, re-converted)

The two add up exactly to `cost(p1, rates1) - cost(p0, rates0)`. Shown amounts are rounded to the
currency's minor unit once, the total first; the FX part is the rounded total less the rounded
store part, so the parts a shopper reads always add up to the total they read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from babel.numbers import get_currency_name
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.stores import Seller
from core.tables import PriceObservation
from pricing.exchange_rates.history import RateHistory
from pricing.exchange_rates.rate_table import RateTable
from pricing.landed.categories import UnknownCategory
from pricing.landed.fast import cheapest_for_destinations
from pricing.landed.words import Words
from pricing.money import Money

GENERAL = "general"  # the duty category of a store category no rule maps

# The shopper's cost of a store price at one day's rates: the converted price, or the delivered
# cost by the cheapest route (pricing.landed), in the shopper's currency.
CostFunction = Callable[[Money, RateTable], Money]


@dataclass(frozen=True)
class Observed:
    """A store price from a moment on (a price observation, or the current offer)."""

    price: Money
    at: datetime

    @property
    def day(self) -> date:
        return self.at.date()


@dataclass(frozen=True)
class PriceMove:
    """What changed between two observations, in the shopper's currency, and why."""

    since: date
    until: date
    before: Money  # the shopper's cost then, at then's rates (rounded)
    after: Money  # the shopper's cost now, at now's rates (rounded)
    store_change: Money  # the store's own move, in its currency (rounded)
    store_effect: Money  # what that move is worth to the shopper (rounded)
    fx_effect: Money  # what the exchange-rate move did (total less store effect)

    @property
    def total(self) -> Money:
        return Money(self.after.amount - self.before.amount, self.after.currency)

    def describe(self, today: date | None = None, locale: str = "en") -> Words:
        """E.g. "CN¥12.00 cheaper than 30 days ago: the store cut €1.50 (CN¥11.60); the euro
        fell (CN¥0.40)"."""
        return describe_move(self, today or self.until, locale)


def converted(currency: str) -> CostFunction:
    """The cost function of the item price alone, converted to `currency`."""
    return lambda price, rates: rates.convert(price, currency)


def explain_move(
    before: Observed,
    after: Observed,
    history: RateHistory,
    currency: str,
    cost: CostFunction | None = None,
) -> PriceMove:
    """Split the change of the shopper's cost between two observations of one offer."""
    if before.price.currency != after.price.currency:
        raise ValueError("an offer's observations must share the store's currency")
    cost = cost or converted(currency)
    rates0, rates1 = history.table_on(before.day), history.table_on(after.day)
    cost0, cost1 = cost(before.price, rates0), cost(after.price, rates1)
    at_new_rates = cost(before.price, rates1)
    total = Money(cost1.amount - cost0.amount, currency).rounded()
    store_effect = Money(cost1.amount - at_new_rates.amount, currency).rounded()
    change = Money(after.price.amount - before.price.amount, after.price.currency).rounded()
    return PriceMove(
        since=before.day,
        until=after.day,
        before=cost0.rounded(),
        after=Money(cost0.rounded().amount + total.amount, currency),
        store_change=change,
        store_effect=store_effect,
        fx_effect=Money(total.amount - store_effect.amount, currency),
    )


def price_on(observations: Sequence[Observed], day: date) -> Observed | None:
    """The observation in force at the end of `day` (observations sorted oldest first)."""
    found = None
    for observed in observations:
        if observed.day > day:
            break
        found = observed
    return found


def period_ends(
    observations: Sequence[Observed], today: date, days: int
) -> tuple[Observed, Observed]:
    """The two ends of a period of `days` days up to `today`: the price in force when it began
    (dated then; or the first observation, if the offer is younger) and the latest price (dated
    today, so it converts at today's rate). Observations must not be empty."""
    opening = today - timedelta(days=days)
    start = price_on(observations, opening)
    if start is None:
        start = observations[0]
    else:
        start = Observed(start.price, datetime.combine(opening, datetime.min.time()))
    now = Observed(observations[-1].price, datetime.combine(today, datetime.min.time()))
    return start, now


def move_since(
    observations: Sequence[Observed],
    today: date,
    days: int,
    history: RateHistory,
    currency: str,
    cost: CostFunction | None = None,
) -> PriceMove | None:
    """The move over the last `days` days (see `period_ends`); None without observations."""
    if not observations:
        return None
    start, now = period_ends(observations, today, days)
    return explain_move(start, now, history, currency, cost)


def costs(
    observations: Sequence[Observed],
    history: RateHistory,
    currency: str,
    cost: CostFunction | None = None,
) -> list[tuple[date, Money]]:
    """Each observation's cost to the shopper at its own day's rates (unrounded)."""
    cost = cost or converted(currency)
    return [(o.day, cost(o.price, history.table_on(o.day))) for o in observations]


def drop_percent(move: PriceMove) -> Decimal:
    """How much cheaper, in percent of the earlier cost (0 when dearer or unchanged)."""
    if move.before.amount <= 0 or move.total.amount >= 0:
        return Decimal(0)
    return (-move.total.amount * 100 / move.before.amount).quantize(Decimal("0.1"))


def is_lowest(points: Sequence[tuple[date, Money]], current: Money, today: date, days: int) -> bool:
    """True when `current` is at or below every cost seen in the last `days` days, and there
    was at least one other point to beat (one observation is not a low)."""
    since = today - timedelta(days=days)
    window = [money.amount for day, money in points if day >= since]
    earlier = [money.amount for day, money in points if day < since]
    if earlier:
        window.append(earlier[-1])  # the price in force when the window opened
    return len(window) >= 2 and current.amount <= min(window)


def describe_move(move: PriceMove, today: date, locale: str = "en") -> Words:
    """A sentence for a shopper: the total, then the store's part and the exchange rate's; a
    `Words` (template and values) a page translates like a breakdown's texts."""
    ago = (today - move.since).days
    if move.total.amount == 0:
        head = Words("Same price as %(days)s days ago", days=ago) if ago else Words("No change")
    else:
        word = "cheaper" if move.total.amount < 0 else "dearer"
        when = "today" if ago == 0 else "than 1 day ago" if ago == 1 else "than %(days)s days ago"
        head = Words(f"%(amount)s {word} {when}", amount=_abs(move.total).format(locale), days=ago)
    parts = []
    if move.store_change.amount:
        verb = "cut" if move.store_change.amount < 0 else "raised"
        parts.append(
            Words(
                f"the store {verb} its price by %(change)s (%(effect)s)",
                change=_abs(move.store_change).format(locale),
                effect=_abs(move.store_effect).format(locale),
            )
        )
    if move.fx_effect.amount and move.store_change.currency != move.after.currency:
        name = get_currency_name(move.store_change.currency, locale=locale)
        verb = "fell" if move.fx_effect.amount < 0 else "rose"
        parts.append(
            Words(
                f"the %(currency)s {verb} (%(effect)s)",
                currency=_lower(name),  # in `locale` already: Babel names it
                effect=_abs(move.fx_effect).format(locale),
            )
        )
    if not parts:
        return head
    named = {f"part{n}": part for n, part in enumerate(parts)}
    joined = "; ".join(f"%({name})s" for name in named)
    return Words(f"%(head)s: {joined}", head=head, **named)


def _abs(money: Money) -> Money:
    return Money(abs(money.amount), money.currency)


def _lower(name: str) -> str:
    """'Euro' → 'euro', 'British Pound' → 'British pound': lower the unit, keep the adjective."""
    words = name.split()
    return " ".join([*words[:-1], words[-1].lower()])


def load_observations(session: Session, offer_ids: Sequence[int]) -> dict[int, list[Observed]]:
    """Each offer's price observations, oldest first (observations are written only when the
    price changes, so each holds until the next)."""
    found: dict[int, list[Observed]] = {offer_id: [] for offer_id in offer_ids}
    query = (
        select(
            PriceObservation.offer_id,
            PriceObservation.price,
            PriceObservation.currency,
            PriceObservation.observed_at,
        )
        .where(PriceObservation.offer_id.in_(list(offer_ids)))
        .order_by(PriceObservation.offer_id, PriceObservation.observed_at, PriceObservation.id)
    )
    for offer_id, price, currency, observed_at in session.execute(query):
        found[offer_id].append(Observed(Money(price, currency), observed_at))
    return found


def delivered(
    category: str | None, weight_kg: Decimal | None, seller: Seller, destination: str, currency: str
) -> CostFunction:
    """The cost function of the delivered cost by the cheapest route to `destination` (a store
    category no rule knows is priced as general goods); LookupError when no route reaches it."""

    def cost(price: Money, rates: RateTable) -> Money:
        for duty_category in (category or GENERAL, GENERAL):
            try:
                found = cheapest_for_destinations(
                    price, duty_category, weight_kg, seller, rates=rates, currency=currency,
                    destinations=[destination],
                )  # fmt: skip
            except UnknownCategory:
                continue
            if destination in found:
                return found[destination]
            break
        raise LookupError(f"no route to {destination}")

    return cost


@dataclass(frozen=True)
class Signals:
    """What search shows and sorts by: the drop over `days` (a share, 0.15 = 15 % cheaper)
    and whether the current cost is the lowest in `low_days`."""

    drop: Decimal
    lowest: bool


def signals(
    observations: Sequence[Observed],
    history: RateHistory,
    today: date,
    currency: str,
    cost: CostFunction | None = None,
    days: int = 30,
    low_days: int = 90,
) -> Signals:
    """Drop and low of an offer's cost in `currency`, each observation at its own day's rate
    (so an exchange-rate move counts, as the shopper feels it); with `cost`, on the delivered
    cost instead of the item price."""
    if not observations:
        return Signals(Decimal(0), False)
    cost = cost or converted(currency)
    move = move_since(observations, today, days, history, currency, cost)
    points = [(o.day, cost(o.price, history.table_on(o.day))) for o in observations]
    share = drop_percent(move) / 100 if move is not None else Decimal(0)
    current = move.after if move is not None else points[-1][1]
    return Signals(share.quantize(Decimal("0.001")), is_lowest(points, current, today, low_days))


def window_signals(
    points: Sequence[tuple[datetime, Decimal]],
    current: Decimal,
    now: datetime,
    days: int = 30,
    low_days: int = 90,
) -> tuple[Decimal, bool]:
    """(drop, lowest) of a store price from its observations, for search: how far `current`
    sits below the highest price in force over the last `days` days (a share, 0.125 = 12.5 %),
    and whether it is at or below every price in force over the last `low_days` days with
    some higher one among them (a real low, not a price that never moved).

    `points` are (from when, price), oldest first; pass the price in force when the longer
    window opened as its first point (observations are written only when a price changes, so
    a price seen once 50 days ago is still the price 30 days ago).
    """
    since, opens = now - timedelta(days=days), now - timedelta(days=low_days)
    before = [price for at, price in points if at <= since]
    recent = [price for at, price in points if at > since]
    high = max([*before[-1:], *recent, current])
    drop = Decimal(0) if high <= current else ((high - current) / high).quantize(Decimal("0.001"))
    earlier = [price for at, price in points if at <= opens][-1:]
    window = [*earlier, *(price for at, price in points if at > opens)]
    lowest = bool(window) and current <= min(window) and max(window) > current
    return drop, lowest
