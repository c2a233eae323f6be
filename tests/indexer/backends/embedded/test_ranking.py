"""Relevance from per-column match lists is FTS5's bm25 (a word counted once per column)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.backends.embedded import EmbeddedBackend
from indexer.backends.embedded.ranking import averages, row_lengths, scores, varints
from indexer.backends.embedded.sql import BM25, clauses_expression, phrase
from indexer.matching import clauses_of
from indexer.query import SearchQuery
from indexer.text import query_terms
from tests.indexer.search_fixtures import documents

TEXTS = (
    "milkwell",
    "formula",
    "vitamin c",
    "creme hydratante",
    "保湿",
    "800g formula",
    "耳",
    "无线耳机",
)


def put_varint(value: int) -> bytes:
    """SQLite's varint (big-endian groups of 7 bits, the high bit set on all but the last)."""
    groups = [value & 0x7F]
    while value := value >> 7:
        groups.append(value & 0x7F | 0x80)
    return bytes(reversed(groups))


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    path = tmp_path_factory.mktemp("ranking") / "search.sqlite"
    docs = documents()
    repeats = replace(docs[0], id="repeats:1", description="formula formula formula formula")
    with EmbeddedBackend(path) as backend:
        backend.rebuild([*docs, repeats])
        backend.search(SearchQuery(text="formula"))  # loads the columns
        yield backend


def _words(text: str) -> list[str]:
    return [phrase(word) for clause in clauses_of(query_terms(text)) for word in clause.words]


def _compare(backend: EmbeddedBackend, text: str) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """(ours, bm25's) scores of the text's matches, and their rowids."""
    match = clauses_expression(clauses_of(query_terms(text)))
    with backend._reading() as conn:
        sql = f"SELECT rowid, -{BM25} FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid"
        found = conn.execute(sql, (match,)).fetchall()
        assert found, text
        rowids = np.array([rowid for rowid, _ in found], dtype=np.int64)
        columns, _ = backend._current_columns(conn)
        rows = np.searchsorted(columns.rowids, rowids)
        ours = scores(conn, _words(text), columns, rows, columns.lengths(conn)[rows])
    return ours, np.array([score for _, score in found]), rowids.tolist()


@pytest.mark.parametrize("text", TEXTS)
def test_scores_are_bm25s_where_no_column_repeats_a_word(index, text):
    ours, bm25, rowids = _compare(index, text)
    with index._reading() as conn:
        (repeats,) = conn.execute("SELECT rowid FROM search_docs WHERE doc_id = 'repeats:1'")
    kept = [i for i, rowid in enumerate(rowids) if rowid != repeats[0]]
    assert np.allclose(ours[kept], bm25[kept], rtol=1e-12, atol=1e-12)


def test_a_word_repeated_in_a_column_counts_once(index):
    ours, bm25, rowids = _compare(index, "formula")
    with index._reading() as conn:
        (repeats,) = conn.execute("SELECT rowid FROM search_docs WHERE doc_id = 'repeats:1'")
    at = rowids.index(repeats[0])
    assert 0 < ours[at] < bm25[at]


def test_a_match_through_a_concept_alone_scores_zero(index):
    hits = index.search(SearchQuery(text="분유", size=100)).hits
    assert hits and hits[0].score > 0
    assert any(hit.score == 0 for hit in hits)  # the formula sold under other words


def test_lengths_follow_fts5s_docsize_through_writes(index):
    docs = documents()
    index.upsert([replace(docs[1], title="Milkwell formula with a much longer title now")])
    index.search(SearchQuery(text="formula"))
    with index._reading() as conn:
        columns, _ = index._current_columns(conn)
        sizes = dict(conn.execute("SELECT id, sz FROM search_fts_docsize"))
        lengths = columns.lengths(conn)
        for rowid, blob in sizes.items():
            at = int(np.searchsorted(columns.rowids, rowid))
            assert lengths[at] == sum(varints(blob))


@given(st.lists(st.lists(st.integers(0, 2**40), min_size=5, max_size=5), max_size=50))
def test_row_lengths_decode_docsize_blobs(rows):
    hexes = "".join(b"".join(map(put_varint, row)).hex() for row in rows)
    assert row_lengths(hexes, 5).tolist() == [sum(row) for row in rows]


@given(st.lists(st.integers(0, 2**56 - 1)))
def test_varints_read_what_sqlite_writes(values):
    assert varints(b"".join(map(put_varint, values))) == values


def test_averages_match_the_table(index):
    with index._reading() as conn:
        rows, tokens = averages(conn)
        assert rows == conn.execute("SELECT count(*) FROM search_fts").fetchone()[0]
        blobs = [blob for (blob,) in conn.execute("SELECT sz FROM search_fts_docsize")]
    assert tokens == sum(sum(varints(blob)) for blob in blobs)


def test_an_empty_index_has_no_averages(tmp_path):
    with EmbeddedBackend(tmp_path / "empty.sqlite") as backend:
        backend.rebuild([])
        with backend._reading() as conn:
            assert averages(conn) == (0, 0)


def test_label_rows_are_the_rows_fts5_finds_in_that_column(tmp_path):
    """Brand and category marks come from the labels, not the index: the same rows, also
    after a write brings a new label and another deletes rows."""
    docs = documents()
    with EmbeddedBackend(tmp_path / "search.sqlite") as backend:
        backend.rebuild(docs)
        backend.search(SearchQuery(text="formula"))  # loads the columns
        backend.upsert([replace(docs[0], id="new:1", brand="Zebra Foods", category="Zebra")])
        backend.delete([doc.id for doc in docs if doc.brand == "Milkwell"][:1])
        backend.search(SearchQuery(text="formula"))  # applies the writes
        with backend._reading() as conn:
            columns, _ = backend._current_columns(conn)
            for column in ("brand", "category"):
                for word in ("zebra", "milkwell", "formula", "vitamin", "保湿"):
                    marked = columns.rowids[columns.label_rows(column, phrase(word))]
                    sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid"
                    found = [r for (r,) in conn.execute(sql, (f"{column} : {phrase(word)}",))]
                    assert marked.tolist() == found, (column, word)
            assert columns.label_rows("title", phrase("zebra")) is None
