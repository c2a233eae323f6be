"""A SearchQuery as Elasticsearch request bodies: plain query DSL, every filter as a clause,
pages inside the result window, price bands keyed as the embedded backend keys them."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest

from indexer.backends.elasticsearch.responses import corrections
from indexer.backends.elasticsearch.search_body import (
    CJK_FIELDS,
    RESULT_WINDOW,
    filter_clauses,
    landed_field,
    price_ranges,
    search_body,
    sort_clause,
    suggest_body,
    text_clause,
)
from indexer.query import SearchQuery, band_label


@pytest.mark.parametrize(("text", "clause"), [("", "match_all"), ("  ", "match_all"),
                                              ("+-*()", "match_none")])  # fmt: skip
def test_no_words_lists_everything_and_only_symbols_find_nothing(text, clause):
    assert list(text_clause(text)) == [clause]


def test_cjk_runs_are_phrases_over_the_bigram_fields_and_one_character_a_prefix():
    musts = text_clause("保湿 保 milkwell")["bool"]["must"]
    run, single, word = (clause["multi_match"] for clause in musts)
    assert run["type"] == "phrase" and set(CJK_FIELDS) <= set(run["fields"])
    assert single["type"] == "phrase_prefix"
    assert word["operator"] == "and" and not set(CJK_FIELDS) & set(word["fields"])


def test_a_word_naming_a_concept_matches_as_text_or_as_an_unscored_concept_filter():
    (clause,) = text_clause("奶粉")["bool"]["must"]
    words, concepts = clause["bool"]["should"]
    assert clause["bool"]["minimum_should_match"] == 1
    assert words["multi_match"]["query"] == "奶粉"
    assert concepts == {"bool": {"filter": [{"terms": {"concepts": ["formula"]}}]}}


def test_each_filter_is_one_clause_and_money_bounds_stay_exact_strings():
    query = SearchQuery(
        destination="JP", stores=("us-vitashop",), brands=("Milkwell",), categories=("Baby",),
        store_countries=("US",), in_stock=True, has_rebate=True, direct_only=True,
        landed_min=Decimal("10.005"), landed_max=Decimal("99.99"),
    )  # fmt: skip
    assert filter_clauses(query) == [
        {"terms": {"store_id": ["us-vitashop"]}},
        {"terms": {"brand.keyword": ["Milkwell"]}},
        {"terms": {"category.keyword": ["Baby"]}},
        {"terms": {"store_country": ["US"]}},
        {"term": {"available": True}},
        {"range": {"rebate_rate": {"gt": 0}}},
        {"term": {"direct_to": "JP"}},
        {"range": {"landed.JP": {"gte": "10.005", "lte": "99.99"}}},
    ]
    assert filter_clauses(SearchQuery()) == []


@pytest.mark.parametrize("destination", ["cn", "CHN", "C", "CN.x", "*", ""])
def test_only_two_capitals_become_a_field_name(destination):
    with pytest.raises(ValueError, match="not a destination country code"):
        landed_field(destination)


def test_sorts_break_ties_by_id_and_an_empty_search_lists_newest_first():
    assert sort_clause(SearchQuery(text="", sort="relevance")) == sort_clause(
        SearchQuery(sort="newest")
    )
    assert sort_clause(SearchQuery(text="cream")) == [{"_score": "desc"}, {"id": "asc"}]
    landed = sort_clause(SearchQuery(sort="landed_asc", destination="KR"))
    # stale offers rank after fresh ones in the cost sorts
    assert landed == [
        {"stale": "asc"},
        {"landed.KR": {"order": "asc", "missing": "_last"}},
        {"id": "asc"},
    ]


@pytest.mark.parametrize(
    ("page", "size", "start", "count"),
    [(1, 20, 0, 20), (3, 20, 40, 20), (500, 20, 9980, 20), (501, 20, 0, 0), (10**6, 20, 0, 0)],
)
def test_pages_stay_inside_the_result_window(page, size, start, count):
    body = search_body(SearchQuery(page=page, size=size))
    assert (body["from"], body["size"]) == (start, count)
    assert body["from"] + body["size"] <= RESULT_WINDOW
    assert body["collapse"] == {"field": "group_key"} and body["track_total_hits"] is True


def test_price_ranges_are_contiguous_and_keyed_like_the_bands():
    query = SearchQuery()
    ranges = price_ranges(query)
    assert "from" not in ranges[0] and "to" not in ranges[-1]
    for before, after in pairwise(ranges):
        assert before["to"] == after["from"]
    keys = [band_label(query.price_bands, Decimal(r.get("from", "0"))) for r in ranges]
    assert [r["key"] for r in ranges] == keys


def test_typos_are_suggested_from_unstemmed_title_words_one_edit_away_and_the_best_kept():
    body = suggest_body(["vitamn", "headphnes"])
    assert body["size"] == 0
    term = body["suggest"]["t1"]["term"]
    assert body["suggest"]["t1"]["text"] == "headphnes"
    assert term["field"] == "title.words" and term["max_edits"] == 1
    assert term["suggest_mode"] == "missing"
    answer = {
        "suggest": {
            "t0": [{"options": [{"text": "vitamins", "freq": 9}, {"text": "vitamin", "freq": 3}]}],
            "t1": [{"options": [{"text": "headphone", "freq": 5}]}],  # two edits: refused
        }
    }
    assert corrections(["vitamn", "headphnes"], answer) == {"vitamn": "vitamin"}
