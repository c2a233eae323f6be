"""Affiliates and operators: sign-up, password checks (scrypt), API tokens."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from core.errors import HaitaoError
from rebates.tables import ROLES, User

TOKEN_PREFIX = "hta_"


class AccountError(HaitaoError):
    """An account that cannot be created (taken e-mail, unknown role)."""


def create_user(session: Session, email: str, password: str, role: str = "affiliate") -> User:
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    if find_user(session, email) is not None:
        raise AccountError(f"{email} already has an account")
    user = User(email=email, password_hash=generate_password_hash(password, "scrypt"), role=role)
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = find_user(session, email)
    if user is None or not check_password_hash(user.password_hash, password):
        return None
    return user


def issue_token(user: User) -> str:
    """A new API token; only its SHA-256 is stored, so it is shown to the user once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    user.api_token_hash = token_hash(token)
    return token


def token_hash(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough; a KDF is for guessable passwords.
    return hashlib.sha256(token.encode()).hexdigest()


def user_for_token(session: Session, token: str) -> User | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    return session.scalar(select(User).where(User.api_token_hash == token_hash(token)))
