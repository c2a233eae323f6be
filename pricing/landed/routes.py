"""The ways an item can travel to a destination, each with its shipping legs and fees."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.errors import HaitaoError
from core.shipping_table import StoreShipping
from pricing.landed.breakdown import Purchase, Route
from pricing.landed.forwarders import Forwarder
from pricing.landed.words import Country, Words
from pricing.money import Money

ROUTES: tuple[Route, ...] = ("direct", "forwarder", "bonded")


class NoRoute(HaitaoError):
    """A route that cannot take this item to this destination."""


@dataclass(frozen=True, slots=True)
class Leg:
    kind: str  # shipping | fee
    label: str
    cost: Money
    international: bool = True  # part of the transport costs customs values include


@dataclass(frozen=True, slots=True)
class Way:
    """One route's legs before customs: how the parcel travels and what carrying it costs."""

    route: Route
    legs: tuple[Leg, ...]
    mode: str
    origin: str
    forwarder: Forwarder | None = None
    warnings: tuple[str, ...] = ()


def ways(
    purchase: Purchase,
    destination: str,
    weight: Decimal,
    forwarders: tuple[Forwarder, ...],
    route: Route | None = None,
    store_price: Money | None = None,
) -> list[Way]:
    """Every way to `destination` (or just `route`); NoRoute when the asked route is impossible.

    `store_price` is the price in the store's currency, which its shipping table is priced in
    (it defaults to the price itself).
    """
    price = store_price or purchase.price
    found: list[Way] = []
    for name in (route,) if route else ROUTES:
        if name == "direct":
            found.extend(_direct(purchase, destination, weight, price))
        elif name == "forwarder":
            found.extend(_forwarded(purchase, destination, weight, forwarders, price))
        else:
            found.extend(_bonded(purchase, destination, weight, price, route == "bonded"))
    if route and not found:
        raise NoRoute(_why_not(purchase, destination, route))
    return found


def _table(purchase: Purchase) -> StoreShipping | None:
    return purchase.seller.shipping if purchase.seller else None


def _direct(purchase: Purchase, destination: str, weight: Decimal, price: Money) -> list[Way]:
    table = _table(purchase)
    mode = table.mode if table else "post"
    if purchase.shipping is not None:
        leg = Leg("shipping", Words("shipping by the store"), purchase.shipping)
        return [Way("direct", (leg,), mode, purchase.origin)]
    if purchase.seller is None:
        zero = Money(Decimal(0), purchase.price.currency)
        leg = Leg("shipping", Words("shipping (not given)"), zero)
        warning = Words("shipping cost not given: not included (pass --shipping)")
        return [Way("direct", (leg,), mode, purchase.origin, warnings=(warning,))]
    rate = table.to(destination) if table else None
    if rate is None:
        return []
    cost = Money(rate.cost(price.amount, weight), price.currency)
    label = Words("shipping by the store (free over threshold)" if not cost.amount else "shipping")
    return [Way("direct", (Leg("shipping", label, cost),), mode, purchase.origin)]


def _forwarded(
    purchase: Purchase,
    destination: str,
    weight: Decimal,
    forwarders: tuple[Forwarder, ...],
    price: Money,
) -> list[Way]:
    if purchase.origin == destination:
        return []
    domestic, warnings = _domestic_leg(purchase, weight, price)
    found = []
    for forwarder in forwarders:
        lane = forwarder.lanes.get(destination)
        if lane is None or purchase.origin not in forwarder.warehouses:
            continue
        chargeable = forwarder.chargeable_kg(weight, purchase.volume_cm3)
        freight = Money(lane.cost(chargeable), forwarder.currency)
        carried = Words("%(forwarder)s: %(kg)s kg", forwarder=forwarder.name, kg=chargeable)
        legs = [domestic, Leg("shipping", carried, freight)]
        if forwarder.handling_fee:
            fee = Money(forwarder.handling_fee, forwarder.currency)
            handling = Words("%(forwarder)s: handling", forwarder=forwarder.name)
            legs.append(Leg("fee", handling, fee, international=False))
        found.append(
            Way("forwarder", tuple(legs), forwarder.mode, purchase.origin, forwarder, warnings)
        )
    return found


def _domestic_leg(purchase: Purchase, weight: Decimal, price: Money) -> tuple[Leg, tuple[str, ...]]:
    table = _table(purchase)
    currency = price.currency
    if table is None or table.domestic is None:
        warning = Words("the store's domestic shipping to the forwarder is unknown: not included")
        return Leg("shipping", Words("to the forwarder (unknown)"), Money(Decimal(0), currency)), (
            warning,
        )
    cost = Money(table.domestic.cost(price.amount, weight), currency)
    return Leg("shipping", Words("store to the forwarder's warehouse"), cost), ()


def _bonded(
    purchase: Purchase, destination: str, weight: Decimal, price: Money, explicit: bool
) -> list[Way]:
    if destination != "CN":  # the only bonded-warehouse regime modelled: China's CBEC
        return []
    table = _table(purchase)
    rate = table.bonded.get(destination) if table else None
    if rate is not None:
        cost = Money(rate.cost(price.amount, weight), price.currency)
        leg = Leg("shipping", Words("delivery from the bonded warehouse"), cost)
        return [Way("bonded", (leg,), "courier", purchase.origin)]
    if explicit and purchase.seller is None:
        shipping = purchase.shipping or Money(Decimal(0), purchase.price.currency)
        leg = Leg("shipping", Words("delivery from the bonded warehouse"), shipping)
        return [Way("bonded", (leg,), "courier", purchase.origin)]
    return []


def _why_not(purchase: Purchase, destination: str, route: Route) -> Words:
    store = purchase.seller.id if purchase.seller else None
    if route == "direct":
        why = "store '%(store)s' has no shipping rate to %(country)s in its shipping table"
        return Words(why, store=store, country=Country(destination))
    if route == "bonded" and destination != "CN":
        return Words("bonded-warehouse stock is modelled for CN (cross-border e-commerce) only")
    if route == "bonded":
        why = "store '%(store)s' keeps no bonded-warehouse stock for %(country)s"
        return Words(why, store=store, country=Country(destination))
    if purchase.origin == destination:
        why = "no forwarder is needed: the item already ships from %(country)s"
        return Words(why, country=Country(destination))
    why = (
        "no forwarder in config/forwarders.yaml has a warehouse in %(origin)s "
        "and a lane to %(country)s"
    )
    return Words(why, origin=Country(purchase.origin), country=Country(destination))
