"""The stores index and each store's page: how it ships to the shopper, its rebate, its crawl."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import abort, current_app, render_template

from core.shipping_table import ShippingRate
from core.stores import StoreConfig
from operations.overview import StoreStatus, stores_overview
from pricing.landed.forwarders import Forwarder
from pricing.landed.rulebook import bundled_rulebook
from pricing.money import Money
from rebates.tables import Program
from web.compare import active_programs, stores_of
from web.search import shopper_settings
from web.shop import bp


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


def _views(destination: str) -> list[StoreView]:
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


@bp.get("/stores")
def stores():
    """Every store, with how it ships to the shopper's destination."""
    prefs, rates, _currency = shopper_settings()
    views = sorted(_views(prefs.dest), key=lambda view: view.config.name.casefold())
    return render_template("shop/stores.html", stores=views, prefs=prefs, rates=rates)


@bp.get("/stores/<store_id>")
def store_page(store_id: str):
    prefs, rates, _currency = shopper_settings()
    found = [view for view in _views(prefs.dest) if view.config.id == store_id]
    if not found:
        abort(404, f"No store '{store_id}'.")
    return render_template("shop/store.html", store=found[0], prefs=prefs, rates=rates)
