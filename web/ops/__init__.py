"""The ops console: health flags, claims and payouts here; stores in `stores`, schedules in
`timing`, crawl runs in `runs`, FX rates and the search index in `data_status`. Every page needs the
operator role; every action is a CSRF-protected POST."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DecimalField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Regexp, ValidationError

from core.errors import HaitaoError
from core.iso_codes import is_currency
from core.settings import Settings
from operations import health
from rebates.claims import approve_claim, reject_claim
from rebates.ledger import MAX_MINIMUM, create_payout, mark_paid
from rebates.tables import Claim, Payout, User
from web.login import role_required
from web.validators import FiniteDecimal

bp = Blueprint("ops", __name__, template_folder="templates")
LIST_LIMIT = 100  # the oldest open claims and the newest payouts shown on the overview


class ActionForm(FlaskForm):
    """A button that changes state: only its CSRF token."""


class RejectForm(FlaskForm):
    reason = StringField("Reason", validators=[DataRequired(), Length(max=300)])


class PayoutForm(FlaskForm):
    currency = StringField("Currency", validators=[DataRequired(), Regexp(r"^[A-Z]{3}$")])
    minimum = DecimalField(
        "Minimum payable",
        places=None,
        validators=[
            DataRequired(),
            FiniteDecimal(MAX_MINIMUM),
            NumberRange(min=Decimal("0.01")),
        ],
    )

    def validate_currency(self, field: StringField) -> None:
        if field.data and not is_currency(field.data):
            raise ValidationError("Not an ISO 4217 currency.")


def sessions():
    return current_app.extensions["haitao.sessions"]


def settings() -> Settings:
    return current_app.extensions["haitao.settings"]


@bp.get("/")
@role_required("operator")
def index(payout_form: PayoutForm | None = None, status: int = 200):
    with sessions()() as db:
        claims = db.execute(
            select(Claim, User.email)
            .join(User)
            .where(Claim.state == "open")
            .order_by(Claim.id)
            .limit(LIST_LIMIT)
        ).all()
        payouts = list(db.scalars(select(Payout).order_by(Payout.id.desc()).limit(LIST_LIMIT)))
        page = render_template(
            "ops/index.html",
            flags=health.flags(db, limit=20),
            claims=claims,
            payouts=payouts,
            action_form=ActionForm(),
            reject_form=RejectForm(formdata=None),
            payout_form=payout_form or PayoutForm(formdata=None),
        )
    return page, status


@bp.post("/claims/<int:claim_id>/approve")
@role_required("operator")
def approve(claim_id: int):
    if ActionForm().validate_on_submit():
        _run(lambda: approve_claim(sessions(), claim_id), f"Claim {claim_id} approved.")
    return redirect(url_for("ops.index"))


@bp.post("/claims/<int:claim_id>/reject")
@role_required("operator")
def reject(claim_id: int):
    form = RejectForm()
    if form.validate_on_submit():
        _run(lambda: _in_transaction(reject_claim, claim_id, form.reason.data), "Rejected.")
    else:
        flash("A rejection needs a reason.")
    return redirect(url_for("ops.index"))


@bp.post("/payouts")
@role_required("operator")
def new_payout():
    form = PayoutForm()
    if not form.validate_on_submit():
        return index(payout_form=form, status=400)
    _run(
        lambda: _in_transaction(create_payout, form.currency.data, form.minimum.data),
        "Payout batch created.",
    )
    return redirect(url_for("ops.index"))


@bp.post("/payouts/<int:payout_id>/paid")
@role_required("operator")
def paid(payout_id: int):
    if ActionForm().validate_on_submit():
        _run(lambda: _in_transaction(mark_paid, payout_id), f"Payout {payout_id} marked paid.")
    return redirect(url_for("ops.index"))


def _in_transaction(action, *args):
    with sessions().begin() as db:
        return action(db, *args)


def _run(action, done: str) -> None:
    try:
        action()
    except HaitaoError as exc:
        flash(str(exc))
    else:
        flash(done)
