"""The in-memory columns keep up with writes through the change log, and answer as SQL does.

Every check compares the columnar path (threshold 0: every text search goes through it) with
the SQL path of a second backend on the same file, query by query: hits, their scores and
group stats, totals and every facet.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.backends.embedded import EmbeddedBackend
from indexer.query import SearchQuery, SearchResults
from pricing.money import Money
from tests.indexer.search_fixtures import documents

TEXTS = ("milkwell", "formula", "vitamin", "creme", "50", "800g")
OPTIONS = (
    {},
    {"sort": "price_asc"},
    {"sort": "landed_asc", "destination": "US", "in_stock": True},
    {"sort": "newest", "direct_only": True},
    {"landed_max": Decimal("40"), "has_rebate": False},
    {"sort": "price_desc", "brands": ("Milkwell", "Nova")},
)
QUERIES = [SearchQuery(text=text, **options) for text in TEXTS for options in OPTIONS]


def answer(results: SearchResults) -> tuple:
    hits = [
        (h.document, round(h.score, 9), h.group_offers, h.group_stores, h.group_min_price)
        for h in results.hits
    ]
    return hits, results.total, results.total_offers, results.facets


def assert_same_answers(columnar: EmbeddedBackend, sql: EmbeddedBackend) -> None:
    for query in QUERIES:
        assert answer(columnar.search(query)) == answer(sql.search(query)), query


@pytest.fixture
def pair(tmp_path: Path):
    path = tmp_path / "search.sqlite"
    with (
        EmbeddedBackend(path, columnar_threshold=0) as columnar,
        EmbeddedBackend(path, columnar_threshold=None) as sql,
    ):
        columnar.rebuild(documents())
        yield columnar, sql


def repriced(doc, amount: str):
    return replace(doc, price_pivot=Money(Decimal(amount), "EUR"), available=not doc.available)


def test_relevance_and_every_sort_match_the_sql_path(pair) -> None:
    columnar, sql = pair
    assert_same_answers(columnar, sql)
    assert columnar._columns is not None  # the columnar path did answer


def test_writes_are_applied_in_place_not_reloaded(pair) -> None:
    columnar, sql = pair
    docs = documents()
    columnar.search(QUERIES[0])
    loaded = columnar._columns
    new = replace(docs[0], id="new:1", brand="Nova", store_id="new-store", group_key="new")
    columnar.upsert([repriced(docs[0], "1.00"), repriced(docs[2], "99.00"), new])
    columnar.delete([docs[1].id])
    assert_same_answers(columnar, sql)
    assert columnar._columns is loaded
    assert loaded.generation == int(columnar.status().details["generation"])


def test_a_rowid_reused_among_the_loaded_ones_reloads_them(pair) -> None:
    columnar, sql = pair
    docs = documents()
    columnar.delete([docs[-2].id])  # a gap below the highest rowid …
    columnar.search(QUERIES[0])
    loaded = columnar._columns
    columnar.delete([docs[-1].id])  # … which SQLite fills once the highest one goes
    columnar.upsert([replace(docs[0], id="new:1", title="Milkwell formula refill")])
    assert_same_answers(columnar, sql)
    assert columnar._columns is not loaded
    assert "new:1" in {h.document.id for h in columnar.search(QUERIES[0]).hits}


def test_a_rebuild_reloads_them_and_empties_the_log(pair) -> None:
    columnar, sql = pair
    docs = documents()
    columnar.search(QUERIES[0])
    loaded = columnar._columns
    columnar.upsert([repriced(docs[0], "2.00")])
    columnar.upsert([repriced(docs[0], "3.00")])
    with columnar._reading() as conn:
        assert conn.execute("SELECT count(*) FROM search_changes").fetchone() == (1,)
    columnar.rebuild(docs[:5])
    with columnar._reading() as conn:
        assert conn.execute("SELECT count(*) FROM search_changes").fetchone() == (0,)
    assert_same_answers(columnar, sql)
    assert columnar._columns is not loaded


write = st.tuples(st.sampled_from(("upsert", "delete")), st.integers(0, 40), st.integers(1, 90))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(write, min_size=1, max_size=4), min_size=1, max_size=4))
def test_any_sequence_of_writes_answers_as_sql_does(batches) -> None:
    docs = documents()
    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / "search.sqlite"
        with (
            EmbeddedBackend(path, columnar_threshold=0) as columnar,
            EmbeddedBackend(path, columnar_threshold=None) as sql,
        ):
            columnar.rebuild(docs)
            for batch in batches:
                columnar.search(QUERIES[0])
                for action, n, price in batch:
                    doc = docs[n % len(docs)]
                    if action == "delete":
                        columnar.delete([doc.id])
                    else:
                        copy = replace(doc, id=f"{doc.id}:{n // len(docs)}")
                        columnar.upsert([repriced(copy, f"{price}.50")])
            assert_same_answers(columnar, sql)


def test_rows_the_columns_never_saw_are_left_out(pair) -> None:
    """A reader on a snapshot older than the columns may match rows deleted before they
    loaded: they are dropped, never mistaken for their neighbours."""
    columnar, _ = pair
    docs = documents()
    columnar.delete([docs[3].id])
    columnar.search(QUERIES[0])
    with columnar._reading() as conn:
        alive = conn.execute("SELECT rowid FROM search_docs ORDER BY rowid LIMIT 6").fetchall()
        rowids = np.array(sorted({4, *(r for (r,) in alive)}), dtype=np.int64)
        page = columnar._columns.search(conn, SearchQuery(sort="price_asc", size=50), rowids)
    assert page.total_offers == len(alive)
    assert 4 not in {hit[1] for hit in page.hits}


@pytest.mark.parametrize("groups", [7, 1])
def test_pages_deep_among_many_tied_matches_answer_as_sql_does(tmp_path: Path, groups) -> None:
    """Group heads are found among the first ranked rows, then more: pages far down, and
    copies tying on every sort key (relevance included), still come out as SQL pages them."""
    docs = [
        replace(doc, id=f"{doc.id}:{n}", group_key=f"{doc.group_key}:{n % groups}")
        for n in range(12)
        for doc in documents()
    ]
    path = tmp_path / "search.sqlite"
    with (
        EmbeddedBackend(path, columnar_threshold=0) as columnar,
        EmbeddedBackend(path, columnar_threshold=None) as sql,
    ):
        columnar.rebuild(docs)
        for text in ("formula", "vitamin", "milkwell"):
            for sort in ("relevance", "price_asc", "price_desc", "newest"):
                for page in (1, 3, 9):
                    query = SearchQuery(text=text, sort=sort, size=7, page=page)
                    assert answer(columnar.search(query)) == answer(sql.search(query)), query
