"""Affiliates and operators: sign-up, password checks (scrypt), API tokens."""

from __future__ import annotations

import gzip
import hashlib
import secrets
from functools import cache

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from config import CONFIG_DIR
from core.errors import HaitaoError
from core.tables import utcnow
from pricing.landed.words import Words
from rebates.tables import ROLES, User

TOKEN_PREFIX = "hta_"
MIN_PASSWORD_LENGTH = 10
COMMON_PASSWORDS_FILE = CONFIG_DIR / "common-passwords.txt.gz"


class AccountError(HaitaoError):
    """An account that cannot be created (taken e-mail, unknown role)."""


class PasswordError(AccountError):
    """A password too short, too common, or equal to the e-mail address."""


def create_user(
    session: Session,
    email: str,
    password: str,
    role: str = "affiliate",
    *,
    confirmed: bool = True,
) -> User:
    """A new account; `confirmed=False` for web sign-ups, whose links earn once confirmed."""
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    check_password(password, email)
    if find_user(session, email) is not None:
        raise AccountError(f"{email} already has an account")
    user = User(email=email, password_hash=generate_password_hash(password, "scrypt"), role=role)
    user.email_confirmed_at = utcnow() if confirmed else None
    session.add(user)
    session.flush()
    return user


def check_password(password: str, email: str) -> None:
    """Refuse passwords an attacker tries first: short, common, or the e-mail address."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordError(Words("At least %(num)s characters.", num=MIN_PASSWORD_LENGTH))
    folded = password.strip().casefold()
    if folded in common_passwords():
        common = "This password is on a list of common passwords; choose another."
        raise PasswordError(Words(common))
    email = email.strip().casefold()
    if folded in (email, email.partition("@")[0]):
        raise PasswordError(Words("The password must not be your e-mail address."))


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list (config/common-passwords.md says where it comes from)."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def confirm_email(session: Session, user_id: int, email: str) -> User | None:
    """Mark the address confirmed, once; None when the link is for another or used address."""
    user = session.get(User, user_id)
    if user is None or user.email != email or user.email_confirmed_at is not None:
        return None
    user.email_confirmed_at = utcnow()
    return user


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The account, or None; an unknown e-mail costs the same scrypt work as a wrong password,
    so the answer's timing does not tell which e-mails have accounts."""
    user = find_user(session, email)
    stored = user.password_hash if user is not None else _decoy_hash()
    if not check_password_hash(stored, password) or user is None:
        return None
    return user


@cache
def _decoy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16), "scrypt")


def end_sessions(session: Session, user_id: int) -> None:
    """Revoke every session of the account, in every browser ("log out everywhere")."""
    session.execute(
        update(User)
        .where(User.id == user_id)
        .values(session_generation=User.session_generation + 1)
    )


def set_password(session: Session, user: User, password: str) -> None:
    """A new password ends every session and the API token made under the old one."""
    check_password(password, user.email)
    user.password_hash = generate_password_hash(password, "scrypt")
    user.api_token_hash = None
    session.flush()
    end_sessions(session, user.id)


def set_role(session: Session, user: User, role: str) -> None:
    """A role change ends every session, so no page keeps the old role's view."""
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    user.role = role
    session.flush()
    end_sessions(session, user.id)


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
