"""Price history on the product page (`shop/_history.html`): per offer, a server-rendered SVG
of its price in the shopper's currency and its delivered cost to their destination over 30,
90 or 365 days, a table with the same figures, the move over the period explained (the store's
move and the exchange-rate move), and the "lowest in 90 days" badge.

The product page includes the partial with its `offers` in the context (catalog `Offer` rows,
offer ids, or search-document ids `store:product:offer`); the partial calls `price_history`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from html import escape

from flask import current_app, request
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, joinedload

from core.tables import Offer, Product, Store
from indexer.concepts import priced_category
from operations.sample_history import has_sample_history
from pricing.exchange_rates.history import RateHistory, load_history
from pricing.money import Money
from pricing.price_moves import (
    Observed,
    PriceMove,
    converted,
    delivered,
    drop_percent,
    explain_move,
    is_lowest,
    load_observations,
    period_ends,
    price_on,
)
from web.formatting import format_money
from web.offer_pricing import stores_of
from web.price_cache import answer_cache, cached, index_generation, latest
from web.priced_search import rates_generation
from web.shop import bp

PERIODS = (30, 90, 365)
LOW_WINDOW = 90  # days: "lowest in 90 days"
WIDTH, HEIGHT, PAD_X, PAD_Y = 640, 220, 64, 28
PRICE_COLOUR, DELIVERED_COLOUR = "#1f6feb", "#c8102e"
# The lines' names in their points' tooltips, in the UI language.
SERIES_NAMES = {"price": lambda: _("price"), "delivered": lambda: _("delivered")}


@dataclass(frozen=True)
class Point:
    day: date
    store_price: Money
    price: Money  # in the shopper's currency at that day's rate, rounded
    delivered: Money | None  # the delivered cost by the cheapest route that day, rounded
    today: bool = False  # not a price change: the latest price at today's rate


@dataclass(frozen=True)
class OfferHistory:
    offer_id: int
    product_id: int
    store_name: str
    title: str
    points: list[Point]
    move: PriceMove | None  # the item price over the period
    delivered_move: PriceMove | None
    lowest: bool  # the delivered cost (or the price) is the lowest in 90 days
    drop: Decimal  # % the delivered cost (or the price) fell over the period
    sample: bool  # part of it is the demo's sample history
    svg: Markup


@dataclass(frozen=True)
class History:
    days: int
    currency: str
    destination: str
    offers: list[OfferHistory]
    periods: tuple[int, ...] = PERIODS
    locale: str = "en"  # the UI's, for the amounts in the explained moves

    def period_url(self, days: int) -> str:
        return request.path + "?" + _query(request.args.to_dict(), days=str(days))


@bp.app_template_global()
def price_history(offers, currency: str = "CNY", destination: str = "CN", days=None) -> History:
    """The history of these offers for the shopper, over `days` (default from `?days=`)."""
    period = _period(days if days is not None else request.args.get("days"))
    with current_app.extensions["haitao.sessions"]() as session:
        rows = _offers(session, offers)
        today = date.today()
        history = _rate_history(session, since=today - timedelta(days=max(PERIODS)))
        sellers = _sellers()
        samples = _sample_stores(session, {o.product.store_id for o in rows})
        observations = _observations(session, [o.id for o in rows])
        found = (
            _safe(lambda o=o: _offer_history(o, observations[o.id], history, currency,
                                             destination, period, today, sellers, samples))
            for o in rows
        )  # fmt: skip
        items = [item for item in found if item is not None]  # no rate for its currency: none
    return History(period, currency, destination, items, locale=str(get_locale() or "en"))


def _offer_history(
    offer: Offer,
    observed: list[Observed],
    history: RateHistory,
    currency: str,
    destination: str,
    days: int,
    today: date,
    sellers: dict,
    samples: set[str],
) -> OfferHistory:
    store = offer.product.store
    if not observed:  # crawled before history was kept: the current price is all there is
        observed = [Observed(Money(offer.price, offer.currency), offer.last_seen_at)]
    seller = (sellers.get(store.id) or store).seller()
    product = offer.product
    category = priced_category(product.category, product.title, product.brand)
    cost = delivered(category, offer.weight_kg, seller, destination, currency)
    points = _points(observed, history, currency, cost, today - timedelta(days=days))
    start, now = period_ends(observed, today, days)
    move = explain_move(start, now, history, currency)
    delivered_move = _safe(lambda: explain_move(start, now, history, currency, cost))
    lowest, drop = _badges(points, move, delivered_move, today)
    if points[-1].day < today:  # the lines end at today's rate, where the explained move ends
        points += [replace(p, today=True) for p in _points([now], history, currency, cost, today)]
    title = f"{product.title} – {offer.title}" if offer.title else product.title
    return OfferHistory(
        offer_id=offer.id,
        product_id=offer.product_id,
        store_name=store.name,
        title=title,
        points=points,
        move=move if len(observed) > 1 or move.total.amount else None,
        delivered_move=delivered_move,
        lowest=lowest,
        drop=drop,
        sample=store.id in samples,
        svg=Markup(history_svg(points, today - timedelta(days=days), today, currency)),
    )


def _points(observed, history, currency, cost, since: date) -> list[Point]:
    start = price_on(observed, since)
    shown = [o for o in observed if o.day > since]
    if start is not None:
        shown.insert(0, Observed(start.price, datetime.combine(since, datetime.min.time())))
    points = []
    for o in shown:
        rates = history.table_on(o.day)
        landed = _safe(lambda o=o, rates=rates: cost(o.price, rates).rounded())
        price = converted(currency)(o.price, rates).rounded()
        points.append(Point(o.day, o.price, price, landed))
    return points


def _badges(points, move, delivered_move, today) -> tuple[bool, Decimal]:
    series = [(p.day, p.delivered) for p in points if p.delivered is not None]
    if series and delivered_move is not None:
        current = delivered_move.after
        return is_lowest(series, current, today, LOW_WINDOW), drop_percent(delivered_move)
    prices = [(p.day, p.price) for p in points]
    return is_lowest(prices, move.after, today, LOW_WINDOW), drop_percent(move)


def history_svg(points: list[Point], start: date, end: date, currency: str) -> str:
    """Two step lines (price, delivered cost) from `start` to `end`; each point has a title."""
    values = [p.price.amount for p in points] + [p.delivered.amount for p in points if p.delivered]
    if not values:
        return ""
    low, high = min(values), max(values)
    if low == high:
        low, high = low * Decimal("0.9"), high * Decimal("1.1") or Decimal(1)
    span = (end - start).days or 1

    def x(day: date) -> float:
        return PAD_X + (WIDTH - PAD_X - 12) * max((day - start).days, 0) / span

    def y(amount: Decimal) -> float:
        return HEIGHT - PAD_Y - float((amount - low) / (high - low)) * (HEIGHT - 2 * PAD_Y)

    label = _(
        "Price and delivered cost in %(currency)s, %(start)s to %(end)s",
        currency=currency,
        start=start.isoformat(),
        end=end.isoformat(),
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="chart '
        f'history-chart" role="img" aria-label="{escape(label)}">',
        f'<line x1="{PAD_X}" y1="{HEIGHT - PAD_Y}" x2="{WIDTH - 12}" y2="{HEIGHT - PAD_Y}" '
        'stroke="#c5cbd3"/>',
        _text(PAD_X, HEIGHT - 8, start.isoformat()),
        _text(WIDTH - 12, HEIGHT - 8, end.isoformat(), "end"),
        _text(PAD_X - 6, y(high) + 4, _short(high, currency), "end"),
        _text(PAD_X - 6, y(low) + 4, _short(low, currency), "end"),
    ]
    series = [("price", PRICE_COLOUR, [(p.day, p.price) for p in points])]
    if all(p.delivered is not None for p in points):
        series.append(("delivered", DELIVERED_COLOUR, [(p.day, p.delivered) for p in points]))
    for name, colour, line in series:
        parts.append(_step_line(name, colour, line, end, x, y))
    parts.append("</svg>")
    return "".join(parts)


def _step_line(name, colour, line, end, x, y) -> str:
    coords, marks = [], []
    for n, (day, money) in enumerate(line):
        if n:
            coords.append(f"{x(day):.1f},{y(line[n - 1][1].amount):.1f}")
        coords.append(f"{x(day):.1f},{y(money.amount):.1f}")
        tip = escape(f"{day.isoformat()}: {SERIES_NAMES[name]()} {format_money(money)}")
        marks.append(
            f'<circle cx="{x(day):.1f}" cy="{y(money.amount):.1f}" r="3" fill="{colour}">'
            f"<title>{tip}</title></circle>"
        )
    coords.append(f"{x(end):.1f},{y(line[-1][1].amount):.1f}")
    polyline = (
        f'<polyline class="{name}" fill="none" stroke="{colour}" stroke-width="2" '
        f'points="{" ".join(coords)}"/>'
    )
    return polyline + "".join(marks)


def _text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" text-anchor="{anchor}">{escape(text)}</text>'
    )


def _short(amount: Decimal, currency: str) -> str:
    return format_money(Money(amount, currency))


def _period(value) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        return 90
    return days if days in PERIODS else 90


def _rate_history(session: Session, since: date) -> RateHistory:
    """The stored rates since `since`, read again only when a rate row is added or changed."""
    return latest("rate history", (rates_generation(session), since),
                  lambda: load_history(session, since=since))  # fmt: skip


def _observations(session: Session, offer_ids: list[int]) -> dict[int, list[Observed]]:
    """The offers' price observations, kept per index generation (a crawl writes them, the
    reindex after it moves the generation on: as the product page's prices reach it)."""
    generation = index_generation()
    key = ("observations", tuple(offer_ids), generation) if generation is not None else None
    return cached(answer_cache(), key, lambda: load_observations(session, offer_ids))


