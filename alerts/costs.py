"""What a product costs a shopper delivered to their door, net of cashback, right now.

A product is every offer of it: the product's own variants and the offers of other stores that
share their GTINs (search shows them as one result). Each offer's delivered cost is the cheapest
route's landed total from `pricing.landed`, on the catalog rows of `core.tables`; the cashback
is what the store's rebate program pays on the item price, as a rate the caller supplies (the
rebates live on this package's floor and are not imported here).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from core.stores import Seller
from core.tables import Offer, OfferShipping, Product, Store
from pricing.exchange_rates.rate_table import PIVOT, RateTable, UnknownRate
from pricing.landed.categories import UnknownCategory
from pricing.landed.fast import cheapest_for_destinations
from pricing.landed.offers import with_feed_rates
from pricing.money import Money

_UNSET = object()
GENERAL = "general"  # the duty category of a store category nobody mapped
CHUNK = 900  # ids per IN (…): under SQLite's variable limit
PARALLEL_FROM = 4000  # offers from which the index is read in a worker thread, so many at a time

# (store id, item price, store category) → the share of the price paid back as cashback
CashbackRate = Callable[[str, Money, str | None], Decimal]
# (store category, title, brand) → the category the offer is priced under (the caller's
# `indexer.concepts.priced_category`, which this floor cannot import)
PricedCategory = Callable[[str | None, str, str | None], str | None]


@dataclass(frozen=True)
class OfferKey:
    """What names an offer in the search index, and the price it must have been indexed at."""

    offer_id: int
    store_id: str
    product_external_id: str
    offer_external_id: str
    price: Money


# (offers, destinations) → offer id → destination → cheapest landed cost in the pivot currency
# (None: cannot be delivered there), for the offers and destinations a reindex has already
# priced at today's price and rates; whatever is left out is computed here.
IndexedLanded = Callable[
    [Sequence[OfferKey], Collection[str]], Mapping[int, Mapping[str, Decimal | None]]
]


def nothing_indexed(
    _keys: Sequence[OfferKey], _destinations: Collection[str]
) -> Mapping[int, Mapping[str, Decimal | None]]:
    return {}


def no_cashback(_store: str, _price: Money, _category: str | None) -> Decimal:
    return Decimal(0)


def store_category(category: str | None, _title: str, _brand: str | None) -> str | None:
    return category


@dataclass(frozen=True)
class Quote:
    """The best offer of a product for one destination, in the shopper's currency (exact)."""

    offer_id: int
    store_id: str
    delivered: Money
    cashback: Money
    available: bool

    @property
    def net(self) -> Money:
        return Money(self.delivered.amount - self.cashback.amount, self.delivered.currency)


class Priced(NamedTuple):
    """A quote as plain values: what a check compares and keeps is `net`, the net cost rounded
    to the currency's minor unit; `quote` (the details) is only needed when an alert fires."""

    net: Decimal
    available: bool
    offer_id: int
    store_id: str
    delivered: Decimal  # exact, in `currency`
    cashback: Decimal
    currency: str

    @property
    def quote(self) -> Quote:
        return Quote(
            self.offer_id, self.store_id, Money(self.delivered, self.currency),
            Money(self.cashback, self.currency), self.available,
        )  # fmt: skip


@dataclass(slots=True)
class _OfferRow:
    id: int
    product_id: int
    store_id: str
    product_external_id: str
    offer_external_id: str
    gtin: str | None
    price: Money
    category: str | None  # the store's: cashback rates go by it
    priced_as: str | None  # the category its landed cost is computed under
    weight_kg: Decimal | None
    available: bool
    seller: Seller
    # filled as the check goes: destination → landed cost in the pivot (None: not delivered
    # there), and the cashback in the pivot (None: the price cannot be converted)
    landed: dict[str, Decimal | None] = field(default_factory=dict)
    cashback: Decimal | object | None = _UNSET


