"""Accounts: one per e-mail whatever its case, scrypt passwords, API tokens stored as hashes."""

from __future__ import annotations

import pytest

from rebates.accounts import (
    TOKEN_PREFIX,
    AccountError,
    authenticate,
    create_user,
    issue_token,
    token_hash,
    user_for_token,
)


def test_an_email_has_one_account_whatever_its_case(sessions):
    with sessions.begin() as session:
        user = create_user(session, "  Ann@Example.COM ", "a long password")
        assert user.email == "ann@example.com" and user.role == "affiliate"
        with pytest.raises(AccountError, match=r"ann@example\.com already has an account"):
            create_user(session, "ANN@example.com", "another password")


def test_an_unknown_role_is_refused_naming_the_roles(sessions):
    with sessions.begin() as session, pytest.raises(AccountError, match="unknown role 'admin'"):
        create_user(session, "x@example.com", "a long password", role="admin")


def test_only_the_right_password_authenticates(sessions):
    with sessions.begin() as session:
        create_user(session, "bo@example.com", "correct horse")
        assert authenticate(session, "BO@example.com", "correct horse").email == "bo@example.com"
        assert authenticate(session, "bo@example.com", "Correct horse") is None
        assert authenticate(session, "nobody@example.com", "correct horse") is None


def test_a_token_opens_its_own_account_only_until_the_next_one_is_issued(sessions):
    with sessions.begin() as session:
        user = create_user(session, "tok@example.com", "a long password")
        first = issue_token(user)
        assert first.startswith(TOKEN_PREFIX) and user.api_token_hash == token_hash(first)
        assert first not in user.api_token_hash
        session.flush()
        assert user_for_token(session, first) is user
        second = issue_token(user)
        session.flush()
        assert user_for_token(session, second) is user
        assert user_for_token(session, first) is None
        assert user_for_token(session, second.removeprefix(TOKEN_PREFIX)) is None