def _sample_stores(session: Session, store_ids: set[str]) -> set[str]:
    """Which of these stores have some of the demo's sample history, kept per index
    generation (the demo's dated crawls are reindexed)."""
    generation = index_generation()
    key = ("sample history", generation) if generation is not None else None
    known = cached(answer_cache(), key, dict)
    for store_id in store_ids - known.keys():
        known[store_id] = has_sample_history(session, store_id)
    return {store_id for store_id in store_ids if known[store_id]}


def _offers(session: Session, offers) -> list[Offer]:
    """Catalog offers from rows, ids, priced offers (their `offer_id`) or search-document
    ids ("store:product:offer")."""
    items = list(offers or ())
    if items and all(isinstance(item, Offer) and _loaded(item) for item in items):
        return sorted(items, key=lambda offer: offer.id)  # as the query below orders them
    ids, documents = [], []
    for item in items:
        value = getattr(item, "offer_id", None) or getattr(item, "id", item)
        if isinstance(value, int):
            ids.append(value)
        elif isinstance(value, str) and value.count(":") >= 2:
            documents.append(value.split(":", 2))
    query = select(Offer).join(Offer.product).join(Product.store)
    loaded = joinedload(Offer.product).joinedload(Product.store)
    found = list(session.scalars(query.where(Offer.id.in_(ids)).options(loaded))) if ids else []
    for store_id, product_id, offer_id in documents:
        row = session.scalar(
            query.where(
                Store.id == store_id,
                Product.external_id == product_id,
                Offer.external_id == offer_id,
            ).options(loaded)
        )
        if row is not None:
            found.append(row)
    return found


def _loaded(offer: Offer) -> bool:
    """Whether the row's product and store are loaded (the product page's rows, kept
    detached): used as they are, not read again."""
    unloaded = inspect(offer).unloaded
    return "product" not in unloaded and "store" not in inspect(offer.product).unloaded


def _sellers() -> dict:
    """The stores file, read again only when it changes (a broken one: {}, and offers are
    priced by the catalog's store rows)."""
    return dict(stores_of(current_app.extensions["haitao.settings"].stores_file))


def _safe(make):
    try:
        return make()
    except LookupError:
        return None


def _query(args: dict, **changes: str) -> str:
    from urllib.parse import urlencode

    return urlencode({**args, **changes})