class CostBook:
    """Delivered and net costs of offers, each computed once per evaluation."""

    def __init__(
        self,
        session: Session,
        rates: RateTable,
        cashback: CashbackRate = no_cashback,
        sellers: Mapping[str, object] | None = None,
        indexed: IndexedLanded = nothing_indexed,
        priced_category: PricedCategory = store_category,
    ) -> None:
        self.session, self.rates, self.cashback = session, rates, cashback
        self.indexed, self.priced_category = indexed, priced_category
        self.sellers = dict(sellers or {})  # store id → its stores-file entry (StoreConfig)
        self._sellers: dict[str, Seller] = {}
        self._known: dict[int, _OfferRow] = {}  # offer id → its row, built once
        self._by_gtin: dict[str, list[_OfferRow]] = {}  # every listed offer with that GTIN
        self._group_of: dict[int, tuple[str, object]] = {}  # product id → its group's key
        self._members: dict[tuple[str, object], list[_OfferRow]] = {}  # group → its offers
        self._quotes: dict[tuple[tuple[str, object], str, str], Priced | None] = {}
        self._destinations: set[str] = set()
        self._cashback_rates: dict[tuple, Decimal] = {}  # (store, price, category) → its rate
        self._best_pivot: dict = {}  # (group, destination) → (row, costs in the pivot) | None
        self._rates: dict[tuple[str, str], Decimal] = {}
        self._worker: ThreadPoolExecutor | None = None  # looks landed costs up in the index
        self._pending: list[Future] = []  # its lookups not yet taken

    def load(self, product_ids: Iterable[int] | Select, destinations: Iterable[str] = ()) -> None:
        """Fetch the offers of these products, and their GTIN siblings; their delivered costs
        are then computed for all `destinations` at once.

        `product_ids` may be a query of them (a Select of one column), as a check of every
        alert passes: then all the offers come in one query, however many products. A GTIN's
        offers are fetched once per evaluation, however many batches of alerts name one of
        them; products whose offers share one GTIN share one group, whose quote is computed
        once for all of them."""
        self._destinations.update(destinations)
        if isinstance(product_ids, Select):
            self._load_selected(product_ids)
            return
        wanted = sorted(set(product_ids) - set(self._group_of))
        own = self._rows("product_id", wanted)
        new_gtins = sorted({r.gtin for r in own if r.gtin} - set(self._by_gtin))
        self._by_gtin.update((gtin, []) for gtin in new_gtins)
        for row in self._rows("gtin", new_gtins):
            self._by_gtin[row.gtin or ""].append(row)
        self._group_products(wanted, own)

    def _load_selected(self, products: Select) -> None:
        """`load` for a query of product ids: their offers and every offer sharing a GTIN with
        one of them, read in one statement."""
        wanted = sorted(set(self.session.scalars(products)) - set(self._group_of))
        gtins = select(_OFFERS.c.gtin).where(
            _OFFERS.c.product_id.in_(products),
            _OFFERS.c.gtin.is_not(None),
            _OFFERS.c.gone_at.is_(None),
        )
        query = _OFFER_ROWS.where(
            or_(_OFFERS.c.product_id.in_(products), _OFFERS.c.gtin.in_(gtins))
        )
        found = self._take(self.session.execute(query).all())
        chosen = set(wanted)
        own = [row for row in found if row.product_id in chosen]
        new_gtins = {r.gtin for r in own if r.gtin} - set(self._by_gtin)
        self._by_gtin.update((gtin, []) for gtin in new_gtins)
        for row in found:
            if row.gtin in new_gtins:
                self._by_gtin[row.gtin].append(row)
        self._group_products(wanted, own)

    def _group_products(self, wanted: list[int], own: list[_OfferRow]) -> None:
        mine: dict[int, list[_OfferRow]] = {product_id: [] for product_id in wanted}
        for row in own:
            mine[row.product_id].append(row)
        for product_id, rows in mine.items():
            self._group_of[product_id] = self._group(product_id, rows)

    def _group(self, product_id: int, rows: list[_OfferRow]) -> tuple[str, object]:
        gtins = {row.gtin for row in rows}
        if len(gtins) == 1 and None not in gtins:
            (gtin,) = gtins
            key: tuple[str, object] = ("gtin", gtin)
            self._members.setdefault(key, self._by_gtin[gtin])
            return key
        members: dict[int, _OfferRow] = {}
        for row in rows:
            for candidate in (row, *self._by_gtin.get(row.gtin, ())) if row.gtin else (row,):
                members.setdefault(candidate.id, candidate)
        key = ("product", product_id)
        self._members[key] = list(members.values())
        return key

    def quote(self, product_id: int, destination: str, currency: str) -> Quote | None:
        """The cheapest available offer by net cost (or, when none is in stock, the cheapest
        of all, marked unavailable); None when no offer can be priced."""
        priced = self.priced(product_id, destination, currency)
        return None if priced is None else priced.quote

    def priced(self, product_id: int, destination: str, currency: str) -> Priced | None:
        """`quote` in plain values, with its net cost rounded: worked out once per product
        group, destination and currency (a check asks for it once per alert)."""
        group = self._group_of.get(product_id)
        if group is None:
            self.load([product_id])
            group = self._group_of[product_id]
        key = (group, destination, currency)
        found = self._quotes.get(key, _UNSET)
        if found is _UNSET:
            found = self._quotes[key] = self._priced(group, destination, currency)
        return found

    def _priced(self, group: tuple[str, object], destination: str, currency: str) -> Priced | None:
        """The group's best offer in the pivot currency, in `currency`: every amount converts
        to it by one factor, which keeps the order, so the best offer of a group is found once
        per destination whatever currencies its alerts ask in."""
        best = self._best_pivot.get((group, destination), _UNSET)
        if best is _UNSET:
            if self._pending:
                self._settle()
            best = self._best_pivot[(group, destination)] = self._best(
                self._members[group], destination
            )
        if best is None:
            return None
        row, (delivered, cashback) = best
        try:
            factor = self._rate(PIVOT, currency)
        except UnknownRate:
            return None
        delivered, cashback = delivered * factor, cashback * factor
        net = Money(delivered - cashback, currency).rounded().amount  # as Quote.net, rounded
        return Priced(net, row.available, row.id, row.store_id, delivered, cashback, currency)

    def _best(self, rows: list[_OfferRow], destination: str):
        """(row, (delivered, cashback) in the pivot) of the best offer: in stock first, then by
        net cost and id; compared as plain Decimals (the hot loop of a check: kept inline)."""
        best = best_rank = None
        for row in rows:
            landed = row.landed.get(destination, _UNSET)
            if landed is _UNSET:
                landed = self._landed_pivot(row, destination)
            if landed is None:
                continue
            cashback = row.cashback
            if cashback is _UNSET:
                cashback = row.cashback = self._cashback_pivot(row)
            if cashback is None:
                continue
            rank = (not row.available, landed - cashback, row.id)
            if best_rank is None or rank < best_rank:
                best_rank, best = rank, (row, (landed, cashback))
        return best

    def _cashback_pivot(self, row: _OfferRow) -> Decimal | None:
        """The offer's cashback in the pivot currency (None: its price cannot be converted).

        The rate is a function of store, price and category only, so offers alike share it."""
        try:
            item = row.price.amount * self._rate(row.price.currency, PIVOT)
        except UnknownRate:
            return None
        key = (row.store_id, row.price.amount, row.price.currency, row.category)
        rate = self._cashback_rates.get(key)
        if rate is None:
            rate = self._cashback_rates[key] = self.cashback(row.store_id, row.price, row.category)
        return item * rate

    def _rate(self, base: str, quote: str) -> Decimal:
        key = (base, quote)
        if key not in self._rates:
            self._rates[key] = Decimal(1) if base == quote else self.rates.rate(base, quote)
        return self._rates[key]

    def _landed_pivot(self, row: _OfferRow, destination: str) -> Decimal | None:
        known = row.landed
        if destination not in known:
            wanted = (self._destinations - set(known)) | {destination}
            found = self._cheapest(row, sorted(wanted))
            known.update({dest: _amount(found.get(dest)) for dest in wanted})
        return known[destination]

    def _take_indexed(self, rows: list[_OfferRow]) -> None:
        """The landed costs the index already holds for these offers (at today's price).

        Many offers are looked up in a worker thread, a slice at a time, while this one goes
        on (building the next rows, reading the alerts): the index's SQLite reads its pages
        and JSON without the GIL, so on two cores that half of the lookup costs no wall time.
        `_settle` takes the answers before anything is priced."""
        keys = [
            OfferKey(r.id, r.store_id, r.product_external_id, r.offer_external_id, r.price)
            for r in rows
        ]
        destinations = frozenset(self._destinations)
        if len(keys) < PARALLEL_FROM:
            self._apply_indexed(self.indexed(keys, destinations))
            return
        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="alerts-landed")
        self._pending.append(self._worker.submit(self.indexed, keys, destinations))

    def _settle(self) -> None:
        """Wait for the lookups in the worker and take what they found."""
        pending, self._pending = self._pending, []
        try:
            for future in pending:
                self._apply_indexed(future.result())
        finally:
            if self._worker is not None and not self._pending:
                self._worker.shutdown(wait=False)
                self._worker = None

    def _apply_indexed(self, found: Mapping[int, Mapping[str, Decimal | None]]) -> None:
        for offer_id, landed in found.items():
            self._known[offer_id].landed.update(landed)

    def _cheapest(self, row: _OfferRow, destinations: list[str]) -> dict[str, Money]:
        for category in (row.priced_as or GENERAL, GENERAL):
            try:
                return cheapest_for_destinations(
                    row.price,
                    category,
                    row.weight_kg,
                    row.seller,
                    rates=self.rates,
                    currency=PIVOT,
                    destinations=destinations,
                )
            except UnknownCategory:
                continue
            except UnknownRate:
                return {}
        return {}

    def _rows(self, column: str, values: list) -> list[_OfferRow]:
        """The listed offers whose `column` ("product_id" or "gtin") is one of `values`."""
        found = []
        for start in range(0, len(values), CHUNK):
            chunk = values[start : start + CHUNK]
            found += self.session.execute(_OFFER_ROWS.where(_OFFERS.c[column].in_(chunk)))
        return self._take(found)

    def _take(self, found: list) -> list[_OfferRow]:
        """Offer rows as read (a Core select of the tables, not ORM entities: a sixth of a large
        check went to the ORM's row handling) → their _OfferRows, built once; the landed costs
        the index holds for the new ones are taken in one lookup."""
        fresh = [r for r in found if r.id not in self._known]
        shipping = self._feed_shipping([r.id for r in fresh])
        for start in range(0, len(fresh), PARALLEL_FROM):
            new = []
            for r in fresh[start : start + PARALLEL_FROM]:
                row = self._known[r.id] = self._row(r, shipping.get(r.id, ()))
                new.append(row)
            self._take_indexed(new)
        return [self._known[r.id] for r in found]

    def _feed_shipping(self, offer_ids: list[int]) -> dict[int, list[OfferShipping]]:
        found: dict[int, list[OfferShipping]] = {}
        for start in range(0, len(offer_ids), CHUNK):
            chunk = offer_ids[start : start + CHUNK]
            query = select(OfferShipping).where(OfferShipping.offer_id.in_(chunk))
            for rate in self.session.scalars(query):
                found.setdefault(rate.offer_id, []).append(rate)
        return found

    def _row(self, r, feed: Iterable[OfferShipping]) -> _OfferRow:
        store = self._seller(r.store_id)
        seller = with_feed_rates(store, feed, self.rates) if feed else store
        return _OfferRow(
            r.id, r.product_id, r.store_id, r.external_id, r.offer_external_id, r.gtin,
            Money(r.price, r.currency), r.category,
            self.priced_category(r.category, r.title, r.brand), r.weight_kg, r.available, seller,
        )  # fmt: skip

    def _seller(self, store_id: str) -> Seller:
        """The stores file's entry as the seller, else the catalog's store row (no table)."""
        if store_id not in self._sellers:
            entry = self.sellers.get(store_id) or self.session.get(Store, store_id)
            self._sellers[store_id] = entry.seller()
        return self._sellers[store_id]


_OFFERS, _PRODUCTS = Offer.__table__, Product.__table__
_OFFER_ROWS = (
    select(
        _OFFERS.c.id, _OFFERS.c.product_id, _PRODUCTS.c.store_id, _PRODUCTS.c.external_id,
        _OFFERS.c.external_id.label("offer_external_id"), _OFFERS.c.gtin, _OFFERS.c.price,
        _OFFERS.c.currency, _PRODUCTS.c.category, _PRODUCTS.c.title, _PRODUCTS.c.brand,
        _OFFERS.c.weight_kg, _OFFERS.c.available,
    )
    .join(_PRODUCTS, _PRODUCTS.c.id == _OFFERS.c.product_id)
    .where(_OFFERS.c.gone_at.is_(None), _PRODUCTS.c.gone_at.is_(None))
)  # fmt: skip


def _amount(cost: Money | None) -> Decimal | None:
    return None if cost is None else cost.amount
