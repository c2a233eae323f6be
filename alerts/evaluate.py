"""Evaluating alerts: set one up, and check every active one against today's costs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from alerts.costs import CostBook, Quote
from alerts.firing import REARM_MARGIN, Rule, State, decide, threshold
from alerts.tables import CHANNELS, KINDS, Alert, AlertCheck, AlertMessage
from alerts.wording import (
    AT_TARGET,
    AT_TARGET_WAS,
    BACK_IN_STOCK,
    DROPPED,
    DROPPED_WAS,
    Wording,
    wording,
)
from core.catalogs import LANGUAGES
from core.errors import HaitaoError
from core.gc_control import gc_paused
from core.iso_codes import is_country, is_currency
from core.tables import Product, utcnow
from pricing.landed.words import Country, Words
from pricing.money import Money

BATCH = 5000  # alerts checked and written at a time


class AlertError(HaitaoError):
    """An alert that cannot be set up as asked; `field` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class AlertRequest:
    """What a shopper asks for (from a form, the command line or the API)."""

    user_id: int
    email: str
    product_id: int
    destination: str
    currency: str
    kind: str
    target: str | None = None
    drop_percent: str | None = None
    channel: str = "email"
    webhook_url: str | None = None
    language: str = "en"  # the shopper's UI language: the alert's messages are written in it


@dataclass
class CheckReport:
    checked: int = 0
    fired: int = 0
    held: int = 0  # would have fired, but one message a day
    unpriced: int = 0  # no offer could be priced to the destination

    def __str__(self) -> str:
        return (
            f"{self.checked} alerts checked, {self.fired} fired, {self.held} held "
            f"(one message a day), {self.unpriced} not priced"
        )


def create_alert(session: Session, book: CostBook, request: AlertRequest) -> Alert:
    """A new alert, its starting state set from today's cost (a drop is measured from it; a
    stock alert on a product in stock waits for it to go out of stock and come back)."""
    _check(session, request)
    quote = book.quote(request.product_id, request.destination, request.currency)
    if quote is None and request.kind != "in_stock":
        where = Country(request.destination)
        why = Words("this product cannot be priced to %(country)s", country=where)
        raise AlertError("destination", why)
    alert = Alert(
        user_id=request.user_id,
        email=request.email,
        product_id=request.product_id,
        destination=request.destination,
        currency=request.currency,
        kind=request.kind,
        target=_amount("target", request.target, request.currency)
        if request.kind == "target"
        else None,
        drop_percent=_percent(request.drop_percent) if request.kind == "drop" else None,
        channel=request.channel,
        webhook_url=request.webhook_url or None,
        language=request.language if request.language in LANGUAGES else "en",
        armed=not (request.kind == "in_stock" and quote is not None and quote.available),
    )
    _remember(alert, quote)
    if alert.kind == "drop":
        alert.baseline = alert.last_cost
    session.add(alert)
    session.flush()
    return alert


def evaluate_alerts(session: Session, book: CostBook, now: datetime | None = None) -> CheckReport:
    """Check every active alert; a fired one gets an AlertMessage waiting to be delivered.

    Every offer the alerts need is loaded first (one statement), before anything is
    written: the search index may share the catalog's SQLite file, and each write there would
    make its reader drop its page cache. The alerts come in one statement too (batches by id
    made SQLite scan and sort every active alert through `ix_alerts_active_product` once per
    batch). The cyclic garbage collector is paused meanwhile: every collection walked the
    growing heap of rows and costs for nothing, half the time of a large check. Only alerts
    whose cost, stock or state changed are written back (one executemany per batch), and the
    check's time once (an `AlertCheck` row): a check of 100,000 alerts that fires few writes
    little.
    """
    now, report = now or utcnow(), CheckReport()
    with gc_paused():  # the offers, costs and quotes all live to the end: nothing to collect
        book.load(_PRODUCTS_WANTED, session.scalars(_DESTINATIONS_WANTED))
        formats: dict[tuple, str] = {}
        alerts = session.execute(_ROWS).all()
        for start in range(0, len(alerts), BATCH):
            batch, changes, messages = alerts[start : start + BATCH], [], []
            for row in batch:
                _check_one(book, row, now, report, changes, messages, formats)
            if changes:
                session.execute(_UPDATE, changes)
            if messages:
                session.execute(insert(AlertMessage.__table__), messages)
        session.execute(insert(_CHECKS), {"checked_at": now, "checked": report.checked,
                                          "fired": report.fired})  # fmt: skip
    return report


