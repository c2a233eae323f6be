"""Only operators reach the console: anonymous visitors are sent to log in, affiliates get 403."""

from __future__ import annotations

import pytest

from tests.web.ops.conftest import log_in

PAGES = [
    "/ops/",
    "/ops/stores",
    "/ops/stores/new",
    "/ops/stores/us-vitashop/edit",
    "/ops/stores/us-vitashop/schedule",
    "/ops/runs",
    "/ops/rates",
    "/ops/search",
    "/ops/schedules/rates",
    "/ops/schedules/reindex",
    "/ops/api/stores",
    "/ops/api/rates",
]
ACTIONS = [
    "/ops/stores/new",
    "/ops/stores/us-vitashop/edit",
    "/ops/stores/us-vitashop/schedule",
    "/ops/stores/us-vitashop/run",
    "/ops/stores/us-vitashop/pause",
    "/ops/stores/us-vitashop/resume",
    "/ops/runs/1/cancel",
    "/ops/runs/1/retry",
    "/ops/schedules/rates",
    "/ops/schedules/reindex/pause",
    "/ops/schedules/reindex/resume",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_by_role(console_app, operator, url):
    anonymous = console_app.test_client().get(url)
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/affiliate/login")
    affiliate = log_in(console_app, "aff@example.com", "affiliate password")
    assert affiliate.get(url).status_code == 403
    assert operator.get(url).status_code == 200


@pytest.mark.parametrize("url", ACTIONS)
def test_actions_by_role(console_app, url, ops_settings):
    before = ops_settings.stores_file.read_text()
    anonymous = console_app.test_client().post(url, data={"name": "x"})
    assert anonymous.status_code == 302 and "/affiliate/login" in anonymous.headers["Location"]
    affiliate = log_in(console_app, "aff@example.com", "affiliate password")
    assert affiliate.post(url, data={"name": "x"}).status_code == 403
    assert ops_settings.stores_file.read_text() == before


def test_the_site_header_links_operators_to_the_console(console_app, operator):
    assert 'href="/ops/">Operations</a>' in operator.get("/ops/stores").text
    affiliate = log_in(console_app, "aff@example.com", "affiliate password")
    assert 'href="/ops/"' not in affiliate.get("/affiliate/").text
