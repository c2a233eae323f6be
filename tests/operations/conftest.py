"""Fixtures for operations tests: a migrated data directory whose stores file points at the
sample stores, fake stores, and a local webhook."""

from __future__ import annotations

import threading

import pytest

from tests.operations.fakes import FakeStore, Webhook


@pytest.fixture
def fake_stores():
    """Start fake stores by keyword; all are stopped at the end of the test."""
    started: list[FakeStore] = []

    def start(**kwargs) -> FakeStore:
        server = FakeStore(**kwargs)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.released.set()
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def first_page(sample_stores) -> bytes:
    """A real one-product catalog page, for fake stores that should scrape something."""
    import urllib.request

    url = sample_stores.urls["us-vitashop"] + "/products.json?page=1&limit=1"
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


@pytest.fixture
def webhook():
    server = Webhook()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
