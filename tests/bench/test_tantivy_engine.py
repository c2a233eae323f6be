"""The bench's tantivy engine answers as the embedded backend does (bench/tantivy_engine.py).

bench/search.py reports both engines' figures side by side and checks their answers on its
own query mix; this checks the engine itself on the conformance suite's documents, so the
comparison stays one of equals. tantivy is the bench extra (`pip install -e '.[bench]'`).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from indexer.backends.embedded import EmbeddedBackend, schema
from indexer.query import SearchQuery
from tests.indexer.search_fixtures import documents

pytest.importorskip("tantivy", reason="the bench extra (tantivy) is not installed")

from bench.tantivy_engine import TOKENIZER, Stems, TantivyEngine

QUERIES = [
    SearchQuery(text=text, destination=destination, sort="landed_asc", **options)
    for text in ("milkwell", "formula stage", "保湿", "creme", "800g", "vitamin", "nothing-here")
    for destination in ("CN", "US")
    for options in (
        {},
        {"in_stock": True},
        {"direct_only": True},
        {"landed_max": Decimal("40")},
        {"store_countries": ("US", "DE"), "has_rebate": True},
    )
]


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    folder = tmp_path_factory.mktemp("engines")
    tantivy = TantivyEngine(folder / "tantivy")
    tantivy.rebuild(documents())
    with EmbeddedBackend(folder / "search.sqlite") as embedded:
        embedded.rebuild(documents())
        yield embedded, tantivy


def answer(results) -> tuple:
    hits = [
        (h.document, h.highlighted_title, h.group_offers, h.group_stores, h.group_min_price)
        for h in results.hits
    ]
    return hits, results.total, results.total_offers, results.facets


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.text}-{q.destination}")
def test_answers_as_the_embedded_backend(engines, query: SearchQuery) -> None:
    embedded, tantivy = engines
    assert answer(tantivy.search(query)) == answer(embedded.search(query))


def test_relevance_finds_the_same_groups(engines) -> None:
    embedded, tantivy = engines
    query = SearchQuery(text="milkwell", sort="relevance")
    mine, theirs = embedded.search(query), tantivy.search(query)
    assert {h.document.group_key for h in theirs.hits} == {h.document.group_key for h in mine.hits}
    assert theirs.hits[0].score > 0
    assert (theirs.total_offers, theirs.facets) == (mine.total_offers, mine.facets)


def test_stems_are_the_embedded_index_terms() -> None:
    assert any(f"tokenize = '{TOKENIZER}'" in statement for statement in schema.TABLES)
    stems = Stems()  # diacritics off, split at punctuation, Porter's final-e and plural rules
    assert stems.of("crème hydratante 5.3") == "creme hydratant 5 3"
    assert stems.of("infantile formulas") == "infantil formula"