# Core statements on the tables (plain rows, no ORM row handling: 100,000 alerts a check)
_ALERTS, _PRODUCTS, _CHECKS = Alert.__table__, Product.__table__, AlertCheck.__table__
_PRODUCTS_WANTED = select(_ALERTS.c.product_id).where(_ALERTS.c.active).distinct()
_DESTINATIONS_WANTED = select(_ALERTS.c.destination).where(_ALERTS.c.active).distinct()
_ROWS = (
    select(
        _ALERTS.c.id, _ALERTS.c.product_id, _ALERTS.c.destination, _ALERTS.c.currency,
        _ALERTS.c.kind, _ALERTS.c.target, _ALERTS.c.drop_percent, _ALERTS.c.baseline,
        _ALERTS.c.min_saving, _ALERTS.c.channel, _ALERTS.c.armed, _ALERTS.c.last_cost,
        _ALERTS.c.last_available, _ALERTS.c.last_fired_at, _ALERTS.c.language,
        _PRODUCTS.c.title,
    )
    .join(_PRODUCTS, _PRODUCTS.c.id == _ALERTS.c.product_id)
    .where(_ALERTS.c.active)
    .order_by(_ALERTS.c.id)
)  # fmt: skip
_UPDATE = (
    update(_ALERTS)
    .where(_ALERTS.c.id == bindparam("alert_id"))
    .values(
        armed=bindparam("armed"), last_fired_at=bindparam("last_fired_at"),
        last_cost=bindparam("last_cost"), last_available=bindparam("last_available"),
    )
)  # fmt: skip


def _check_one(
    book: CostBook, row, now: datetime, report: CheckReport, changes, messages, formats
) -> None:
    priced = book.priced(row.product_id, row.destination, row.currency)
    net, available = (None, None) if priced is None else (priced.net, priced.available)
    state = State(armed=row.armed, last_fired_at=row.last_fired_at)
    decision = decide(rule_of(row), state, net, bool(available), now)
    report.checked += 1
    report.unpriced += priced is None
    report.held += decision.held
    after = (decision.state.armed, decision.state.last_fired_at, net, available)
    if after != (row.armed, row.last_fired_at, row.last_cost, row.last_available):
        changes.append(
            {"alert_id": row.id, "armed": after[0], "last_fired_at": after[1], "last_cost": net,
             "last_available": available}
        )  # fmt: skip
    if decision.fire:
        report.fired += 1
        quote = priced.quote if priced else None
        messages.append(_message(row, row.title, quote, net, row.last_cost, now, formats))


def rule_of(alert) -> Rule:
    """The firing rule of an alert (a row or an Alert)."""
    return Rule(alert.kind, alert.target, alert.drop_percent, alert.baseline, alert.min_saving)


def describe_rule(alert: Alert, locale: str = "en") -> Words:
    """The alert in words, for its page and its messages (amounts written for `locale`)."""
    if alert.kind == "target":
        amount = Money(alert.target, alert.currency).format(locale)
        return Words("net delivered cost at or below %(amount)s", amount=amount)
    if alert.kind == "drop":
        percent = f"{alert.drop_percent.normalize():f}"
        return Words("a drop of %(percent)s %% or more", percent=percent)
    return Words("back in stock")


def _remember(alert: Alert, quote: Quote | None, now: datetime | None = None) -> None:
    alert.last_cost = quote.net.rounded().amount if quote else None
    alert.last_available = quote.available if quote else None
    alert.last_checked_at = now or utcnow()


def _message(
    alert,
    title: str,
    quote: Quote | None,
    net: Decimal | None,
    before: Decimal | None,
    now: datetime,
    formats: dict,
) -> dict:
    """The AlertMessage row (as a dict for a bulk insert) of an alert that fired; `net` is the
    quote's net cost rounded."""
    return {
        "alert_id": alert.id,
        "fired_at": now,
        "net_cost": net,
        "delivered_cost": quote.delivered.rounded().amount if quote else None,
        "cashback": quote.cashback.rounded().amount if quote else None,
        "currency": alert.currency,
        "offer_id": quote.offer_id if quote else None,
        "store_id": quote.store_id if quote else None,
        "reason": _reason(alert, title, quote, net, before, formats),
        "channel": alert.channel,
        "sent_at": None,
        "attempts": 0,
        "error": None,
    }


