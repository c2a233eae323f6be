"""The search statement's parts: sorts, FTS5 match strings that carry no operators, the
small facets, and a statement whose placeholders match its parameters."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indexer.backends.embedded.sql import (
    SORTS,
    Statement,
    match_expression,
    search_statement,
    small_facets,
    sort_of,
)
from indexer.query import SearchQuery


def test_a_statement_collects_sql_and_parameters_in_order():
    statement = Statement()
    statement.add("SELECT ?", 1)
    statement.add(" + ?, ?", 2, 3)
    assert (statement.text(), statement.params) == ("SELECT ? + ?, ?", [1, 2, 3])


def test_relevance_without_text_browses_newest_first_and_unknown_sorts_fall_back():
    assert sort_of(SearchQuery(sort="relevance"), has_text=False) == SORTS["newest"]
    assert sort_of(SearchQuery(sort="relevance"), has_text=True) == SORTS["relevance"]
    assert sort_of(SearchQuery(sort="cheapest-ish"), has_text=True) == SORTS["relevance"]
    assert sort_of(SearchQuery(sort="price_desc"), has_text=True)[2] is True


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (["vitamin", "c"], '"vitamin" AND "c"'),
        (['say"no', "OR", "NEAR(x"], '"say""no" AND "OR" AND "NEAR(x"'),
        (["无线耳机"], '"无线 线耳 耳机"'),
        (["保"], '"保"*'),
    ],
)
def test_match_expressions_quote_every_term(terms, expected):
    assert match_expression(terms) == expected


def test_small_facets_list_direct_then_each_price_band():
    query = SearchQuery(facets=("direct", "price_band"), price_bands=(Decimal(50), Decimal(10)))
    labels = small_facets(query)
    assert labels[:2] == [("direct", "yes"), ("direct", "no")]
    assert [facet for facet, _ in labels[2:]] == ["price_band"] * 3
    assert small_facets(SearchQuery(facets=("brand",))) == []


@pytest.mark.parametrize("match", [None, '"cream"'])
def test_every_placeholder_has_its_parameter(match):
    query = SearchQuery(text="cream", stores=("a", "b"), landed_min=Decimal(1), in_stock=True)
    statement = search_statement(query, match)
    assert statement.text().count("?") == len(statement.params)
    assert statement.text().startswith("WITH m AS MATERIALIZED (")


def test_an_unknown_facet_is_refused():
    with pytest.raises(ValueError, match="unknown facet 'colour'"):
        search_statement(SearchQuery(facets=("colour",)), None)
