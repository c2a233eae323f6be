"""Search box text → clauses of words OR concepts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from indexer.matching import Clause, clauses, clauses_of
from indexer.text import query_terms


def test_vocabulary_phrases_become_one_clause_with_their_concepts():
    assert clauses("vitamin c tablets") == [
        Clause(("vitamin", "c"), ("vitamin-c",)),
        Clause(("tablets",)),
    ]
    assert clauses("ビタミンC") == [Clause(("ビタミン", "c"), ("vitamin-c",))]
    assert clauses("Feuchtigkeitscreme") == [Clause(("feuchtigkeitscreme",), ("face-cream",))]


def test_a_cjk_run_is_cut_into_the_forms_it_holds():
    assert clauses("日本奶粉") == [Clause(("日本",)), Clause(("奶粉",), ("formula",))]
    assert clauses("嬰兒奶粉") == [Clause(("嬰兒奶粉",), ("formula",))]  # a form whole


def test_words_naming_nothing_are_text_only():
    assert clauses("milkwell 保湿") == [Clause(("milkwell",)), Clause(("保湿",))]
    assert clauses("+-*") == []


@given(st.text(max_size=60))
def test_clauses_keep_every_character_of_the_query_terms_in_order(text):
    terms = query_terms(text)
    found = clauses_of(terms)
    assert "".join(w for c in found for w in c.words) == "".join(terms)
    assert all(c.words for c in found)
