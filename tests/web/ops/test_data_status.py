"""FX rates and the search index as operators see them."""

from __future__ import annotations

import dataclasses
import socket

from core.db import session_factory
from operations import schedules
from pricing.exchange_rates.rate_table import load_snapshot
from pricing.exchange_rates.refresh import FetchAttempt
from tests.web.ops.conftest import log_in, token


def test_the_rates_page_shows_the_rates_in_use_with_source_and_date(operator, ops_settings):
    snapshot = load_snapshot(ops_settings.fx_snapshot_file)
    with session_factory(ops_settings.database_url).begin() as session:
        session.add(FetchAttempt(source="ecb", ok=False, as_of=None, reason="no network <here>"))
    page = operator.get("/ops/rates").text
    assert f"<strong>{snapshot.source}</strong>" in page
    assert f"<strong>{snapshot.as_of.isoformat()}</strong>" in page
    assert f"<td>JPY</td><td>{snapshot.per_pivot['JPY']}</td>" in page
    assert "no network &lt;here&gt;" in page and "failed" in page


def test_the_rates_refresh_and_the_reindex_are_scheduled_from_their_pages(operator, ops_settings):
    assert "Not scheduled" in operator.get("/ops/rates").text
    url = "/ops/schedules/rates"
    data = {"csrf_token": token(operator, url), "kind": "cron", "cron": "0 17 * * *"}
    response = operator.post(url, data=data | {"time_limit": "10m", "action": "save"})
    assert response.status_code == 302
    with session_factory(ops_settings.database_url)() as session:
        row = schedules.get(session, "rates")
        assert (row.kind, row.store_id, row.origin) == ("rates", None, "console")
    section = operator.get("/ops/rates").text.split('id="schedule-rates"')[1]
    assert "every day at 17:00 UTC" in section and ", next at " in section
    paused = operator.post(
        "/ops/schedules/rates/pause",
        data={"csrf_token": token(operator, url), "back": "/ops/rates"},
    )
    assert paused.headers["Location"] == "/ops/rates"
    assert "paused" in operator.get("/ops/rates").text.split('id="schedule-rates"')[1]
    reindex = operator.post(
        "/ops/schedules/reindex/pause",
        data={"csrf_token": token(operator, url), "back": "https://elsewhere.example/"},
        follow_redirects=True,
    )
    assert "no schedule &#39;reindex&#39;" in reindex.text  # and it stayed on the site
    assert operator.get("/ops/schedules/coffee").status_code == 404


def test_the_search_page_shows_the_embedded_index(operator, ops_settings, console_app):
    from operations.indexing import rebuild_index

    before = operator.get("/ops/search").text
    assert 'class="documents">0<' in before and "never" in before
    count = rebuild_index(ops_settings, console_app.extensions["haitao.search"])
    page = operator.get("/ops/search").text
    assert f'class="documents">{count}<' in page
    assert "never" not in page.split('id="index-embedded"')[1]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_cluster_is_one_line_not_an_error_page(ops_settings):
    from tests.web.ops.conftest import OPERATOR
    from web import create_app

    url = f"http://127.0.0.1:{closed_port()}"
    app = create_app(dataclasses.replace(ops_settings, elasticsearch_url=url), TESTING=True)
    with session_factory(ops_settings.database_url).begin() as session:
        from rebates.accounts import create_user

        create_user(session, *OPERATOR, role="operator")
    response = log_in(app, *OPERATOR).get("/ops/search")
    assert response.status_code == 200
    section = response.text.split('id="index-elasticsearch"')[1]
    assert f"cannot reach Elasticsearch at {url}" in section
    assert 'class="documents">0<' in response.text  # the embedded index is still shown
    app.extensions["haitao.search"].close()


def test_the_search_page_names_the_alias_and_its_index(console_app, operator, osmem_url):
    from indexer.backends.elasticsearch import ElasticsearchBackend
    from tests.indexer.es_compat import JsonCompatNode
    from tests.indexer.search_fixtures import documents

    embedded = console_app.extensions["haitao.search"]
    backend = ElasticsearchBackend(
        osmem_url, index="haitao-console-test", replicas=0, node_class=JsonCompatNode
    )
    backend.rebuild(documents())
    settings = console_app.extensions["haitao.settings"]
    console_app.extensions["haitao.settings"] = dataclasses.replace(
        settings, elasticsearch_url=osmem_url
    )
    console_app.extensions["haitao.search"] = backend
    try:
        page = operator.get("/ops/search").text
    finally:
        console_app.extensions["haitao.search"] = embedded
        console_app.extensions["haitao.settings"] = settings
        backend.close()
    section = page.split('id="index-elasticsearch"')[1]
    assert f'class="documents">{len(documents())}<' in section
    assert "<code>haitao-console-test-20" in section  # the versioned index behind the alias
    assert 'id="serving">elasticsearch<' in page
