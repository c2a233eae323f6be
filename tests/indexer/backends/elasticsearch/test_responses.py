"""Elasticsearch answers read back, without a server: hits rebuilt exactly from `doc`,
group statistics, highlights and facets."""

from __future__ import annotations

from decimal import Decimal

from indexer.backends.elasticsearch.responses import group_stats, page_group_keys, search_results
from indexer.fields import to_json
from indexer.query import SearchQuery
from pricing.money import Money
from tests.indexer.search_fixtures import doc

CREAM = doc(1, "jp-rakuichi", "保湿クリーム <50 g>", "20.10", group_key="g-cream")
BALM = doc(2, "de-apotheke", "Lip balm", "3.5", group_key="g-balm")


def hit(document, score=1.5, highlight=None) -> dict:
    found = {"_source": {"doc": to_json(document)}, "_score": score}
    if highlight is not None:
        found["highlight"] = {"title": highlight}
    return found


def response(*hits, **aggregations) -> dict:
    return {
        "hits": {"hits": list(hits), "total": {"value": 7}},
        "aggregations": {"groups": {"value": 2}, **aggregations},
    }


def test_page_group_keys_in_hit_order():
    assert page_group_keys(response(hit(BALM), hit(CREAM))) == ["g-balm", "g-cream"]


def test_group_stats_read_offers_stores_and_the_exact_lowest_price():
    cheapest = {"hits": {"hits": [hit(BALM)]}}
    stats = {"groups": {"buckets": [
        {"key": "g-balm", "doc_count": 3, "stores": {"value": 2}, "cheapest": cheapest},
    ]}}  # fmt: skip
    assert group_stats({"aggregations": stats}) == {"g-balm": (3, 2, Money(Decimal("3.5"), "EUR"))}


def test_hits_come_back_exactly_with_their_groups_or_alone():
    results = search_results(
        SearchQuery(text="balm", facets=()),
        response(hit(BALM, highlight=["Lip <mark>balm</mark>"]), hit(CREAM, score=None)),
        {"g-balm": (3, 2, Money(Decimal("2.9"), "EUR"))},
    )
    assert (results.total, results.total_offers, results.facets) == (2, 7, {})
    balm, cream = results.hits
    assert balm.document == BALM and cream.document == CREAM
    assert (balm.group_offers, balm.group_stores, balm.group_min_price.amount) == (
        3, 2, Decimal("2.9"),
    )  # fmt: skip
    assert (cream.group_offers, cream.group_stores, cream.group_min_price) == (
        1, 1, CREAM.price_pivot,
    )  # fmt: skip
    assert (balm.score, cream.score) == (1.5, 0.0)
    assert str(balm.highlighted_title) == "Lip <mark>balm</mark>"


def test_adjacent_cjk_marks_merge_and_a_title_without_highlight_is_escaped():
    merged = search_results(
        SearchQuery(text="クリーム", facets=()),
        response(hit(CREAM, highlight=["保湿<mark>クリ</mark><mark>ーム</mark>"])),
        {},
    )
    assert str(merged.hits[0].highlighted_title) == "保湿<mark>クリーム</mark>"
    plain = search_results(SearchQuery(text="zzz", facets=()), response(hit(CREAM)), {})
    assert "&lt;50 g&gt;" in str(plain.hits[0].highlighted_title)


def test_facets_drop_empty_buckets_and_sort_filters_by_count():
    aggregations = {
        "store_id": {"buckets": [{"key": "jp-rakuichi", "doc_count": 4},
                                 {"key": "de-apotheke", "doc_count": 0}]},
        "direct": {"buckets": {"no": {"doc_count": 2}, "yes": {"doc_count": 5},
                               "maybe": {"doc_count": 0}}},
    }  # fmt: skip
    results = search_results(
        SearchQuery(facets=("store_id", "direct", "brand")), response(**aggregations), {}
    )
    assert results.facets == {"store_id": [("jp-rakuichi", 4)], "direct": [("yes", 5), ("no", 2)]}
