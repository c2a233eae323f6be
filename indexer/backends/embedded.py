"""The embedded search backend: SQLite FTS5 in the catalog's own database file.

Storage, three tables sharing one rowid, all named `search_*` and created lazily, so they can
live beside the catalog tables that SQLAlchemy/Alembic own (this module never touches those):
- `search_docs`: doc_id and the filter/sort columns only; money as decimal TEXT for display
  and as INTEGER micro-units of the pivot currency for sorting and ranges, `updated_at` as
  INTEGER microseconds since the epoch. Narrow on purpose: a query looks up every match here,
  and narrow rows stay in the page cache (with the JSON in the same rows it was 2-4x slower).
- `search_payloads`: the whole document as JSON (Decimals as exact strings), read only for
  the page of hits.
- `search_fts`: a regular FTS5 table (it keeps its own copy of the analysed text) over title,
  brand, category and description. Not contentless or external content: updates and deletes
  then go by rowid alone and cannot corrupt the index, even when the analysis changes between
  releases; contentless inserts measured only ~2 µs/doc faster.

Tokenizer `porter unicode61 remove_diacritics 2`: unicode61 splits on Unicode punctuation and
spaces and folds diacritics ("creme" finds "Crème"); CJK runs arrive as bigrams from
`indexer.text.index_terms`. Porter stemming because titles are mostly English and shoppers
type singulars and plurals interchangeably ("headphones", "diapers", "babies"); the query is
stemmed alike, it leaves CJK bigrams and digits alone, and on German or French words it only
conflates a few endings, which costs little precision when every query word must match.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from indexer.documents import SearchDocument
from indexer.query import FACETS, SearchHit, SearchQuery, SearchResults
from indexer.text import bigrams, highlight, index_terms, is_cjk, query_terms

FACET_LIMIT = 50
# bm25 weights for the FTS columns, in order: the title matters most.
BM25 = "bm25(search_fts, 10.0, 4.0, 2.0, 1.0)"
_FIELDS = tuple(f.name for f in fields(SearchDocument))
_DECIMALS = ("price", "was_price", "price_pivot")
_MICRO = Decimal(10**6)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
_BATCH = 1000
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

_TABLES = (
    """CREATE TABLE IF NOT EXISTS search_docs (
        rowid INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, store_id TEXT NOT NULL,
        brand TEXT, category TEXT, available INTEGER NOT NULL, price_pivot TEXT NOT NULL,
        price_micros INTEGER NOT NULL, updated_at_us INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS search_payloads (
        rowid INTEGER PRIMARY KEY, document TEXT NOT NULL)""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title, brand, category, description,
        tokenize = 'porter unicode61 remove_diacritics 2')""",
)
_SORT_KEYS = ("price_micros", "updated_at_us")
_INDEXED = (*FACETS, *_SORT_KEYS)
_INDEXES = tuple(
    f"CREATE INDEX IF NOT EXISTS search_docs_{column} ON search_docs ({column})"
    for column in _INDEXED
)
_SCHEMA_NAMES = (
    *("search_docs", "search_payloads", "search_fts"),
    *(f"search_docs_{column}" for column in _INDEXED),
)
# The columns after doc_id, in the order of `_doc_row`.
_COLUMNS = ("store_id", "brand", "category", "available", "price_pivot", *_SORT_KEYS)
_INSERT_DOC = (
    f"INSERT INTO search_docs (rowid, doc_id, {', '.join(_COLUMNS)})"
    f" VALUES (?, ?{', ?' * len(_COLUMNS)})"
)
_UPSERT_DOC = (
    f"INSERT INTO search_docs (doc_id, {', '.join(_COLUMNS)}) VALUES (?{', ?' * len(_COLUMNS)})"
    f" ON CONFLICT (doc_id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _COLUMNS)}"
    " RETURNING rowid"
)
_WRITE_PAYLOAD = "INSERT OR REPLACE INTO search_payloads (rowid, document) VALUES (?, ?)"
_WRITE_FTS = """INSERT OR REPLACE INTO search_fts (rowid, title, brand, category, description)
VALUES (?, ?, ?, ?, ?)"""
# sort → (key column of search_docs or "score", direction of the key, direction of the rowid
# `id` that breaks ties).
_SORTS = {
    "relevance": ("score", -1, 1),
    "price_asc": ("price_micros", 1, 1),
    "price_desc": ("price_micros", -1, -1),
    "newest": ("updated_at_us", -1, -1),
}


# ---- documents ↔ rows ---------------------------------------------------------------------


def encode_document(doc: SearchDocument) -> str:
    values = {name: getattr(doc, name) for name in _FIELDS}
    for name in _DECIMALS:
        if values[name] is not None:
            values[name] = str(values[name])
    values["updated_at"] = doc.updated_at.isoformat()
    return _JSON.encode(values)


def decode_document(text: str) -> SearchDocument:
    values: dict[str, Any] = json.loads(text)
    for name in _DECIMALS:
        if values[name] is not None:
            values[name] = Decimal(values[name])
    values["updated_at"] = datetime.fromisoformat(values["updated_at"])
    return SearchDocument(**values)


def micros(amount: Decimal) -> int:
    """Money as an integer count of millionths, for exact sorting and ranges."""
    return int((amount * _MICRO).to_integral_value(rounding=ROUND_HALF_UP))


def epoch_micros(moment: datetime) -> int:
    """Microseconds since the epoch; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // _ONE_US


