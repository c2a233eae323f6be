"""A SearchQuery as Elasticsearch request bodies, in plain query DSL only.

The search box is never parsed by Elasticsearch: `indexer.text.query_terms` splits it into
words and CJK runs (dropping every operator and symbol), and each becomes one `multi_match`
that must match (AND semantics), in any one of the text fields. No `query_string`, no scripts.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from indexer.documents import DESTINATIONS
from indexer.matching import Clause, clauses_of
from indexer.query import SearchQuery, band_label
from indexer.spelling import MIN_LENGTH
from indexer.text import is_cjk, query_terms

# Title matches rank first, then brand, category, description (as in the embedded bm25).
TEXT_FIELDS = ("title^10", "brand^4", "category^2", "description")
# Their sub-fields of CJK bigrams only (see `mapping`), weighted alike.
CJK_FIELDS = ("title.cjk^10", "brand.cjk^4", "category.cjk^2", "description.cjk")
FACET_LIMIT = 50
# Distinct groups are counted near-exactly up to here (estimated above); the most ES allows.
GROUP_PRECISION = 40_000
# ES refuses from + size beyond index.max_result_window (10,000 by default).
RESULT_WINDOW = 10_000
_DESTINATION = re.compile("[A-Z]{2}")
_TERMS_FACETS = {"store_id": "store_id", "brand": "brand.keyword", "category": "category.keyword"}
_HIGHLIGHT = {
    "encoder": "html",
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "fields": {"title": {"number_of_fragments": 0}},
}


def landed_field(destination: str, cost: str = "landed") -> str:
    """`landed.<CC>` (or `net.<CC>`, the net cost there); the destination becomes a field
    name, so only two capitals pass."""
    if not _DESTINATION.fullmatch(destination):
        raise ValueError(f"not a destination country code: {destination!r}")
    return f"{cost}.{destination}"


# ---- matching -----------------------------------------------------------------------------


def text_clause(text: str) -> dict[str, Any]:
    """Every clause of the search box must match (`indexer.matching`): its words, or one of
    its concepts; nothing searchable in it matches nothing."""
    if not text.strip():
        return {"match_all": {}}
    terms = query_terms(text)
    if not terms:
        return {"match_none": {}}
    return {"bool": {"must": [_clause(clause) for clause in clauses_of(terms)]}}


def _clause(clause: Clause) -> dict[str, Any]:
    """The clause's words, each in any text field, OR (scoring 0: a filter) its concepts."""
    words = [_term_clause(term) for term in clause.words]
    matched = words[0] if len(words) == 1 else {"bool": {"must": words}}
    if not clause.concepts:
        return matched
    concepts = {"bool": {"filter": [{"terms": {"concepts": list(clause.concepts)}}]}}
    return {"bool": {"should": [matched, concepts], "minimum_should_match": 1}}


def _term_clause(term: str) -> dict[str, Any]:
    """One word in any text field; a CJK run as the phrase of its bigrams, in the text
    fields or their `cjk` sub-fields. A lone CJK character is a prefix of the bigrams that
    start with it (保 finds 保湿).
    """
    if not is_cjk(term):
        return {"multi_match": {"query": term, "fields": list(TEXT_FIELDS), "operator": "and"}}
    kind = "phrase_prefix" if len(term) == 1 else "phrase"
    return {"multi_match": {"query": term, "fields": [*TEXT_FIELDS, *CJK_FIELDS], "type": kind}}


def filter_clauses(query: SearchQuery) -> list[dict[str, Any]]:
    clauses: list[dict[str, Any]] = []
    for field, values in (
        ("store_id", query.stores),
        ("brand.keyword", query.brands),
        ("category.keyword", query.categories),
        ("store_country", query.store_countries),
    ):
        if values:
            clauses.append({"terms": {field: list(values)}})
    if query.in_stock:
        clauses.append({"term": {"available": True}})
    if query.has_rebate:
        clauses.append({"range": {"rebate_rate": {"gt": 0}}})
    if query.direct_only:
        clauses.append({"term": {"direct_to": query.destination}})
    for cost, low, high in (
        ("landed", query.landed_min, query.landed_max),
        ("net", query.net_min, query.net_max),
    ):
        if bounds := _bounds(low, high):
            clauses.append({"range": {landed_field(query.destination, cost): bounds}})
    return clauses


def _bounds(low: Decimal | None, high: Decimal | None) -> dict[str, str]:
    bounds = {"gte": low, "lte": high}
    return {op: str(bound) for op, bound in bounds.items() if bound is not None}


def query_clause(query: SearchQuery) -> dict[str, Any]:
    return {"bool": {"must": [text_clause(query.text)], "filter": filter_clauses(query)}}


# ---- sorting ------------------------------------------------------------------------------


