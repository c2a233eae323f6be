"""Who is signed in: Flask-Login over rebate users, hardened session cookies, roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from flask import Flask, abort, current_app
from flask_login import LoginManager, UserMixin, current_user

from rebates.tables import User

login_manager = LoginManager()
login_manager.login_view = "affiliate.login"
login_manager.login_message = "Please log in to see that page."
# "strong": a session cookie replayed from another address or browser is dropped.
login_manager.session_protection = "strong"


@dataclass(frozen=True)
class Account(UserMixin):
    """The signed-in user as the request sees it (a plain value, not a database row)."""

    id: int
    email: str
    role: str

    @classmethod
    def of(cls, user: User) -> Account:
        return cls(id=user.id, email=user.email, role=user.role)


@login_manager.user_loader
def load_account(user_id: str) -> Account | None:
    if not user_id.isdigit():
        return None
    with current_app.extensions["haitao.sessions"]() as session:
        user = session.get(User, int(user_id))
        return Account.of(user) if user else None


def init_app(app: Flask) -> None:
    """Cookie flags: HttpOnly, SameSite=Lax, short lifetime; Secure when SESSION_COOKIE_SECURE.

    Secure is off by default because the site is served over plain http on 127.0.0.1; set
    SESSION_COOKIE_SECURE=True (create_app keyword) behind an HTTPS proxy.
    """
    hardened = {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
    }
    for key, value in hardened.items():
        if app.config.get(key) == Flask.default_config.get(key):  # not chosen by the caller
            app.config[key] = value
    login_manager.init_app(app)


def role_required(role: str):
    """Only signed-in users with `role`; others get 403 (or the login page if anonymous)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role != role:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
