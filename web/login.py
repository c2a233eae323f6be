"""Who is signed in: Flask-Login over rebate users, hardened session cookies, roles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from flask import Flask, abort, current_app
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, UserMixin, current_user

from rebates.tables import User

login_manager = LoginManager()
login_manager.login_view = "affiliate.login"
login_manager.login_message = _l("Please log in to see that page.")
# "strong": a session cookie replayed from another address or browser is dropped.
login_manager.session_protection = "strong"


@dataclass(frozen=True)
class Account(UserMixin):
    """The signed-in user as the request sees it (a plain value, not a database row)."""

    id: int
    email: str
    role: str
    generation: int = 0
    confirmed: bool = True

    @classmethod
    def of(cls, user: User) -> Account:
        return cls(
            id=user.id,
            email=user.email,
            role=user.role,
            generation=user.session_generation,
            confirmed=user.email_confirmed_at is not None,
        )

    def get_id(self) -> str:
        """What the session cookie stores: the account and its session generation.

        A cookie whose generation is not the account's current one no longer signs anyone
        in, so bumping the generation revokes every copy of every earlier session.
        """
        return f"{self.id}.{self.generation}"


SESSION_ID = re.compile(r"([0-9]{1,12})\.([0-9]{1,12})")


@login_manager.user_loader
def load_account(session_id: str) -> Account | None:
    """The account of a session cookie, checked on every request against the database."""
    match = SESSION_ID.fullmatch(session_id)
    if match is None:
        return None
    with current_app.extensions["haitao.sessions"]() as session:
        user = session.get(User, int(match[1]))
        if user is None or user.session_generation != int(match[2]):
            return None
        return Account.of(user)


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
