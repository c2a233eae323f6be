"""Evaluating alerts: set one up, and check every active one against today's costs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from alerts.costs import CostBook, Quote
from alerts.firing import REARM_MARGIN, Rule, State, decide, threshold
from alerts.tables import CHANNELS, KINDS, Alert, AlertMessage
from core.errors import HaitaoError
from core.iso_codes import is_country, is_currency
from core.tables import Product, utcnow
from pricing.landed.words import Country, Words
from pricing.money import Money

BATCH = 5000  # alerts loaded and checked at a time


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

    Alerts are read as plain rows a batch at a time; only those whose cost, stock or state
    changed are written back (one executemany per batch), and the check time of all of them
    in one statement: a check of 100,000 alerts that fires few writes little.
    """
    now, report, last_id = now or utcnow(), CheckReport(), 0
    while batch := list(session.execute(_ROWS.where(Alert.id > last_id).limit(BATCH))):
        book.load({row.product_id for row in batch}, {row.destination for row in batch})
        changes, messages = [], []
        for row in batch:
            _check_one(book, row, now, report, changes, messages)
        if changes:
            session.execute(update(Alert), changes)
        if messages:
            session.execute(insert(AlertMessage), messages)
        last_id = batch[-1].id
    session.execute(update(Alert).where(Alert.active).values(last_checked_at=now))
    return report


_ROWS = (
    select(
        Alert.id, Alert.product_id, Alert.destination, Alert.currency, Alert.kind, Alert.target,
        Alert.drop_percent, Alert.baseline, Alert.min_saving, Alert.channel, Alert.armed,
        Alert.last_cost, Alert.last_available, Alert.last_fired_at, Product.title,
    )
    .join(Product, Product.id == Alert.product_id)
    .where(Alert.active)
    .order_by(Alert.id)
)  # fmt: skip


def _check_one(book: CostBook, row, now: datetime, report: CheckReport, changes, messages) -> None:
    quote = book.quote(row.product_id, row.destination, row.currency)
    net = quote.net.rounded().amount if quote else None
    available = quote.available if quote else None
    state = State(armed=row.armed, last_fired_at=row.last_fired_at)
    decision = decide(rule_of(row), state, net, bool(available), now)
    report.checked += 1
    report.unpriced += quote is None
    report.held += decision.held
    after = (decision.state.armed, decision.state.last_fired_at, net, available)
    if after != (row.armed, row.last_fired_at, row.last_cost, row.last_available):
        changes.append(
            {"id": row.id, "armed": after[0], "last_fired_at": after[1], "last_cost": net,
             "last_available": available}
        )  # fmt: skip
    if decision.fire:
        report.fired += 1
        messages.append(_message(row, row.title, quote, row.last_cost, now))


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


def _message(alert, title: str, quote: Quote | None, before: Decimal | None, now: datetime) -> dict:
    """The AlertMessage row (as a dict for a bulk insert) of an alert that fired."""
    return {
        "alert_id": alert.id,
        "fired_at": now,
        "net_cost": quote.net.rounded().amount if quote else None,
        "delivered_cost": quote.delivered.rounded().amount if quote else None,
        "cashback": quote.cashback.rounded().amount if quote else None,
        "currency": alert.currency,
        "offer_id": quote.offer_id if quote else None,
        "store_id": quote.store_id if quote else None,
        "reason": _reason(alert, title, quote, before),
        "channel": alert.channel,
        "sent_at": None,
        "attempts": 0,
        "error": None,
    }


def _reason(alert, title: str, quote: Quote | None, before: Decimal | None) -> str:
    if alert.kind == "in_stock" or quote is None:
        return f"{title} is back in stock."
    net = quote.net.rounded().format()
    changed = before is not None and before != quote.net.rounded().amount
    was = f" (it was {Money(before, alert.currency).format()})" if changed else ""
    head = f"{title}: the net delivered cost to {alert.destination}"
    if alert.kind == "target":
        target = Money(alert.target, alert.currency).format()
        return f"{head} is now {net}{was}, at or below your target {target}."
    baseline = Money(alert.baseline, alert.currency).format()
    percent = f"{alert.drop_percent.normalize():f} %"
    return f"{head} dropped to {net}{was}, at least {percent} below {baseline}."


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
    try:
        amount = Money.parse((text or "").strip(), currency).amount
    except ValueError:
        raise AlertError(field, Words("'%(text)s' is not an amount", text=text or "")) from None
    if amount <= 0:
        raise AlertError(field, Words("must be more than zero"))
    return amount


def _percent(text: str | None) -> Decimal:
    try:
        percent = Decimal((text or "").strip().rstrip("%"))
    except InvalidOperation:
        why = Words("'%(text)s' is not a percentage", text=text or "")
        raise AlertError("drop_percent", why) from None
    if not 0 < percent < 100:
        raise AlertError("drop_percent", Words("must be between 0 and 100"))
    return percent
