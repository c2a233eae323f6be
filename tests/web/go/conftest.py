"""/go and the postback endpoint run on the rebates tests' data directory: three stores, a
product and the bundled programs (see tests/rebates/conftest.py)."""

from __future__ import annotations

from tests.rebates import conftest as rebates_fixtures

settings = rebates_fixtures.settings
sessions = rebates_fixtures.sessions
app = rebates_fixtures.app
client = rebates_fixtures.client
