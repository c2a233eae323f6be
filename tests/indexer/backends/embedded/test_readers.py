"""Searches in reader processes (`readers`): the same answers as in the calling process,
from many threads at once, after writes, and when a reader dies."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from indexer.backends.embedded import EmbeddedBackend
from indexer.backends.embedded.readers import ReaderFailed
from indexer.fields import StaleIndex
from indexer.query import SearchQuery
from tests.indexer.search_fixtures import documents, with_title

QUERIES = [
    SearchQuery(text="vitamin", sort="relevance"),
    SearchQuery(text="vitamin c", sort="landed_asc", destination="DE", in_stock=True),
    SearchQuery(text="formula", sort="price_asc", size=2, page=2),
    SearchQuery(text="vitamn"),  # a typo: answered for "vitamin", with the correction
    SearchQuery(text="", sort="newest", store_countries=("JP", "KR")),
    SearchQuery(text="nothing-like-this-anywhere"),
]


@pytest.fixture
def index(tmp_path: Path) -> Path:
    path = tmp_path / "search.sqlite"
    with EmbeddedBackend(path) as backend:
        backend.rebuild(documents())
    return path


@pytest.fixture
def readers(index: Path):
    with EmbeddedBackend(index, readers=2) as backend:
        yield backend


def answers(backend: EmbeddedBackend) -> list:
    return [backend.search(query) for query in QUERIES]


def test_readers_answer_exactly_as_the_calling_process(index: Path, readers) -> None:
    with EmbeddedBackend(index) as here:
        expected = answers(here)
    assert readers.status().details["search processes"].endswith("they start with the first search")
    assert answers(readers) == expected
    assert expected[3].corrected == "vitamin" and expected[3].total
    pids = readers.reader_pids()
    assert len(pids) == 2
    shown = readers.status().details["search processes"]
    assert shown == f"2 of 2 readers running (pids {pids[0]}, {pids[1]})"


def test_many_threads_searching_at_once_each_get_their_own_answer(index, readers) -> None:
    with EmbeddedBackend(index) as here:
        expected = answers(here)
    got: dict[int, list] = {}

    def client(n: int) -> None:
        got[n] = [readers.search(query) for query in QUERIES[n % 2 :] * 3]

    threads = [threading.Thread(target=client, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for n, results in got.items():
        assert results == expected[n % 2 :] * 3


def test_a_write_by_the_caller_shows_in_the_next_answer(readers) -> None:
    query = SearchQuery(text="zephyrine")
    assert readers.search(query).total == 0
    readers.upsert([with_title(documents()[0], "Zephyrine night cream")])
    hits = readers.search(query).hits
    assert [hit.document.title for hit in hits] == ["Zephyrine night cream"]
    assert "<mark>Zephyrine</mark>" in hits[0].highlighted_title


def test_a_killed_reader_is_replaced_and_the_search_still_answered(index, readers) -> None:
    first = readers.search(QUERIES[0])
    for pid in readers.reader_pids():
        os.kill(pid, signal.SIGKILL)
    assert readers.search(QUERIES[0]) == first
    assert readers.search(QUERIES[0]) == first


def test_a_reader_that_keeps_dying_is_an_error_not_a_hang(index, readers, monkeypatch) -> None:
    from indexer.backends.embedded import readers as module

    monkeypatch.setattr(module, "_READER", "import sys; sys.exit(3)")
    readers.close()  # the next search starts readers that exit at once
    with pytest.raises(ReaderFailed, match="exit 3"):
        readers.search(QUERIES[0])


def test_an_error_in_a_reader_is_raised_here_as_itself(index, readers) -> None:
    with sqlite3.connect(index) as conn:
        conn.execute("DELETE FROM search_meta WHERE key = 'format'")
    conn.close()
    with pytest.raises(StaleIndex, match="haitao reindex"):
        readers.search(QUERIES[0])


def test_close_stops_the_readers_and_the_next_search_starts_them_again(readers) -> None:
    readers.search(QUERIES[0])
    pids = readers.reader_pids()
    readers.close()
    assert readers.reader_pids() == []
    for pid in pids:  # reaped: gone from the process table
        assert not Path(f"/proc/{pid}").exists()
    assert readers.search(replace(QUERIES[0], size=1)).total
    assert set(readers.reader_pids()).isdisjoint(pids)


def test_warming_loads_the_columns_and_leaves_a_stale_index_to_the_search(index):
    with EmbeddedBackend(index) as backend:
        backend.warm()
        warmed = backend._columns
        assert warmed is not None and len(warmed.rowids) == len(documents())
        backend.search(QUERIES[0])
        assert backend._columns is warmed  # the search found them loaded
    with sqlite3.connect(index) as conn:
        conn.execute("DELETE FROM search_meta WHERE key = 'format'")
    conn.close()
    with EmbeddedBackend(index) as stale:
        stale.warm()  # nothing loaded, nothing raised: the search says what to do
        assert stale._columns is None
        with pytest.raises(StaleIndex, match="haitao reindex"):
            stale.search(QUERIES[0])
