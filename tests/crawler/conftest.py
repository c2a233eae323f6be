"""Fixtures for real crawls of sample stores in every format."""

from __future__ import annotations

import pytest

from tests.crawler import crawls


@pytest.fixture(scope="module")
def format_stores():
    """One sample store per catalog format on ephemeral ports, faults switchable per test."""
    server = crawls.start_server()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def good_home(tmp_path_factory, format_stores):
    """A data directory after one clean crawl of every format store: the last good catalog."""
    home = tmp_path_factory.mktemp("good")
    env = crawls.prepare_home(home, format_stores)
    result = crawls.crawl(env, *crawls.STORES)
    assert result.returncode == 0, result.stderr[-3000:]
    return home
