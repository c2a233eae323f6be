"""The dashboard: links, clicks, conversions, earnings, claims, statements and exports."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.security import check_password_hash
from wtforms.fields.choices import SelectChoice

from core.errors import HaitaoError
from core.tables import Store
from pricing.landed.words import words_of
from pricing.money import Money
from rebates.accounts import AccountError, PasswordError, issue_token, set_password
from rebates.chart import earnings_svg
from rebates.claims import expected_payable, file_claim
from rebates.links import create_link
from rebates.reports import build_report, conversions_csv, statement_csv
from rebates.tables import Claim, Link, Program, User
from web.affiliate import bp, sessions, start_session, status_name
from web.affiliate.forms import (
    ClaimForm,
    LinkForm,
    LogoutForm,
    PasswordForm,
    RangeForm,
    ResendForm,
    TokenForm,
)
from web.formatting import format_money, words
from web.login import Account

# The newest this many links and claims are listed; a page never grows with an account's age.
LIST_LIMIT = 100
UNCONFIRMED = _l("Confirm your e-mail address first: links of unconfirmed accounts cannot earn.")


def _programs(db) -> list[Program]:
    return list(
        db.scalars(select(Program).join(Store).where(Program.active.is_(True)).order_by(Store.name))
    )


def _forms(db) -> tuple[LinkForm, ClaimForm]:
    programs = _programs(db)
    choices = [SelectChoice(p.id, f"{p.store.name} ({p.store.currency})") for p in programs]
    link_form, claim_form = LinkForm(prefix="link"), ClaimForm(prefix="claim")
    link_form.program.choices = claim_form.program.choices = choices
    return link_form, claim_form


@bp.get("/")
@login_required
def dashboard():
    return _render_dashboard()


def _render_dashboard(status: int = 200, token: str | None = None, **forms):
    range_form = RangeForm(request.args)
    if not range_form.validate():
        status = 400
    start, end = range_form.dates() if not range_form.errors else _default_range()
    if not range_form.errors:  # show the range in use, including the default one
        range_form.start.data, range_form.end.data = start, end
    with sessions()() as db:
        link_form, claim_form = _forms(db)
        link_form = forms.get("link_form", link_form)
        claim_form = forms.get("claim_form", claim_form)
        report = build_report(db, current_user.id, start, end)
        context = {
            "report": report,
            "chart": Markup(
                earnings_svg(
                    report.daily,
                    start,
                    end,
                    _("Cumulative earnings per day"),
                    lambda amount, currency: format_money(Money(amount, currency)),
                )
            ),
            "links": _links(db),
            "claims": _claims(db),
            "programs": _programs(db),
        }
        page = render_template(
            "affiliate/dashboard.html",
            range_form=range_form,
            link_form=link_form,
            claim_form=claim_form,
            token_form=TokenForm(),
            logout_form=LogoutForm(),
            resend_form=ResendForm(),
            password_form=forms.get("password_form") or PasswordForm(formdata=None),
            token=token,
            list_limit=LIST_LIMIT,
            **context,
        )
    return page, status


def _default_range() -> tuple[date, date]:
    return RangeForm(formdata=None).dates()


def _links(db) -> list[Link]:
    return list(
        db.scalars(
            select(Link)
            .where(Link.user_id == current_user.id)
            .order_by(Link.id.desc())
            .limit(LIST_LIMIT)
        )
    )


def _claims(db) -> list[tuple[Claim, date]]:
    rows = db.scalars(
        select(Claim)
        .where(Claim.user_id == current_user.id)
        .order_by(Claim.id.desc())
        .limit(LIST_LIMIT)
    )
    return [(claim, expected_payable(claim)) for claim in rows]


@bp.post("/links")
@login_required
def new_link():
    with sessions().begin() as db:
        form, _claim_form = _forms(db)
        if form.validate_on_submit():
            try:
                link = _create_link(db, form)
                url = url_for("go.go", code=link.code, _external=True)
                flash(_("Your new link: %(url)s", url=url))
                return redirect(url_for("affiliate.dashboard"))
            except HaitaoError as exc:
                form.product_id.errors.append(words(words_of(exc)))
    return _render_dashboard(400, link_form=form)


def _create_link(db, form: LinkForm) -> Link:
    if not current_user.confirmed:
        raise HaitaoError(str(UNCONFIRMED))
    return create_link(
        db, db.get(User, current_user.id), db.get(Program, form.program.data),
        kind=form.kind.data, product_id=form.product_id.data,
        query=form.query.data, sub_id=form.sub_id.data or "",
    )  # fmt: skip


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers.setdefault("Cache-Control", "private, no-store")
    return response


@bp.post("/claims")
@login_required
def new_claim():
    with sessions().begin() as db:
        _link_form, form = _forms(db)
        if form.validate_on_submit():
            program = db.get(Program, form.program.data)
            amount = Money(form.amount.data, program.store.currency).rounded()
            try:
                claim = file_claim(
                    db, db.get(User, current_user.id), program, form.order_id.data.strip(),
                    form.order_date.data, amount, (form.category.data or "").strip(),
                )  # fmt: skip
                state = status_name(claim.state)
                flash(_("Claim for order %(order)s: %(state)s.", order=claim.order_id, state=state)
                      + (f" {words(claim.reason)}" if claim.reason else ""))  # fmt: skip
                return redirect(url_for("affiliate.dashboard"))
            except HaitaoError as exc:
                form.order_id.errors.append(words(words_of(exc)))
    return _render_dashboard(400, claim_form=form)


@bp.post("/token")
@login_required
def new_token():
    if not TokenForm().validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
    with sessions().begin() as db:
        token = issue_token(db.get(User, current_user.id))
    return _render_dashboard(token=token)


@bp.post("/password")
@login_required
def change_password():
    """A new password ends every session (this one is started afresh) and the API token."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            with sessions().begin() as db:
                user = db.get(User, current_user.id)
                if not check_password_hash(user.password_hash, form.current.data):
                    raise AccountError(_("Wrong password."))
                set_password(db, user, form.new.data)
            with sessions()() as db:
                start_session(Account.of(db.get(User, current_user.id)))
        except PasswordError as exc:
            form.new.errors = [*form.new.errors, words(words_of(exc))]
        except AccountError as exc:
            form.current.errors = [*form.current.errors, words(words_of(exc))]
        else:
            flash(_("Password changed; every other session and your API token are revoked."))
            return redirect(url_for("affiliate.dashboard"))
    return _render_dashboard(400, password_form=form)


@bp.get("/statement.csv")
@login_required
def statement():
    with sessions()() as db:
        body = statement_csv(db, current_user.id)
    return _csv(body, "haitao-statement.csv")


@bp.get("/conversions.csv")
@login_required
def export():
    range_form = RangeForm(request.args)
    if not range_form.validate():
        abort(400, "; ".join(str(m) for ms in range_form.errors.values() for m in ms))
    with sessions()() as db:
        body = conversions_csv(db, current_user.id, *range_form.dates())
    return _csv(body, "haitao-conversions.csv")


def _csv(body: str, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
