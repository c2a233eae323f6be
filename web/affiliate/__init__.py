"""The affiliate's pages: sign-up and log-in here, the dashboard in `views`."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from core.text_safety import has_control_characters
from rebates.accounts import AccountError, authenticate, create_user
from rebates.clicks import RateLimiter, hash_ip
from web.affiliate.forms import LoginForm, LogoutForm, SignupForm
from web.login import Account

bp = Blueprint("affiliate", __name__, template_folder="templates")


def sessions():
    return current_app.extensions["haitao.sessions"]


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    form = SignupForm()
    if form.validate_on_submit():
        try:
            with sessions().begin() as db:
                account = Account.of(create_user(db, form.email.data, form.password.data))
        except AccountError as exc:
            form.email.errors.append(str(exc))
        except IntegrityError:  # a concurrent sign-up with the same e-mail won the insert
            form.email.errors.append(f"{form.email.data} already has an account")
        else:
            _start_session(account)
            return redirect(url_for("affiliate.dashboard"))
    return render_template("affiliate/signup.html", form=form), 400 if form.errors else 200


def login_limiter() -> RateLimiter:
    """LOGIN_RATE_LIMIT attempts a minute per client address (default 10; in-process)."""
    limit = current_app.config.get("LOGIN_RATE_LIMIT", 10)
    return current_app.extensions.setdefault("haitao.login_limiter", RateLimiter(limit, 60.0))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "POST":
        key = hash_ip(request.remote_addr or "", current_app.config["SECRET_KEY"])
        if not login_limiter().allow(key):
            form.validate_on_submit()
            form.password.errors = ["Too many attempts; wait a minute and try again."]
            return render_template("affiliate/login.html", form=form), 429
    if form.validate_on_submit():
        with sessions()() as db:
            user = authenticate(db, form.email.data, form.password.data)
            account = Account.of(user) if user else None
        if account is not None:
            _start_session(account)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("Wrong e-mail or password.")
    return render_template("affiliate/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    if LogoutForm().validate_on_submit():
        logout_user()
        session.clear()
        flash("You are logged out.")
    return redirect(url_for("affiliate.login"))


def _start_session(account: Account) -> None:
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


from web.affiliate import views  # noqa: E402,F401  (registers the dashboard routes)
