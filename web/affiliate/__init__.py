"""The affiliate's pages: sign-up and log-in here, the dashboard in `views`."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

from core.text_safety import has_control_characters
from pricing.landed.words import words_of
from rebates.accounts import (
    AccountError,
    PasswordError,
    authenticate,
    check_password,
    confirm_email,
    create_user,
    end_sessions,
    find_user,
)
from rebates.claims import reason_words
from rebates.tables import User
from web import rate_limits
from web.affiliate.confirmation import read_token, send_confirmation, send_taken_notice
from web.affiliate.forms import KINDS, LoginForm, LogoutForm, ResendForm, SignupForm
from web.formatting import words
from web.login import Account

bp = Blueprint("affiliate", __name__, template_folder="templates")

# Earnings and claim states, and link kinds, as the dashboard names them.
STATUS_NAMES = {
    "pending": _l("pending"),
    "approved": _l("approved"),
    "reversed": _l("reversed"),
    "paid": _l("paid"),
    "open": _l("open"),
    "rejected": _l("rejected"),
    "refused": _l("refused"),
}
LINK_KINDS = {choice.value: choice.label for choice in KINDS}


@bp.app_template_global()
def status_name(state: str) -> str:
    return str(STATUS_NAMES.get(state, state))


@bp.app_template_global()
def claim_reason(reason: str) -> str:
    """A claim's stored reason in the UI language (`rebates.claims.reason_words`)."""
    return words(reason_words(reason)) if reason else ""


@bp.app_template_global()
def link_kind_name(kind: str) -> str:
    return str(LINK_KINDS.get(kind, kind))


def sessions():
    return current_app.extensions["haitao.sessions"]


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    form = SignupForm()
    if request.method == "POST" and not rate_limits.allow("signup"):
        form.validate_on_submit()
        form.email.errors = [_("Too many sign-ups from your address; try again in an hour.")]
        return render_template("affiliate/signup.html", form=form), 429
    if form.validate_on_submit() and _password_ok(form):
        if not current_app.config.get("EMAIL_CONFIRMATION", True):
            return _signup_unconfirmed_demo(form)
        _register(form.email.data.strip().lower(), form.password.data)
        return redirect(url_for("affiliate.signup_sent"))
    return render_template("affiliate/signup.html", form=form), 400 if form.errors else 200


def _password_ok(form: SignupForm) -> bool:
    try:
        check_password(form.password.data, form.email.data)
    except PasswordError as exc:
        form.password.errors = [*form.password.errors, words(words_of(exc))]
        return False
    return True


def _register(email: str, password: str) -> None:
    """Create the account and mail its link, or mail the owner of a known address; the same
    scrypt work either way, so neither the page nor its timing tells which happened."""
    user = None
    try:
        with sessions().begin() as db:
            if find_user(db, email) is None:
                user = create_user(db, email, password, confirmed=False)
            else:
                generate_password_hash(password, "scrypt")
    except IntegrityError:  # a concurrent sign-up with this address won the insert
        user = None
    if user is not None:
        send_confirmation(user)
    else:
        send_taken_notice(email)


def _signup_unconfirmed_demo(form: SignupForm):
    """EMAIL_CONFIRMATION=False (the demo): the account is confirmed and signed in at once.
    This says when an address is taken, which the confirmation flow never does."""
    try:
        with sessions().begin() as db:
            account = Account.of(create_user(db, form.email.data, form.password.data))
    except (AccountError, IntegrityError):
        taken = _("%(email)s already has an account", email=form.email.data)
        form.email.errors = [*form.email.errors, taken]
        return render_template("affiliate/signup.html", form=form), 400
    start_session(account)
    return redirect(url_for("affiliate.dashboard"))


@bp.get("/signup/sent")
def signup_sent():
    return render_template("affiliate/signup_sent.html")


@bp.get("/confirm/<token>")
def confirm(token: str):
    """Confirm the address a signed link names; the link works once and for three days."""
    found = read_token(token)
    confirmed = None
    if found is not None:
        with sessions().begin() as db:
            confirmed = confirm_email(db, *found)
    if confirmed is None:
        abort(400, _("This confirmation link is invalid, expired or already used. Log in and "
                     "ask for a new one on your dashboard."))  # fmt: skip
    flash(_("Your e-mail address is confirmed: your links now earn rebates."))
    return redirect(url_for("affiliate.dashboard"))


@bp.post("/confirm")
@login_required
def resend_confirmation():
    if ResendForm().validate_on_submit() and rate_limits.allow("signup"):
        with sessions()() as db:
            user = db.get(User, current_user.id)
            if user.email_confirmed_at is None:
                send_confirmation(user)
        flash(_("We sent a new confirmation link to %(email)s.", email=current_user.email))
    else:
        flash(_("Could not send a link now; try again later."))
    return redirect(url_for("affiliate.dashboard"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "POST" and not rate_limits.allow("login"):
        form.validate_on_submit()
        form.password.errors = [_("Too many attempts; wait a minute and try again.")]
        return render_template("affiliate/login.html", form=form), 429
    if form.validate_on_submit():
        with sessions()() as db:
            user = authenticate(db, form.email.data, form.password.data)
            account = Account.of(user) if user else None
        if account is not None:
            start_session(account)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Wrong e-mail or password."))
    return render_template("affiliate/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    """Log out: this revokes every session of the account, in every browser, server-side."""
    if LogoutForm().validate_on_submit():
        with sessions().begin() as db:
            end_sessions(db, current_user.id)
        logout_user()
        session.clear()
        flash(_("You are logged out everywhere."))
    return redirect(url_for("affiliate.login"))


def start_session(account: Account) -> None:
    session.clear()  # a fresh session on log-in: no fixation of a pre-login cookie
    login_user(account)
    session.permanent = True


def _safe_next(target: str | None) -> str:
    """Only a local path: `next` must not become an open redirect after log-in."""
    if (
        target
        and not has_control_characters(target)
        and target.startswith("/")
        and not target.startswith(("//", "/\\"))
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and "\\" not in target:
            return target
    return url_for("affiliate.dashboard")