def _doc_row(doc: SearchDocument) -> tuple[object, ...]:
    price = doc.price_pivot
    return (
        *(doc.id, doc.store_id, doc.brand, doc.category, int(doc.available)),
        *(str(price), micros(price), epoch_micros(doc.updated_at)),
    )


def _fts_row(rowid: int, doc: SearchDocument) -> tuple[object, ...]:
    terms = (index_terms(text or "") for text in (doc.brand, doc.category, doc.description))
    return (rowid, index_terms(doc.title), *terms)


# ---- queries ------------------------------------------------------------------------------


def match_expression(terms: list[str]) -> str:
    """An FTS5 MATCH string: every term quoted (so no operator syntax survives), ANDed.

    A CJK run becomes a phrase of its bigrams; a single CJK character a prefix query, so it
    also finds the bigrams that start with it.
    """
    phrases = []
    for term in terms:
        quoted = '"' + (bigrams(term) if is_cjk(term) else term).replace('"', '""') + '"'
        phrases.append(quoted + "*" if is_cjk(term) and len(term) == 1 else quoted)
    return " AND ".join(phrases)


def _filters(query: SearchQuery) -> tuple[str, list[object]]:
    """` AND …` conditions on `d` (search_docs) for the query's filters, and their values."""
    clauses: list[str] = []
    params: list[object] = []
    for column, values in zip(FACETS, (query.stores, query.brands, query.categories), strict=True):
        if values:
            clauses.append(f"d.{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    if query.in_stock:
        clauses.append("d.available = 1")
    return "".join(f" AND {clause}" for clause in clauses), params


def _sort(query: SearchQuery, has_text: bool) -> tuple[str, int, int]:
    sort = query.sort if query.sort in _SORTS else "relevance"
    return _SORTS["newest" if sort == "relevance" and not has_text else sort]


def _page_sql(sort: tuple[str, int, int], source: str) -> str:
    """The page of hits as ("hit", sort key, score, rowid) rows."""
    key, key_direction, id_direction = sort
    order = f"{key}{' DESC' * (key_direction < 0)}, id{' DESC' * (id_direction < 0)}"
    score = "score" if key == "score" else "0.0"
    return f"SELECT 'hit', {key}, {score}, id {source} ORDER BY {order} LIMIT ? OFFSET ?"


def _text_sql(query: SearchQuery, filters: str) -> str:
    """One statement, one FTS scan: the page of hits, the total and the facet counts.

    Rows are (kind, facet value, count or score, rowid); kind is "hit", "" for the total, or a
    facet name. The matches are materialised once and then sorted and grouped.
    """
    sort = _sort(query, True)
    # bm25 costs ~1 µs per match: computed only when it decides the order.
    score = f"-{BM25}" if sort[0] == "score" else "0.0"
    columns = ", ".join(f"d.{column}" for column in (*FACETS, *_SORT_KEYS))
    matches = (
        f"SELECT d.rowid AS id, {columns}, {score} AS score FROM search_fts"
        " CROSS JOIN search_docs AS d ON d.rowid = search_fts.rowid"
        f" WHERE search_fts MATCH ?{filters}"
    )
    page = f"SELECT * FROM ({_page_sql(sort, 'FROM m')})"
    parts = [page, *_count_sqls("FROM m WHERE 1")]
    return f"WITH m AS MATERIALIZED ({matches}) " + " UNION ALL ".join(parts)


def _browse_sql(query: SearchQuery, filters: str) -> tuple[str, list[str]]:
    """Without text: the page, and total plus facets, each free to walk its own index."""
    source = f"FROM search_docs AS d WHERE 1{filters}"
    page = _page_sql(_sort(query, False), f"FROM (SELECT d.*, d.rowid AS id {source})")
    return page, _count_sqls(source)


def _count_sqls(source: str) -> list[str]:
    """("", NULL, total, NULL) and (facet, value, count, NULL) rows; `source` ends in WHERE."""
    counts = [f"SELECT '', NULL, count(*), NULL {source}"]
    return counts + [
        f"SELECT '{facet}', {facet}, count(*), NULL {source} AND {facet} IS NOT NULL GROUP BY 2"
        for facet in FACETS
    ]


def _collect(rows: Iterable[tuple], sort: tuple[str, int, int]) -> tuple[list, int, dict]:
    """The ranked (rowid, score) pairs, the total and the sorted facets of result rows.

    The page is sorted again here: SQL promises no row order across a UNION ALL.
    """
    page: list[tuple[Any, int, float]] = []
    total = 0
    facets: dict[str, list[tuple[str, int]]] = {facet: [] for facet in FACETS}
    for kind, value, number, rowid in rows:
        if kind == "hit":
            page.append((value, rowid, number))
        elif kind:
            facets[kind].append((value, number))
        else:
            total = number
    for facet, values in facets.items():
        facets[facet] = sorted(values, key=lambda vc: (-vc[1], vc[0]))[:FACET_LIMIT]
    _, key_direction, id_direction = sort
    page.sort(key=lambda hit: (key_direction * hit[0], id_direction * hit[1]))
    return [(rowid, score) for _, rowid, score in page], total, facets


# ---- the backend --------------------------------------------------------------------------


class EmbeddedBackend:
    """SQLite FTS5 search over `path`.

    One connection per thread (cached; a waitress pool reuses them), WAL, a busy timeout.
    `close()` closes every connection, from any thread; the next call opens fresh ones.
    """

    name = "embedded"

    def __init__(self, path: Path | str, *, busy_timeout_ms: int = 10_000) -> None:
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: set[sqlite3.Connection] = set()
        self._schema_ready = False

    # -- connections and transactions

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        for pragma in (
            f"busy_timeout = {int(self.busy_timeout_ms)}",
            "journal_mode = WAL",
            "synchronous = NORMAL",  # WAL stays consistent; the index is derived data anyway
            "cache_size = -32768",  # KiB: the narrow tables and hot FTS pages of ~100k docs
            "temp_store = MEMORY",
        ):
            conn.execute(f"PRAGMA {pragma}")
        return conn

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn not in self._connections:
            conn = self._open()
            with self._lock:
                self._connections.add(conn)
            self._local.conn = conn
        if not self._schema_ready:
            _ensure_schema(conn)
            self._schema_ready = True
        return conn

    def _writing(self) -> AbstractContextManager[sqlite3.Connection]:
        return _transaction(self._connection(), "BEGIN IMMEDIATE")

    def _reading(self) -> AbstractContextManager[sqlite3.Connection]:
        return _transaction(self._connection(), "BEGIN")

    def close(self) -> None:
        """Close every connection this backend opened, in any thread."""
        with self._lock:
            connections, self._connections = self._connections, set()
        for conn in connections:
            conn.close()

    def __enter__(self) -> EmbeddedBackend:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Drop and refill the index in one transaction: readers see the old one until commit."""
        with self._writing() as conn:
            for table in ("search_fts", "search_payloads", "search_docs"):
                conn.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _TABLES:
                conn.execute(statement)
            written = sum(_bulk_insert(conn, batch) for batch in _batches(documents))
            for statement in _INDEXES:  # faster built once, after the rows
                conn.execute(statement)
            conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        return written

    def upsert(self, documents: Iterable[SearchDocument]) -> int:
        with self._writing() as conn:
            return sum(_upsert(conn, batch) for batch in _batches(documents))

    def delete(self, ids: Iterable[str]) -> int:
        removed = 0
        with self._writing() as conn:
            for doc_id in ids:
                sql = "DELETE FROM search_docs WHERE doc_id = ? RETURNING rowid"
                row = conn.execute(sql, (doc_id,)).fetchone()
                if row is not None:
                    conn.execute("DELETE FROM search_payloads WHERE rowid = ?", row)
                    conn.execute("DELETE FROM search_fts WHERE rowid = ?", row)
                    removed += 1
        return removed

    # -- reading

    def count(self) -> int:
        with self._reading() as conn:
            return conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]

    def search(self, query: SearchQuery) -> SearchResults:
        """Matches for the query's text (every term), filtered, sorted, one page, with facets."""
        filters, params = _filters(query)
        page = [max(query.size, 0), max(query.offset, 0)]
        has_text = bool(query.text.strip())
        with self._reading() as conn:
            if not has_text:
                rows = _browse(conn, query, filters, params, page)
            elif terms := query_terms(query.text):
                sql = _text_sql(query, filters)
                rows = conn.execute(sql, [match_expression(terms), *params, *page]).fetchall()
            else:
                rows = []  # nothing searchable in the text (only punctuation, emoji…)
            ranked, total, facets = _collect(rows, _sort(query, has_text))
            hits = _load_hits(conn, ranked, query.text)
        return SearchResults(hits=hits, total=total, facets=facets)


@contextmanager
def _transaction(conn: sqlite3.Connection, begin: str) -> Iterator[sqlite3.Connection]:
    conn.execute(begin)
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # some errors make SQLite roll back by itself
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _ensure_schema(conn: sqlite3.Connection) -> None:
    """Create what is missing; when nothing is, take no write lock (a rebuild may hold it)."""
    marks = ", ".join("?" * len(_SCHEMA_NAMES))
    sql = f"SELECT count(*) FROM sqlite_master WHERE name IN ({marks})"
    if conn.execute(sql, _SCHEMA_NAMES).fetchone()[0] == len(_SCHEMA_NAMES):
        return
    with _transaction(conn, "BEGIN IMMEDIATE"):
        for statement in (*_TABLES, *_INDEXES):
            conn.execute(statement)


def _batches(documents: Iterable[SearchDocument]) -> Iterator[list[SearchDocument]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, _BATCH)):
        yield batch


