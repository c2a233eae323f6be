"""One SQL statement per search: the page of product groups, their stats, totals and facets.

The matching offers are materialised once (`m`), grouped by `group_id` with a single
min()/max() aggregate over the sort key — SQLite then takes the group's other bare columns
(its representative `id`) from the row holding that min or max — and everything else is
counted from `m`. Rows come back as (kind, value, count, id, offers, stores, min price).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from indexer.backends.embedded.schema import (
    COLUMN,
    FTS_COLUMNS,
    direct_column,
    drop_column,
    landed_column,
    micros,
    net_column,
)
from indexer.concepts import token
from indexer.matching import Clause
from indexer.query import FACETS, SearchQuery, band_label
from indexer.text import bigrams, is_cjk

PRICE, REBATE, DROP, CHECKED = (
    COLUMN[name] for name in ("price_pivot", "rebate_rate", "price_drop", "checked_at")
)
STALE = COLUMN["stale"]
# Cost sorts rank stale offers after fresh ones: their key moves by this many micros (a
# billion euros), beyond any price, so stale offers sort among themselves after the rest.
STALE_OFFSET = 10**15
COST_SORTS = ("landed", "net", PRICE)
# bm25 weights of the FTS columns: concept tags weigh nothing, so a document found only
# through a concept scores 0, after every document that holds the words themselves.
WEIGHTS = {"title": 10.0, "brand": 4.0, "category": 2.0, "description": 1.0, "concepts": 0.0}
BM25 = f"bm25(search_fts, {', '.join(str(WEIGHTS[column]) for column in FTS_COLUMNS)})"
# sort → (column of m that orders groups, its aggregate, descending?)
SORTS = {
    "relevance": ("score", "max", True),
    "landed_asc": ("landed", "min", False),
    "net_asc": ("net", "min", False),
    "price_asc": (PRICE, "min", False),
    "price_desc": (PRICE, "max", True),
    "rebate_desc": (REBATE, "max", True),
    "price_drop": ("drop", "max", True),  # the destination's delivered-cost drop
    "newest": (CHECKED, "max", True),
}
_LIST_FILTERS = (
    ("store_id", "stores"),
    ("brand", "brands"),
    ("category", "categories"),
    ("store_country", "store_countries"),
)


@dataclass
class Statement:
    sql: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)

    def add(self, sql: str, *params: object) -> None:
        self.sql.append(sql)
        self.params.extend(params)

    def text(self) -> str:
        return "".join(self.sql)


def sort_of(query: SearchQuery, has_text: bool) -> tuple[str, str, bool]:
    sort = query.sort if query.sort in SORTS else "relevance"
    if sort == "relevance" and not has_text:
        sort = "newest"
    return SORTS[sort]


def search_statement(query: SearchQuery, match: str | None) -> Statement:
    """The statement for a query; `match` is the FTS5 expression, None to browse."""
    key, aggregate, descending = sort_of(query, match is not None)
    statement = Statement()
    statement.add("WITH m AS MATERIALIZED (")
    _matches(statement, query, match, key)
    statement.add(
        f"), g AS MATERIALIZED (SELECT id, group_id, {aggregate}(k0) AS k FROM m GROUP BY 2)"
    )
    direction = " DESC" if descending else ""
    statement.add(
        ", page AS MATERIALIZED (SELECT id, group_id, k FROM g"
        f" ORDER BY k IS NULL, k{direction}, id{direction} LIMIT ? OFFSET ?)",
        max(query.size, 0),
        max(query.offset, 0),
    )
    statement.add(
        ", stats AS (SELECT group_id, count(*) AS n, count(DISTINCT store_id) AS s,"
        f" min({PRICE}) AS p FROM m WHERE group_id IN (SELECT group_id FROM page)"
        " GROUP BY group_id)"
        " SELECT 'hit', page.k, NULL, page.id, stats.n, stats.s, stats.p"
        " FROM page JOIN stats USING (group_id)"
        " UNION ALL SELECT 'total', NULL, count(*), NULL, NULL, NULL, NULL FROM g"
        " UNION ALL SELECT 'offers', NULL, count(*), NULL, NULL, NULL, NULL FROM m"
    )
    for facet in query.facets:
        _facet(statement, facet)
    _small_facets(statement, query)
    return statement


def _matches(statement: Statement, query: SearchQuery, match: str | None, key: str) -> None:
    """The matching offers with only the columns the rest of the statement reads."""
    landed = landed_column(query.destination)
    net = net_column(query.destination)
    direct = direct_column(query.destination)
    sort_key = {
        "score": f"-{BM25}" if match else "0.0",
        "landed": f"d.{landed}" if landed else "NULL",
        "net": f"d.{net}" if net else "NULL",
        "drop": f"d.{drop_column(query.destination)}",
    }.get(key, f"d.{key}")
    if key in COST_SORTS:
        sign = "-" if query.sort == "price_desc" else "+"
        sort_key = f"({sort_key} {sign} d.{STALE} * {STALE_OFFSET})"
    columns = ["d.rowid AS id", "d.group_id", f"d.{PRICE}", f"{sort_key} AS k0"]
    columns += [
        f"d.{facet}" for facet in ("store_id", "brand", "category") if facet in query.facets
    ]
    if "store_id" not in query.facets:
        columns.append("d.store_id")  # group stats count stores
    if "direct" in query.facets:
        columns.append(f"d.{direct} AS direct" if direct else "0 AS direct")
    statement.add(f"SELECT {', '.join(columns)}")
    if match is None:
        statement.add(" FROM search_docs AS d WHERE 1")
    else:
        statement.add(
            " FROM search_fts CROSS JOIN search_docs AS d ON d.rowid = search_fts.rowid"
            " WHERE search_fts MATCH ?",
            match,
        )
    _filters(statement, query, direct)


def _filters(statement: Statement, query: SearchQuery, direct: str | None) -> None:
    for column, name in _LIST_FILTERS:
        values = getattr(query, name)
        if values:
            statement.add(f" AND d.{column} IN ({', '.join('?' * len(values))})", *values)
    if query.in_stock:
        statement.add(" AND d.available = 1")
    if query.has_rebate:
        statement.add(f" AND d.{REBATE} > 0")
    if query.direct_only:
        statement.add(f" AND d.{direct} = 1" if direct else " AND 0")
    for column, bound, operator in cost_bounds(query):
        statement.add(f" AND d.{column} {operator} ?" if column else " AND 0", micros(bound))


def cost_bounds(query: SearchQuery) -> list[tuple[str | None, Decimal, str]]:
    """(column, bound, operator) of the landed- and net-cost ranges the query sets; the column
    is None for a destination the index does not carry (nothing then passes)."""
    landed, net = landed_column(query.destination), net_column(query.destination)
    bounds = (
        (landed, query.landed_min, ">="),
        (landed, query.landed_max, "<="),
        (net, query.net_min, ">="),
        (net, query.net_max, "<="),
    )
    return [(column, bound, op) for column, bound, op in bounds if bound is not None]


def _facet(statement: Statement, facet: str) -> None:
    if facet in ("store_id", "brand", "category"):
        statement.add(
            f" UNION ALL SELECT '{facet}', {facet}, count(*), NULL, NULL, NULL, NULL"
            f" FROM m WHERE {facet} IS NOT NULL GROUP BY 2"
        )
    elif facet not in FACETS:
        raise ValueError(f"unknown facet {facet!r}")


def small_facets(query: SearchQuery) -> list[tuple[str, str]]:
    """(facet, value) of the few-valued facets, in the order `_small_facets` counts them."""
    labels = []
    if "direct" in query.facets:
        labels += [("direct", "yes"), ("direct", "no")]
    if "price_band" in query.facets:
        bands = tuple(sorted(query.price_bands))
        labels += [("price_band", band_label(bands, low)) for low in (Decimal(0), *bands)]
    return labels


def _small_facets(statement: Statement, query: SearchQuery) -> None:
    """Counts of the few-valued facets in one pass over the matches, packed as a JSON array.

    Grouping would sort the matches once per facet; sums need no sort.
    """
    sums, params = [], []
    if "direct" in query.facets:
        sums += ["total(direct = 1)", "total(direct = 0)"]
    if "price_band" in query.facets:
        bands = tuple(sorted(query.price_bands))
        for low, high in zip((Decimal(0), *bands), (*bands, None), strict=True):
            if high is None:
                sums.append(f"total({PRICE} >= ?)")
                params.append(micros(low))
            else:
                sums.append(f"total({PRICE} >= ? AND {PRICE} < ?)")
                params += [micros(low), micros(high)]
    if sums:
        statement.add(
            f" UNION ALL SELECT 'small', NULL, NULL, NULL, NULL, NULL,"
            f" json_array({', '.join(sums)})"
            " FROM m",
            *params,
        )


def match_expression(terms: list[str]) -> str:
    """An FTS5 MATCH string: every term quoted (so no operator syntax survives), ANDed.

    A CJK run becomes a phrase of its bigrams; a single CJK character a prefix query, so it
    also finds the bigrams that start with it.
    """
    return " AND ".join(map(phrase, terms))


def phrase(term: str) -> str:
    """One query term as an FTS5 phrase (see `match_expression`)."""
    quoted = '"' + (bigrams(term) if is_cjk(term) else term).replace('"', '""') + '"'
    return quoted + "*" if is_cjk(term) and len(term) == 1 else quoted


def clauses_expression(clauses: list[Clause]) -> str:
    """An FTS5 MATCH string: every clause's words (`match_expression`) OR its concepts."""
    parts = []
    for clause in clauses:
        words = match_expression(list(clause.words))
        if clause.concepts:
            tokens = " OR ".join(f'"{token(c)}"' for c in clause.concepts)
            words = f"(({words}) OR concepts : ({tokens}))"
        parts.append(words)
    return " AND ".join(parts)