def _reason(
    alert, title: str, quote: Quote | None, net: Decimal | None, before: Decimal | None, formats
) -> str:
    """Why it fired, in the alert's language (`alert.language`)."""
    say = wording(alert.language)
    if alert.kind == "in_stock" or quote is None:
        return say(BACK_IN_STOCK, title=title)
    cost = _format(net, alert.currency, say, formats)
    head = {"title": title, "country": Country(alert.destination), "cost": cost}
    if before is not None and before != net:
        head["was"] = _format(before, alert.currency, say, formats)
    if alert.kind == "target":
        target = _format(alert.target, alert.currency, say, formats)
        return say(AT_TARGET_WAS if "was" in head else AT_TARGET, **head, target=target)
    baseline = _format(alert.baseline, alert.currency, say, formats)
    percent = f"{alert.drop_percent.normalize():f}"
    template = DROPPED_WAS if "was" in head else DROPPED
    return say(template, **head, percent=percent, baseline=baseline)


def _format(amount: Decimal, currency: str, say: Wording, formats: dict[tuple, str]) -> str:
    """`Money.format` in the alert's language, remembered for the check: Babel takes ~50 µs an
    amount, and the targets and baselines of many alerts are the same few amounts. Keyed by the
    exact text, so that amounts equal as numbers but written apart (-0 and 0) keep their own."""
    key = (str(amount), currency, say.language)
    text = formats.get(key)
    if text is None:
        text = formats[key] = say.money(amount, currency)
    return text


def last_check(session: Session) -> datetime | None:
    """When every active alert was last checked (the newest check's time); None before any."""
    return session.scalar(select(func.max(AlertCheck.checked_at)))


def checked_at(alert: Alert, last: datetime | None) -> datetime | None:
    """When the alert's cost was last looked at: when it was set up, or the newest check since
    (`last`, from `last_check`); None for a stopped alert, which no check looks at."""
    if not alert.active:
        return None
    return max(filter(None, (alert.last_checked_at, last)), default=None)


def rearm_level(alert: Alert) -> Decimal | None:
    """The cost above which a fired cost alert is armed again."""
    limit = threshold(rule_of(alert))
    return None if limit is None else limit * (1 + REARM_MARGIN)


def _check(session: Session, request: AlertRequest) -> None:
    if request.kind not in KINDS:
        raise AlertError("kind", f"must be one of {', '.join(KINDS)}")
    if not is_country(request.destination):
        raise AlertError("destination", f"{request.destination!r} is not an ISO 3166 country code")
    if not is_currency(request.currency):
        raise AlertError("currency", f"{request.currency!r} is not an ISO 4217 currency code")
    if request.channel not in CHANNELS:
        raise AlertError("channel", f"must be one of {', '.join(CHANNELS)}")
    if request.channel == "webhook":
        url = urlsplit(request.webhook_url or "")
        if url.scheme not in ("http", "https") or not url.netloc:
            raise AlertError("webhook_url", Words("a webhook needs an http:// or https:// address"))
    if "@" not in request.email:
        raise AlertError("email", "not an e-mail address")
    if session.get(Product, request.product_id) is None:
        raise AlertError("product_id", Words("no product %(id)s", id=request.product_id))


def _amount(field: str, text: str | None, currency: str) -> Decimal:
    text = (text or "").strip()
    if not text:
        raise AlertError(field, Words("enter the net delivered cost to be alerted at"))
    try:
        amount = Money.parse(text, currency).amount
    except ValueError:
        raise AlertError(field, Words("'%(text)s' is not an amount", text=text)) from None
    if amount <= 0:
        raise AlertError(field, Words("must be more than zero"))
    return amount


def _percent(text: str | None) -> Decimal:
    text = (text or "").strip()
    if not text:
        raise AlertError("drop_percent", Words("enter the percentage drop to be alerted at"))
    try:
        percent = Decimal(text.rstrip("%"))
    except InvalidOperation:
        why = Words("'%(text)s' is not a percentage", text=text)
        raise AlertError("drop_percent", why) from None
    if not 0 < percent < 100:
        raise AlertError("drop_percent", Words("must be between 0 and 100"))
    return percent
