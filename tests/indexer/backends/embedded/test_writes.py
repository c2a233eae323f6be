"""Large rebuilds of the embedded index go through a writer process: same index, same safety."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from indexer.backends.embedded import EmbeddedBackend, writes
from indexer.documents import SearchDocument
from indexer.query import SearchQuery
from tests.indexer.backends.embedded.test_embedded import catalog, found, make_doc

QUERIES = ["formula", "保湿", "분유", "无线耳机", "creme", "stage", "nivea 50"]


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 4 documents, so a few dozen documents make many messages to the writer."""
    monkeypatch.setattr(writes, "BATCH", 4)


def many() -> list[SearchDocument]:
    """The test catalog five times over (distinct ids and groups), with a description each."""
    return [
        replace(doc, id=f"{doc.id}-{n}", group_key=f"{doc.group_key}-{n}", description=f"lot {n}")
        for n in range(5)
        for doc in catalog()
    ]


def dump(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        return {
            table: conn.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()
            for table in ("search_docs", "search_payloads", "search_fts")
        }


def test_the_writer_process_builds_the_same_index(tmp_path: Path) -> None:
    inline = EmbeddedBackend(tmp_path / "inline.sqlite3", writer_from=None)
    piped = EmbeddedBackend(tmp_path / "piped.sqlite3", writer_from=8)
    with inline, piped:
        assert inline.rebuild(many()) == piped.rebuild(many()) == len(many())
        assert dump(piped.path) == dump(inline.path)
        for text in QUERIES:
            query = SearchQuery(text=text, facets=("store_id", "brand"), size=50)
            assert piped.search(query) == inline.search(query), text
        assert found(piped, "lot 3 formula") == {"en-1-3", "en-2-3"}


def test_fewer_documents_than_the_threshold_stay_in_this_process(tmp_path: Path) -> None:
    """A missing interpreter would break any writer process: only the small path survives."""
    backend = EmbeddedBackend(tmp_path / "haitao.sqlite3", writer_from=len(many()) + 1)
    with backend, pytest.MonkeyPatch.context() as patch:
        patch.setattr(writes.sys, "executable", str(tmp_path / "no-python"))
        assert backend.rebuild(many()) == len(many())
        assert found(backend, "lot 4 formula") == {"en-1-4", "en-2-4"}
        with pytest.raises(OSError):
            EmbeddedBackend(tmp_path / "big.sqlite3", writer_from=1).rebuild(many())


def test_repeated_ids_across_batches_keep_the_last(tmp_path: Path) -> None:
    docs = [*many(), make_doc("jp-1-0", "Replaced title", description="lot 0")]
    with EmbeddedBackend(tmp_path / "haitao.sqlite3", writer_from=8) as backend:
        assert backend.rebuild(docs) == len(docs)
        assert backend.count() == len(many())
        assert found(backend, "replaced") == {"jp-1-0"}
        assert "jp-1-0" not in found(backend, "保湿")


def test_readers_see_the_old_index_until_the_writer_commits(tmp_path: Path) -> None:
    seen: list[int] = []

    def documents() -> Iterator[SearchDocument]:
        for number, doc in enumerate(many()):
            if number == 30:  # the writer has been storing batches for a while
                with EmbeddedBackend(backend.path) as reader:
                    seen.append(reader.count())
            yield doc

    with EmbeddedBackend(tmp_path / "haitao.sqlite3", writer_from=8) as backend:
        backend.rebuild(catalog())
        backend.rebuild(documents())
        assert seen == [len(catalog())]
        assert backend.count() == len(many())


def test_a_failing_source_stops_the_writer_and_keeps_the_old_index(tmp_path: Path) -> None:
    def documents() -> Iterator[SearchDocument]:
        yield from many()[:30]
        raise RuntimeError("catalog went away")

    path = tmp_path / "haitao.sqlite3"
    with EmbeddedBackend(path, writer_from=8, busy_timeout_ms=200) as backend:
        backend.rebuild(catalog())
        with pytest.raises(RuntimeError, match="catalog went away"):
            backend.rebuild(documents())
        assert backend.count() == len(catalog())
        assert found(backend, "formula") == {"en-1", "en-2"}
        # The killed writer holds no lock: the next write goes through at once.
        assert backend.upsert([make_doc("new", "Laneige Lip Mask")]) == 1


def test_an_error_in_the_writer_reaches_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "haitao.sqlite3"
    with EmbeddedBackend(path, writer_from=8, busy_timeout_ms=100) as backend:
        backend.rebuild(catalog())
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # another writer holds the database
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                backend.rebuild(many())
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert backend.count() == len(catalog())
        assert backend.rebuild(many()) == len(many())