def _bulk_insert(conn: sqlite3.Connection, batch: list[SearchDocument]) -> int:
    """Append a batch with consecutive rowids; a batch repeating a doc_id goes by `_upsert`."""
    start = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM search_docs").fetchone()[0]
    numbered = list(enumerate(batch, start))
    conn.execute("SAVEPOINT search_batch")
    try:
        conn.executemany(_INSERT_DOC, [(rowid, *_doc_row(doc)) for rowid, doc in numbered])
    except sqlite3.IntegrityError:
        conn.execute("ROLLBACK TO search_batch")
        conn.execute("RELEASE search_batch")
        return _upsert(conn, batch)
    _write_text(conn, numbered)
    conn.execute("RELEASE search_batch")
    return len(batch)


def _upsert(conn: sqlite3.Connection, batch: list[SearchDocument]) -> int:
    numbered = [(conn.execute(_UPSERT_DOC, _doc_row(doc)).fetchone()[0], doc) for doc in batch]
    _write_text(conn, numbered)
    return len(batch)


def _write_text(conn: sqlite3.Connection, numbered: list[tuple[int, SearchDocument]]) -> None:
    """The JSON payloads and the FTS rows of documents whose search_docs rowid is known."""
    conn.executemany(_WRITE_PAYLOAD, [(rowid, encode_document(doc)) for rowid, doc in numbered])
    conn.executemany(_WRITE_FTS, [_fts_row(rowid, doc) for rowid, doc in numbered])


def _browse(
    conn: sqlite3.Connection, query: SearchQuery, filters: str, params: list, page: list
) -> list[tuple[str, Any, Any, Any]]:
    page_sql, count_sqls = _browse_sql(query, filters)
    rows = conn.execute(page_sql, [*params, *page]).fetchall()
    for sql in count_sqls:
        rows += conn.execute(sql, params).fetchall()
    return rows


def _load_hits(conn: sqlite3.Connection, ranked: list, text: str) -> list[SearchHit]:
    if not ranked:
        return []
    marks = ", ".join("?" * len(ranked))
    sql = f"SELECT rowid, document FROM search_payloads WHERE rowid IN ({marks})"
    stored = dict(conn.execute(sql, [rowid for rowid, _ in ranked]).fetchall())
    docs = [(decode_document(stored[rowid]), score) for rowid, score in ranked]
    return [SearchHit(doc, highlight(doc.title, text), score) for doc, score in docs]
