"""The reader process's loop, run here over in-memory pipes: one answer per query, in order,
hits with their stored documents, errors sent as answers."""

from __future__ import annotations

import io
import pickle
import sqlite3
from pathlib import Path

from indexer.backends.embedded import EmbeddedBackend
from indexer.backends.embedded.reader_process import answer
from indexer.fields import StaleIndex, load
from indexer.query import SearchQuery
from tests.indexer.search_fixtures import documents


def answers(path: Path, queries: list[SearchQuery]) -> list[tuple]:
    inbox = io.BytesIO(b"".join(pickle.dumps(query) for query in queries))
    outbox = io.BytesIO()
    answer(inbox, outbox, str(path), 1000)  # returns when the input ends
    outbox.seek(0)
    return [pickle.load(outbox) for _ in queries]


def test_each_query_gets_its_answer_with_the_hits_stored_documents(tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite"
    queries = [SearchQuery(text="vitamin"), SearchQuery(text="formula", size=1)]
    with EmbeddedBackend(path) as backend:
        backend.rebuild(documents())
        expected = [backend.search(query) for query in queries]
    for (outcome, found), results in zip(answers(path, queries), expected, strict=True):
        assert outcome == "found"
        assert (found.total, found.total_offers, found.facets) == (
            results.total,
            results.total_offers,
            results.facets,
        )
        assert [load(stored) for _, stored in found.hits] == [h.document for h in results.hits]


def test_an_error_is_an_answer_and_the_loop_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite"
    with EmbeddedBackend(path) as backend:
        backend.rebuild(documents())
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM search_meta WHERE key = 'format'")
    conn.close()
    (first, error), (second, again) = answers(path, [SearchQuery(text="x")] * 2)
    assert (first, second) == ("error", "error")
    assert isinstance(error, StaleIndex) and isinstance(again, StaleIndex)