_SORT_KEYS: dict[str, Any] = {
    "relevance": {"_score": "desc"},
    "price_asc": {"price_pivot": "asc"},
    "price_desc": {"price_pivot": "desc"},
    "rebate_desc": {"rebate_rate": {"order": "desc", "missing": "_last"}},
    "price_drop": {"price_drop": "desc"},
    "newest": {"checked_at": "desc"},
}


def sort_clause(query: SearchQuery) -> list[Any]:
    """The query's order, ties broken by id; relevance without text means newest first."""
    sort = query.sort
    if sort == "relevance" and not query.text.strip():
        sort = "newest"
    if sort in ("landed_asc", "net_asc"):
        cost = landed_field(query.destination, sort.removesuffix("_asc"))
        key = {cost: {"order": "asc", "missing": "_last"}}
    elif sort == "price_drop" and query.destination in DESTINATIONS:
        key = {f"landed_drop.{query.destination}": "desc"}  # the delivered cost's drop there
    else:
        key = _SORT_KEYS.get(sort, _SORT_KEYS["relevance"])
    if sort in _COST_SORTS:  # stale offers rank after fresh ones (core.freshness)
        return [{"stale": "asc"}, key, {"id": "asc"}]
    return [key, {"id": "asc"}]


_COST_SORTS = ("landed_asc", "net_asc", "price_asc", "price_desc")


# ---- the requests -------------------------------------------------------------------------


def search_body(query: SearchQuery) -> dict[str, Any]:
    """One page of hits, one per product group, with the totals and the facets."""
    offset = min(max(query.offset, 0), RESULT_WINDOW)
    size = max(0, min(query.size, RESULT_WINDOW - offset))
    return {
        "query": query_clause(query),
        "collapse": {"field": "group_key"},
        "sort": sort_clause(query),
        "from": offset if size else 0,
        "size": size,
        "track_total_hits": True,
        "_source": ["doc"],
        "highlight": _HIGHLIGHT,
        "aggs": {
            "groups": {
                "cardinality": {"field": "group_key", "precision_threshold": GROUP_PRECISION}
            },
            **facet_aggregations(query),
        },
    }


def group_stats_body(query: SearchQuery, group_keys: list[str]) -> dict[str, Any]:
    """Per group of the page, among the offers that match: how many, stores, cheapest."""
    groups = {"terms": {"group_key": group_keys}}
    cheapest = {
        "size": 1,
        "sort": [{"price_pivot": "asc"}, {"id": "asc"}],
        "_source": ["doc.price_pivot"],
    }
    return {
        "query": {"bool": {"filter": [query_clause(query), groups]}},
        "size": 0,
        "aggs": {
            "groups": {
                "terms": {"field": "group_key", "size": len(group_keys)},
                "aggs": {
                    "stores": {"cardinality": {"field": "store_id"}},
                    "cheapest": {"top_hits": cheapest},
                },
            }
        },
    }


# ---- facets -------------------------------------------------------------------------------


def facet_aggregations(query: SearchQuery) -> dict[str, Any]:
    """One aggregation per facet the query asks for, named after the facet."""
    aggs: dict[str, Any] = {}
    for facet, field in _TERMS_FACETS.items():
        if facet in query.facets:
            aggs[facet] = {"terms": {"field": field, "size": FACET_LIMIT, "order": _BY_COUNT}}
    if "direct" in query.facets:
        aggs["direct"] = {"filters": {"filters": _direct_filters(query.destination)}}
    if "price_band" in query.facets and query.price_bands:
        aggs["price_band"] = {"range": {"field": "price_pivot", "ranges": price_ranges(query)}}
    return aggs


_BY_COUNT = [{"_count": "desc"}, {"_key": "asc"}]


def _direct_filters(destination: str) -> dict[str, Any]:
    direct = {"term": {"direct_to": destination}}
    return {"yes": direct, "no": {"bool": {"must_not": [direct]}}}


def price_ranges(query: SearchQuery) -> list[dict[str, Any]]:
    """Ranges [low, high) keyed by `band_label`, the first and last open-ended like its bands."""
    bands = query.price_bands
    lows: tuple[Decimal | None, ...] = (None, *bands)
    highs: tuple[Decimal | None, ...] = (*bands, None)
    ranges = []
    for low, high in zip(lows, highs, strict=True):
        bounds = {
            name: str(bound) for name, bound in (("from", low), ("to", high)) if bound is not None
        }
        ranges.append({"key": band_label(bands, low or Decimal(0)), **bounds})
    return ranges


# ---- typos --------------------------------------------------------------------------------


def suggest_body(terms: list[str]) -> dict[str, Any]:
    """Term suggestions for the correctable words (`indexer.spelling`) that no title holds."""
    suggest = {
        f"t{i}": {
            "text": term,
            "term": {
                "field": "title.words",
                "suggest_mode": "missing",
                "max_edits": 1,
                "prefix_length": 0,
                "min_word_length": MIN_LENGTH,
                "size": 5,
            },
        }
        for i, term in enumerate(terms)
    }
    return {"size": 0, "suggest": suggest}
