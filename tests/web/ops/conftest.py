"""The ops console on a migrated data directory whose stores file lists the sample stores."""

from __future__ import annotations

import re

import pytest

from core.db import session_factory
from rebates.accounts import create_user
from tests.indexer import conftest as indexer_fixtures
from tests.operations import conftest as ops_fixtures
from tests.rebates.conftest import csrf_token

# The operations tests' fixtures: a migrated data directory listing the sample stores,
# fake stores that answer slowly or never, and a real one-product catalog page.
fake_stores = ops_fixtures.fake_stores
first_page = ops_fixtures.first_page
# osmem-server, with the pipe its plugin leaves open closed (see tests/indexer/conftest.py).
osmem_server = indexer_fixtures.osmem_server

OPERATOR = ("ops@example.com", "operator password")


@pytest.fixture
def console_app(ops_settings):
    from web import create_app

    app = create_app(ops_settings, TESTING=True)
    with session_factory(ops_settings.database_url).begin() as session:
        create_user(session, *OPERATOR, role="operator")
        create_user(session, "aff@example.com", "affiliate password", role="affiliate")
    yield app
    app.extensions["haitao.search"].close()


def log_in(app, email: str, password: str):
    client = app.test_client()
    token = csrf_token(client, "/affiliate/login")
    response = client.post(
        "/affiliate/login", data={"csrf_token": token, "email": email, "password": password}
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def operator(console_app):
    return log_in(console_app, *OPERATOR)


def token(client, url: str) -> str:
    return csrf_token(client, url)


def field_error(page: str, field: str) -> str:
    """The message shown beside a form field (the `<em id="FIELD-error">` in its label)."""
    match = re.search(rf'<em class="error" id="{field}-error">([^<]*)</em>', page)
    return match.group(1) if match else ""
