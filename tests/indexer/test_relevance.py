"""The judged query set meets its recall target on a small generated catalog (embedded).

`bench/relevance.py` runs the same queries on a larger catalog and on both backends; this
keeps the target from regressing unnoticed: recall@20 ≥ 0.9 in every language, and every
relevant product reached at all (a query must find every store's language).
"""

from __future__ import annotations

import pytest

from indexer.concepts import LANGUAGES
from tests.indexer.relevance import TARGET, catalog, embedded, evaluate, judged_queries


@pytest.fixture(scope="module")
def figures():
    docs, kinds = catalog(products=16)
    with embedded() as backend:
        backend.rebuild(docs)
        yield evaluate(backend, kinds, judged_queries())


def test_the_query_set_covers_seven_languages_with_sixty_queries_or_more():
    queries = judged_queries()
    assert len(queries) >= 60
    assert {q.language for q in queries} == set(LANGUAGES)
    assert min(sum(q.language == lang for q in queries) for lang in LANGUAGES) >= 8


@pytest.mark.parametrize("language", LANGUAGES)
def test_recall_meets_the_target_in_every_language(figures, language):
    scores = figures[language]
    assert scores.recall_at_20 >= TARGET, scores
    assert scores.recall >= TARGET, scores
    assert scores.ndcg_at_10 > 0.5, scores
