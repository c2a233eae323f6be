"""GET /api/v1/affiliate/earnings: a bearer token opens it, nothing else does."""

from __future__ import annotations

from tests.rebates import conftest as rebates_fixtures
from tests.rebates.conftest import signup

# The rebates tests' data directory and site (tests/rebates/conftest.py), for this module only:
# the other API tests run on the crawled site of tests/conftest.py.
settings = rebates_fixtures.settings
sessions = rebates_fixtures.sessions
app = rebates_fixtures.app
client = rebates_fixtures.client


def test_the_api_needs_a_valid_token(client):
    for headers in ({}, {"Authorization": "Bearer hta_forged"}, {"Authorization": "Basic x"}):
        response = client.get("/api/v1/affiliate/earnings", headers=headers)
        assert response.status_code == 401
        assert response.get_json()["error"]["status"] == 401


def test_a_session_cookie_does_not_open_the_api(client, sessions):
    signup(client, "cookie@example.com")
    assert client.get("/api/v1/affiliate/earnings").status_code == 401
