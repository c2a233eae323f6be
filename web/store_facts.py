"""What a shopper asks of a store: how it ships to them, its cashback, its last crawl."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app

from core.shipping_table import ShippingRate
from core.stores import StoreConfig
from operations.overview import StoreStatus, stores_overview
from pricing.landed.forwarders import Forwarder
from pricing.landed.rulebook import bundled_rulebook
from pricing.money import Money
from rebates.tables import Program
from web.catalog_offers import active_programs
from web.offer_pricing import stores_of


@dataclass(frozen=True)
class Shipping:
    """How one store gets goods to one destination."""

    direct: ShippingRate | None
    bonded: ShippingRate | None
    forwarders: tuple[Forwarder, ...]
    mode: str


@dataclass(frozen=True)
class StoreView:
    config: StoreConfig
    status: StoreStatus
    program: Program | None
    shipping: Shipping

    @property
    def cashback_rate(self) -> Decimal | None:
        if self.program is None:
            return None
        return self.program.commission_rate * self.program.affiliate_share

    def money(self, amount: Decimal) -> Money:
        return Money(amount, self.config.currency).rounded()

    @property
    def direct_to(self) -> list[tuple[str, ShippingRate]]:
        table = self.config.shipping
        return sorted(table.destinations.items()) if table else []


def shipping_to(store: StoreConfig, destination: str) -> Shipping:
    table = store.shipping
    forwarders = tuple(
        f
        for f in bundled_rulebook().forwarders
        if store.country in f.warehouses and destination in f.lanes
    )
    if store.country == destination:
        forwarders = ()
    return Shipping(
        direct=table.to(destination) if table else None,
        bonded=table.bonded.get(destination) if table else None,
        forwarders=forwarders,
        mode=table.mode if table else "post",
    )


def store_views(destination: str) -> list[StoreView]:
    configs = stores_of(current_app.extensions["haitao.settings"].stores_file)
    with current_app.extensions["haitao.sessions"]() as session:
        statuses = stores_overview(session, configs.values())
        programs = active_programs(session)
        return [
            StoreView(
                configs[s.store_id],
                s,
                programs.get(s.store_id),
                shipping_to(configs[s.store_id], destination),
            )
            for s in statuses
        ]
