"""The HTTP side of a sample store, on a real socket of 127.0.0.1: keep-alive answers with
the route's headers, HEAD without a body, request counting, and cutting idle connections."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator

import pytest

from core.errors import HaitaoError
from crawler.samples import feeds
from crawler.samples.assortment import generate_catalog, sample_store
from crawler.samples.served_store import ServedStore
from crawler.samples.store_http import StoreHTTPServer


def serve(log_requests: bool) -> Iterator[StoreHTTPServer]:
    server = StoreHTTPServer(("127.0.0.1", 0), log_requests)
    profile = sample_store("uk-beautyhall")
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.store = ServedStore.build(profile, generate_catalog(profile, 3), base)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server
    server.shutdown()
    server.close_connections()
    server.server_close()
    thread.join()


@pytest.fixture
def server() -> Iterator[StoreHTTPServer]:
    yield from serve(log_requests=True)


def connect(server: StoreHTTPServer) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=5)


def test_answers_keep_the_connection_and_carry_the_routes_headers(server):
    connection = connect(server)
    try:
        connection.request("GET", "/robots.txt")
        first = connection.getresponse()
        assert first.status == 200 and first.read().startswith(b"User-agent: *")
        assert first.getheader("Server").startswith("HaitaoSampleStore/1.0")
        connection.request("GET", f"{feeds.CSV_PATH}?{feeds.CSV_GZIP_QUERY}")  # same socket
        packed = connection.getresponse()
        body = packed.read()
        assert packed.getheader("Content-Encoding") == "gzip"
        assert int(packed.getheader("Content-Length")) == len(body)
    finally:
        connection.close()


def test_head_sends_the_length_but_no_body(server):
    connection = connect(server)
    try:
        connection.request("HEAD", "/")
        response = connection.getresponse()
        assert int(response.getheader("Content-Length")) > 0 and response.read() == b""
    finally:
        connection.close()


def test_requests_are_counted_per_target_and_cleared(server):
    connection = connect(server)
    try:
        for target in ("/robots.txt", "/robots.txt", "/missing"):
            connection.request("GET", target)
            connection.getresponse().read()
    finally:
        connection.close()
    assert server.logged() == {"/robots.txt": 2, "/missing": 1}
    server.clear_log()
    assert server.logged() == {}


def test_counting_needs_log_requests():
    for quiet in serve(log_requests=False):
        with pytest.raises(HaitaoError, match="log_requests=True"):
            quiet.logged()
        quiet.clear_log()  # harmless


def test_close_connections_cuts_an_idle_keep_alive_client(server):
    connection = connect(server)
    try:
        connection.request("GET", "/robots.txt")
        connection.getresponse().read()
        server.close_connections()
        connection.sock.settimeout(2)
        assert connection.sock.recv(1) == b""  # the server hung up
    finally:
        connection.close()
