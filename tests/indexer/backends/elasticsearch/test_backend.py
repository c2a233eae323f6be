"""What only the Elasticsearch backend promises: its mapping, versioned indices behind an
alias and zero-downtime rebuilds, exact money, and one-line connection errors.

Runs against osmem-server, or the cluster named by `HAITAO_TEST_ES_URL`.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from elasticsearch import Elasticsearch

from core.errors import HaitaoError
from core.settings import Settings
from indexer.backends import get_backend
from indexer.backends.elasticsearch import ElasticsearchBackend
from indexer.backends.elasticsearch.backend import redact
from indexer.backends.elasticsearch.search_body import search_body
from indexer.documents import SearchDocument
from indexer.fields import FORMAT, StaleIndex
from indexer.query import SearchQuery
from operations.indexing import rebuild_index
from pricing.money import Money
from tests.conftest import haitao_env, run_haitao
from tests.indexer.search_fixtures import doc, documents, eur


@pytest.fixture
def target(request) -> tuple[str, dict, str]:
    """(url, client options, alias) of the cluster under test."""
    if url := os.environ.get("HAITAO_TEST_ES_URL"):
        return url, {}, f"haitao-test-es-{os.getpid()}"
    from tests.indexer.es_compat import JsonCompatNode

    return request.getfixturevalue("osmem_url"), {"node_class": JsonCompatNode}, "haitao-test"


@pytest.fixture
def backend(target) -> Iterator[ElasticsearchBackend]:
    url, options, alias = target
    backend = ElasticsearchBackend(url, index=alias, replicas=0, chunk_size=50, **options)
    yield backend
    backend.close()


@pytest.fixture
def client(target) -> Iterator[Elasticsearch]:
    """A plain client for looking at the cluster from outside the backend."""
    url, options, _ = target
    client = Elasticsearch(url, **options)
    yield client
    client.close()


def aliased(client: Elasticsearch, alias: str) -> list[str]:
    return sorted(client.options(ignore_status=404).indices.get_alias(name=alias).body)


def versions(client: Elasticsearch, alias: str) -> list[str]:
    return sorted(client.indices.get(index=f"{alias}-*"))


def more_documents(count: int) -> list[SearchDocument]:
    stores = ("us-vitashop", "de-apotheke", "jp-rakuichi")
    return [
        doc(
            1000 + n,
            stores[n % 3],
            f"Omega 3 Fish Oil {n} Capsules",
            f"{10 + n % 50}.{n % 100:02d}",
        )
        for n in range(count)
    ]


# ---- versioned indices behind the alias ---------------------------------------------------


def test_rebuild_points_the_alias_at_one_new_versioned_index_and_drops_the_old(backend, client):
    alias = backend.alias
    backend.rebuild(documents())
    (first,) = aliased(client, alias)
    assert re.fullmatch(re.escape(alias) + r"-\d{20}", first)
    backend.rebuild(documents()[:5])
    (second,) = aliased(client, alias)
    assert second != first
    assert versions(client, alias) == [second]
    assert backend.count() == 5


def test_readers_see_the_old_index_until_the_new_one_is_complete(backend):
    backend.rebuild(documents())
    old, new = len(documents()), more_documents(300)
    seen: list[int] = []
    failures: list[BaseException] = []
    loading = threading.Event()

    def read() -> None:
        while loading.is_set():
            try:
                seen.append(backend.search(SearchQuery(size=1)).total_offers)
            except BaseException as error:  # any failure is the finding
                failures.append(error)

    def slowly() -> Iterator[SearchDocument]:
        """The new documents, pausing halfway until the reader has searched a few times
        (in the new index's first chunks and in the old index)."""
        for n, document in enumerate(new):
            if n == len(new) // 2:
                deadline = time.monotonic() + 30
                while len(seen) < 5 and time.monotonic() < deadline:
                    time.sleep(0.01)
            yield document

    loading.set()
    reader = threading.Thread(target=read)
    reader.start()
    try:
        assert backend.rebuild(slowly()) == len(new)
    finally:
        loading.clear()
        reader.join()
    assert not failures
    assert seen[:5] == [old] * 5, "the reader searched during the load and saw the old index"
    assert set(seen) <= {old, len(new)}
    assert backend.search(SearchQuery()).total_offers == len(new)


def test_refreshes_and_replicas_are_off_while_loading_and_restored_after(backend, client):
    alias = backend.alias
    backend.rebuild(documents())
    during: list[dict] = []

    def watching() -> Iterator[SearchDocument]:
        for n, document in enumerate(documents()):
            if n == 20:
                (loading,) = set(versions(client, alias)) - set(aliased(client, alias))
                during.append(client.indices.get_settings(index=loading)[loading]["settings"])
            yield document

    backend.rebuild(watching())
    (live,) = aliased(client, alias)
    after = client.indices.get_settings(index=live)[live]["settings"]["index"]
    assert during[0]["index"]["refresh_interval"] == "-1"
    assert during[0]["index"]["number_of_replicas"] == "0"
    assert after.get("refresh_interval", "1s") != "-1"
    assert after["number_of_replicas"] == str(backend.replicas)


def test_a_failed_rebuild_leaves_the_old_index_serving_and_no_leftovers(backend, client):
    backend.rebuild(documents())
    before = aliased(client, backend.alias)

    def broken() -> Iterator[SearchDocument]:
        yield from more_documents(120)
        raise RuntimeError("the catalog went away")

    with pytest.raises(RuntimeError, match="went away"):
        backend.rebuild(broken())
    assert aliased(client, backend.alias) == before
    assert versions(client, backend.alias) == before
    assert backend.count() == len(documents())


def test_rebuild_removes_indices_left_by_an_interrupted_rebuild(backend, client):
    orphan = f"{backend.alias}-20200101000000000000"
    client.indices.create(index=orphan)
    backend.rebuild(documents()[:3])
    assert orphan not in versions(client, backend.alias)


def test_upsert_before_any_rebuild_creates_a_versioned_index_behind_the_alias(backend, client):
    assert backend.count() == 0
    assert backend.search(SearchQuery(text="milkwell")).total == 0
    assert backend.delete(["us-vitashop:1"]) == 0
    assert backend.upsert(documents()[:2]) == 2
    (index,) = aliased(client, backend.alias)
    assert index != backend.alias
    assert backend.count() == 2


# ---- mapping and documents ----------------------------------------------------------------


def test_the_explicit_mapping_is_in_place(backend, client):
    backend.rebuild(documents()[:1])
    (index,) = aliased(client, backend.alias)
    mapping = client.indices.get_mapping(index=index)[index]["mappings"]
    fields = mapping["properties"]
    assert mapping["dynamic"] == "strict"
    assert fields["price_pivot"] == {"type": "scaled_float", "scaling_factor": 10000.0}
    assert fields["landed"]["properties"]["CN"]["type"] == "scaled_float"
    assert fields["title"]["analyzer"] == "haitao_text"
    assert fields["title"]["fields"]["cjk"]["analyzer"] == "haitao_cjk"
    assert fields["brand"]["fields"]["keyword"]["type"] == "keyword"
    for name in ("id", "store_id", "group_key", "direct_to"):
        assert fields[name]["type"] == "keyword"
    assert fields["checked_at"]["type"] == "date"
    assert "fx_as_of" not in fields and "price" not in fields  # shown only: in `doc`
    assert fields["doc"]["enabled"] is False


def test_money_comes_back_exact_and_filters_below_the_cent(backend):
    exact = replace(
        documents()[0],
        price=Money(Decimal("4980"), "JPY"),
        was_price=Money(Decimal("5480"), "JPY"),
        price_pivot=eur("30.1234"),
        landed={"CN": eur("40.0040"), "US": eur("0.10"), "ZZ": eur("1.5")},
        rebate_rate=Decimal("0.0375"),
    )
    backend.rebuild([exact])
    (hit,) = backend.search(SearchQuery(text="milkwell")).hits
    assert hit.document == exact
    assert hit.group_min_price == eur("30.1234")
    assert backend.search(SearchQuery(landed_max=Decimal("40"))).total == 0
    assert backend.search(SearchQuery(landed_max=Decimal("40.0040"))).total == 1


def test_an_index_of_another_document_format_asks_for_a_rebuild(backend, client, target):
    """An index built before the documents' shape changed is refused in one line, never
    misread; a rebuild replaces it."""
    backend.rebuild(documents()[:2])
    (index,) = aliased(client, backend.alias)
    assert client.indices.get_mapping(index=index)[index]["mappings"]["_meta"] == {
        "haitao_format": FORMAT
    }
    client.indices.put_mapping(index=index, meta={"haitao_format": FORMAT - 1})
    url, options, alias = target
    with ElasticsearchBackend(url, index=alias, replicas=0, **options) as another:
        for attempt in (
            lambda: another.search(SearchQuery()),
            lambda: another.upsert(documents()[:1]),
            lambda: another.delete([documents()[0].id]),
        ):
            with pytest.raises(StaleIndex, match="haitao reindex"):
                attempt()
        assert another.rebuild(documents()[:2]) == 2
        assert another.search(SearchQuery()).total_offers == 2


def keys(value: object) -> Iterator[str]:
    """Every key of a JSON body, at any depth."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from keys(inner)


def test_hangul_found_inside_a_word_is_highlighted(backend):
    backend.rebuild(documents())
    hit = backend.search(SearchQuery(text="분유")).hits[0]  # then formula in other languages
    assert hit.highlighted_title == "Hanbit 유아<mark>분유</mark> 1단계 800g"


def test_search_box_text_never_reaches_a_query_parser_or_a_script():
    body = search_body(SearchQuery(text='title:x* OR "a" AND (b) -c ^2 保湿'))
    used = set(keys(body))
    assert not used & {"query_string", "simple_query_string", "script", "script_score"}
    words = [
        clause["multi_match"]["query"]
        for clause in body["query"]["bool"]["must"][0]["bool"]["must"]
    ]
    assert words == ["title", "x", "or", "a", "and", "b", "c", "2", "保湿"]


def test_an_unknown_destination_is_refused_before_it_becomes_a_field_name(backend):
    with pytest.raises(ValueError, match="destination"):
        backend.search(SearchQuery(destination="CN.x", sort="landed_asc"))


# ---- configuration and errors -------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_cluster_is_one_clear_line_naming_the_url():
    url = f"http://127.0.0.1:{closed_port()}"
    with ElasticsearchBackend(url) as backend, pytest.raises(HaitaoError) as error:
        backend.search(SearchQuery(text="milkwell"))
    message = str(error.value)
    assert "\n" not in message
    assert url in message and "refused" in message.lower()


def test_status_names_the_alias_and_the_index_behind_it(backend, client):
    backend.rebuild(documents())
    status = backend.status()
    (index,) = aliased(client, backend.alias)
    assert status.details["alias"] == backend.alias and status.details["index"] == index
    assert status.documents == len(documents())
    assert status.last_reindex.strftime("%Y%m%d%H%M%S%f") == index.rsplit("-", 1)[1]


def test_status_of_an_unreachable_cluster_is_one_line():
    url = f"http://127.0.0.1:{closed_port()}"
    with ElasticsearchBackend(url) as backend, pytest.raises(HaitaoError, match=url):
        backend.status()


class Refusing(BaseHTTPRequestHandler):
    """A cluster that refuses every request, as one with security on refuses a bad password."""

    def do_GET(self) -> None:
        body = b'{"error": {"type": "security_exception", "reason": "unable to authenticate"}}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


def test_refused_credentials_are_one_line_without_the_password():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    url = f"http://elastic:s3cret@127.0.0.1:{server.server_address[1]}"
    try:
        with ElasticsearchBackend(url) as backend, pytest.raises(HaitaoError) as error:
            backend.count()
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    message = str(error.value)
    assert "\n" not in message and "s3cret" not in message
    assert "elastic:***@127.0.0.1" in message and "refused" in message


def test_messages_never_show_the_password_of_the_url():
    assert redact("https://elastic:s3cret@es.example:9243") == "https://elastic:***@es.example:9243"
    assert redact("http://127.0.0.1:9200") == "http://127.0.0.1:9200"


def test_get_backend_picks_elasticsearch_when_the_url_is_set(tmp_path):
    url = "http://127.0.0.1:9200"
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path), "ELASTICSEARCH_URL": url})
    backend = get_backend(settings)
    try:
        assert isinstance(backend, ElasticsearchBackend)
        assert (backend.name, backend.url, backend.alias) == ("elasticsearch", url, "haitao")
    finally:
        backend.close()


# ---- end to end ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crawled_catalog(tmp_path_factory, sample_stores) -> Settings:
    """A catalog after a real crawl of the sample stores, not indexed (`--no-index`): the
    shared `crawled` fixture also builds the embedded index, which this test does not need."""
    home = tmp_path_factory.mktemp("crawled-es")
    stores_file = home / "stores.yaml"
    sample_stores.write_stores_file(stores_file)
    env = haitao_env(home, stores_file)
    for command in (("db", "upgrade"), ("crawl", "--all", "--no-index", "--log-level", "WARNING")):
        result = run_haitao(*command, env=env)
        assert result.returncode == 0, result.stderr[-3000:]
    return Settings.from_env(env)


@pytest.mark.e2e
def test_reindex_loads_a_crawled_catalog(crawled_catalog, backend):
    """`haitao reindex` with ELASTICSEARCH_URL: the same `reindex`, this backend (osmem needs
    the test node class, so the backend is passed in rather than built from the settings)."""
    written = rebuild_index(crawled_catalog, backend)
    assert written > 0
    assert backend.count() == written
    results = backend.search(SearchQuery(size=100))
    assert results.total_offers == written
    assert 0 < results.total <= written
    assert len(results.hits) == min(results.total, 100)
    assert all(hit.group_min_price.currency == "EUR" for hit in results.hits)


@pytest.mark.e2e
def test_haitao_reindex_stops_with_one_line_when_the_cluster_is_down(tmp_path):
    env = haitao_env(tmp_path)
    assert run_haitao("db", "upgrade", env=env).returncode == 0
    url = f"http://127.0.0.1:{closed_port()}"
    result = run_haitao("reindex", env={**env, "ELASTICSEARCH_URL": url})
    assert result.returncode == 1
    assert result.stderr.startswith(f"haitao: error: cannot reach Elasticsearch at {url}")
    assert result.stderr.count("\n") == 1
