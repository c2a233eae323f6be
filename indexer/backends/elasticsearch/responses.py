"""Elasticsearch responses as SearchResults: hits rebuilt from their exact `doc`, facets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from indexer.fields import from_json, money_from_json
from indexer.query import SearchHit, SearchQuery, SearchResults
from indexer.spelling import best
from indexer.text import highlight
from pricing.money import Money


def page_group_keys(response: Mapping[str, Any]) -> list[str]:
    """The group keys of the page's hits, in order."""
    return [hit["_source"]["doc"]["group_key"] for hit in response["hits"]["hits"]]


def group_stats(response: Mapping[str, Any]) -> dict[str, tuple[int, int, Money]]:
    """group key → (matching offers, distinct stores, lowest pivot price), from the stats body."""
    stats = {}
    for bucket in response["aggregations"]["groups"]["buckets"]:
        (cheapest,) = bucket["cheapest"]["hits"]["hits"]
        price = money_from_json(cheapest["_source"]["doc"]["price_pivot"])
        stats[bucket["key"]] = (bucket["doc_count"], bucket["stores"]["value"], price)
    return stats


def search_results(
    query: SearchQuery,
    response: Mapping[str, Any],
    stats: Mapping[str, tuple[int, int, Money]],
) -> SearchResults:
    aggregations = response.get("aggregations", {})
    hits = [_hit(hit, stats, query.text) for hit in response["hits"]["hits"]]
    return SearchResults(
        hits=hits,
        total=aggregations["groups"]["value"],
        total_offers=response["hits"]["total"]["value"],
        facets={
            facet: _facet(aggregations[facet]) for facet in query.facets if facet in aggregations
        },
    )


def _hit(
    hit: Mapping[str, Any], stats: Mapping[str, tuple[int, int, Money]], text: str
) -> SearchHit:
    document = from_json(hit["_source"]["doc"])
    offers, stores, cheapest = stats.get(document.group_key, (1, 1, document.price_pivot))
    return SearchHit(
        document=document,
        highlighted_title=_highlighted_title(hit, document.title, text),
        score=hit.get("_score") or 0.0,
        group_offers=offers,
        group_stores=stores,
        group_min_price=cheapest,
    )


def _highlighted_title(hit: Mapping[str, Any], title: str, text: str) -> str:
    """ES's highlight, already HTML-escaped by its html encoder. Without one (the title
    matched only through its `cjk` sub-field, or not at all) Haitao's own highlighter marks
    what it can and escapes the rest."""
    fragments = hit.get("highlight", {}).get("title")
    if not fragments:
        return highlight(title, text)
    # overlapping CJK bigrams may come back as adjacent marks (<mark>クリ</mark><mark>ーム</mark>)
    return Markup(fragments[0].replace("</mark><mark>", ""))


def _facet(aggregation: Mapping[str, Any]) -> list[tuple[str, int]]:
    """(value, count) pairs with a count; terms come sorted by count, ranges in price order,
    the yes/no of `direct` by count."""
    buckets = aggregation["buckets"]
    if isinstance(buckets, Mapping):  # a filters aggregation: {"yes": {...}, "no": {...}}
        pairs = [(key, bucket["doc_count"]) for key, bucket in buckets.items()]
        return sorted(((k, n) for k, n in pairs if n), key=lambda kn: (-kn[1], kn[0]))
    return [(bucket["key"], bucket["doc_count"]) for bucket in buckets if bucket["doc_count"]]


def corrections(typed: list[str], response: Mapping[str, Any]) -> dict[str, str]:
    """The term suggester's best correction of each typed word (`suggest_body` names them
    t0, t1, …), chosen by `indexer.spelling.best` among the options one edit away."""
    fixed = {}
    for i, term in enumerate(typed):
        options = {}
        for entry in response.get("suggest", {}).get(f"t{i}", []):
            options.update({o["text"]: int(o.get("freq", 1)) for o in entry["options"]})
        choice = best(term, options)
        if choice:
            fixed[term] = choice
    return fixed
