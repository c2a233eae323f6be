"""Alert pages: mine (sign-in required), and the one-click unsubscribe (signed link)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from alerts.evaluate import (
    AlertError,
    AlertRequest,
    checked_at,
    create_alert,
    describe_rule,
    last_check,
)
from alerts.tables import Alert, AlertMessage
from alerts.tokens import BadToken, alert_for_token
from core.tables import Product
from indexer.documents import DESTINATIONS
from operations.alert_checks import cost_book
from pricing.exchange_rates.rate_table import require_latest_table
from pricing.money import Money
from web import preferences
from web.alerts import bp
from web.alerts.forms import AlertForm, StopForm
from web.formatting import country_name, format_money, words
from web.priced_search import shopper_settings


def sessions():
    return current_app.extensions["haitao.sessions"]


@bp.get("/")
@login_required
def index():
    form = AlertForm(formdata=None, data=_prefill())
    return _page(form)


@bp.post("/")
@login_required
def add():
    form = AlertForm()
    with sessions()() as db:
        form.currency.choices = _currencies(require_latest_table(db))
    if not form.validate_on_submit():
        return _page(form), 400
    try:
        with sessions().begin() as db:
            settings = current_app.extensions["haitao.settings"]
            book = cost_book(db, settings, require_latest_table(db))
            create_alert(db, book, _request(form))
    except AlertError as exc:
        getattr(form, exc.field, form.product_id).errors = [words(exc.message)]
        return _page(form), 400
    flash(_("Alert set: you will get an e-mail when it fires."))
    return redirect(url_for("alerts.index"))


@bp.post("/<int:alert_id>/stop")
@login_required
def stop(alert_id: int):
    if not StopForm().validate_on_submit():
        abort(400)
    with sessions().begin() as db:
        alert = db.get(Alert, alert_id)
        if alert is None or alert.user_id != current_user.id:
            abort(404)
        alert.active = False
    flash(_("Alert stopped."))
    return redirect(url_for("alerts.index"))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """One click from the e-mail (GET), or a mail client's RFC 8058 one-click POST."""
    try:
        alert_id = alert_for_token(token, current_app.config["SECRET_KEY"])
    except BadToken:
        return render_template("alerts/unsubscribed.html", alert=None), 404
    with sessions().begin() as db:
        alert = db.get(Alert, alert_id)
        if alert is None:
            return render_template("alerts/unsubscribed.html", alert=None), 404
        alert.active = False
        title = alert.product.title
    return render_template("alerts/unsubscribed.html", alert=alert_id, title=title)


def _page(form: AlertForm):
    with sessions()() as db:
        rates = require_latest_table(db)
        form.currency.choices = _currencies(rates)
        form.destination.choices = [(code, country_name(code)) for code in DESTINATIONS]
        mine = list(
            db.scalars(
                select(Alert).where(Alert.user_id == current_user.id).order_by(Alert.id.desc())
            )
        )
        last = _last_messages(db, [a.id for a in mine])
        locale = str(get_locale() or "en")
        newest = last_check(db)
        rows = [
            (a, a.product.title, describe_rule(a, locale), last.get(a.id), checked_at(a, newest))
            for a in mine
        ]
        chosen = _chosen(db, form, rates)
    return render_template(
        "alerts/index.html",
        form=form,
        rows=rows,
        stop_form=StopForm(),
        rates=rates,
        chosen=chosen,
    )


def _chosen(db, form: AlertForm, rates) -> tuple[Product, Money | None] | None:
    """The product the form is for (from its page's link), and its net delivered cost now to
    the chosen destination, when it can be priced there: a target is set against it."""
    number = form.product_id.data
    product = db.get(Product, number) if isinstance(number, int) else None
    if product is None:
        return None
    destination, currency = form.destination.data, form.currency.data
    if destination not in DESTINATIONS or currency not in form.currency.choices:
        return product, None
    book = cost_book(db, current_app.extensions["haitao.settings"], rates)
    quote = book.quote(product.id, destination, currency)
    return product, (quote.net.rounded() if quote is not None else None)


def _currencies(rates) -> list[str]:
    return sorted({"EUR", *rates.per_pivot})


def _last_messages(db, alert_ids: list[int]) -> dict[int, AlertMessage]:
    if not alert_ids:
        return {}
    newest = (
        select(func.max(AlertMessage.id))
        .where(AlertMessage.alert_id.in_(alert_ids))
        .group_by(AlertMessage.alert_id)
    )
    messages = db.scalars(select(AlertMessage).where(AlertMessage.id.in_(newest)))
    return {m.alert_id: m for m in messages}


def _prefill() -> dict:
    """Where the shopper is: ship to and currency as the search and product pages have them
    (the link's `dest` and `currency`, else the saved settings, else the browser's language)."""
    prefs, _rates, currency = shopper_settings()
    data = {"destination": prefs.dest, "currency": currency}
    if (product := request.args.get("product", "")).isdigit():
        data["product_id"] = int(product)
    return data


def _request(form: AlertForm) -> AlertRequest:
    kind = form.kind.data
    return AlertRequest(
        user_id=current_user.id,
        email=current_user.email,
        product_id=form.product_id.data,
        destination=form.destination.data,
        currency=form.currency.data,
        kind=kind,
        target=_text(form.target.data) if kind == "target" else None,
        drop_percent=_text(form.drop_percent.data) if kind == "drop" else None,
        channel="webhook" if form.webhook_url.data else "email",
        webhook_url=form.webhook_url.data or None,
        language=preferences.current().lang,
    )


def _text(value) -> str:
    return "" if value is None else str(value)


@bp.app_template_global()
def alert_money(amount, currency: str) -> str:
    return format_money(Money(amount, currency))
