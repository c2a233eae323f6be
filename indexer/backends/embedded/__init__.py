"""The embedded search backend: SQLite FTS5 in the catalog's own database file."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from itertools import islice
from pathlib import Path

from indexer.backends.base import IndexStatus
from indexer.backends.embedded import schema
from indexer.backends.embedded.columns import Columns, integers
from indexer.backends.embedded.sql import (
    match_expression,
    search_statement,
    small_facets,
    sort_of,
)
from indexer.documents import SearchDocument
from indexer.query import SearchHit, SearchQuery, SearchResults
from indexer.text import highlight, query_terms

FACET_LIMIT = 50
COLUMNAR_THRESHOLD = 20_000
_BATCH = 1000
_MICRO = Decimal(10**6)


class EmbeddedBackend:
    """SQLite FTS5 search over `path`.

    One connection per thread (cached; a waitress pool reuses them), WAL, a busy timeout.
    `close()` closes every connection, from any thread; the next call opens fresh ones.
    """

    name = "embedded"

    def __init__(
        self,
        path: Path | str,
        *,
        busy_timeout_ms: int = 10_000,
        columnar_threshold: int | None = COLUMNAR_THRESHOLD,
    ) -> None:
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        # Matches from which a sorted (not relevance) search goes the columnar way; None: never.
        self.columnar_threshold = columnar_threshold
        self._columns: Columns | None = None
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
        return _writing(self._connection())

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
            for table in ("search_fts", "search_payloads", "search_docs"):  # not search_meta
                conn.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in schema.TABLES:
                conn.execute(statement)
            written = sum(_bulk_insert(conn, batch) for batch in _batches(documents))
            for statement in schema.INDEXES:  # faster built once, after the rows
                conn.execute(statement)
            conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
            conn.execute(schema.STAMP_REBUILD, (schema.epoch_micros(datetime.now(UTC)),))
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

    def status(self) -> IndexStatus:
        with self._reading() as conn:
            documents = conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]
            meta = dict(conn.execute(schema.META).fetchall())
        rebuilt = meta.get("rebuilt_at_us")
        return IndexStatus(
            backend=self.name,
            documents=documents,
            last_reindex=datetime.fromtimestamp(rebuilt / 1e6, UTC) if rebuilt else None,
            details={"file": str(self.path), "generation": str(meta.get("generation", 0))},
        )

    def search(self, query: SearchQuery) -> SearchResults:
        """Product groups matching every word of the text and the filters, one page, facets."""
        has_text = bool(query.text.strip())
        terms = query_terms(query.text) if has_text else []
        if has_text and not terms:  # only punctuation, emoji…: nothing to search for
            empty = {facet: [] for facet in query.facets}
            return SearchResults(hits=[], total=0, total_offers=0, facets=empty)
        match = match_expression(terms) if terms else None
        with self._reading() as conn:
            if match and sort_of(query, True)[0] != "score" and self.columnar_threshold is not None:
                found = self._search_columnar(conn, query, match)
                if found is not None:
                    return found
        statement = search_statement(query, match)
        with self._reading() as conn:
            rows = conn.execute(statement.text(), statement.params).fetchall()
            results = _collect(rows, sort_of(query, has_text)[2], query)
            hits = _load_hits(conn, results.pop("hits"), query.text)
        return SearchResults(hits=hits, **results)

    def _search_columnar(
        self, conn: sqlite3.Connection, query: SearchQuery, match: str
    ) -> SearchResults | None:
        """The columnar path when the text matches enough documents, else None."""
        sql = "SELECT group_concat(rowid) FROM search_fts WHERE search_fts MATCH ?"
        found = conn.execute(sql, (match,)).fetchone()[0]
        if not found or found.count(",") + 1 < self.columnar_threshold:
            return None
        page = self._current_columns(conn).search(conn, query, integers(found))
        hits = _load_hits(conn, page.hits, query.text)
        return SearchResults(hits, page.total, page.total_offers, page.facets)

    def _current_columns(self, conn: sqlite3.Connection) -> Columns:
        """The columns of the generation this read transaction sees, loaded if stale."""
        generation = conn.execute(schema.GENERATION).fetchone()[0]
        with self._lock:
            if self._columns is None or self._columns.generation != generation:
                self._columns = Columns(conn, generation)
            return self._columns


@contextmanager
def _writing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction that moves the index generation on."""
    with _transaction(conn, "BEGIN IMMEDIATE"):
        yield conn
        conn.execute(schema.BUMP_GENERATION)


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
    marks = ", ".join("?" * len(schema.SCHEMA_NAMES))
    sql = f"SELECT count(*) FROM sqlite_master WHERE name IN ({marks})"
    if conn.execute(sql, schema.SCHEMA_NAMES).fetchone()[0] == len(schema.SCHEMA_NAMES):
        return
    with _transaction(conn, "BEGIN IMMEDIATE"):
        for statement in (*schema.TABLES, *schema.INDEXES):
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
        rows = [(rowid, *schema.doc_row(doc)) for rowid, doc in numbered]
        conn.executemany(schema.INSERT_DOC, rows)
    except sqlite3.IntegrityError:
        conn.execute("ROLLBACK TO search_batch")
        conn.execute("RELEASE search_batch")
        return _upsert(conn, batch)
    _write_text(conn, numbered)
    conn.execute("RELEASE search_batch")
    return len(batch)


def _upsert(conn: sqlite3.Connection, batch: list[SearchDocument]) -> int:
    numbered = [
        (conn.execute(schema.UPSERT_DOC, schema.doc_row(doc)).fetchone()[0], doc) for doc in batch
    ]
    _write_text(conn, numbered)
    return len(batch)


def _write_text(conn: sqlite3.Connection, numbered: list[tuple[int, SearchDocument]]) -> None:
    """The JSON payloads and the FTS rows of documents whose search_docs rowid is known."""
    payloads = [(rowid, schema.encode_document(doc)) for rowid, doc in numbered]
    conn.executemany(schema.WRITE_PAYLOAD, payloads)
    conn.executemany(schema.WRITE_FTS, [schema.fts_row(rowid, doc) for rowid, doc in numbered])


def _collect(rows: Iterable[tuple], descending: bool, query: SearchQuery) -> dict:
    """Hits (sorted again: SQL keeps no order across UNION ALL), totals and facets."""
    hits, totals = [], {"total": 0, "offers": 0}
    facets: dict[str, list] = {facet: [] for facet in query.facets}
    for kind, value, count, rowid, offers, stores, min_price in rows:
        if kind == "hit":
            hits.append((value, rowid, offers, stores, Decimal(min_price) / _MICRO))
        elif kind in totals:
            totals[kind] = count
        elif kind == "small":
            counts = json.loads(min_price)
            for (facet, label), number in zip(small_facets(query), counts, strict=True):
                if number:
                    facets[facet].append((label, int(number)))
        else:
            facets[kind].append((value, count))
    sign = -1 if descending else 1
    hits.sort(key=lambda hit: (hit[0] is None, sign * (hit[0] or 0), sign * hit[1]))
    for facet, values in facets.items():
        if facet != "price_band":  # bands stay in price order
            facets[facet] = sorted(values, key=lambda vc: (-vc[1], vc[0]))[:FACET_LIMIT]
    return {
        "hits": hits,
        "total": totals["total"],
        "total_offers": totals["offers"],
        "facets": facets,
    }


def _load_hits(conn: sqlite3.Connection, ranked: list, text: str) -> list[SearchHit]:
    if not ranked:
        return []
    marks = ", ".join("?" * len(ranked))
    sql = f"SELECT rowid, document FROM search_payloads WHERE rowid IN ({marks})"
    stored = dict(conn.execute(sql, [hit[1] for hit in ranked]).fetchall())
    hits = []
    for key, rowid, offers, stores, min_price in ranked:
        doc = schema.decode_document(stored[rowid])
        score = float(key) if isinstance(key, float) else 0.0
        hits.append(
            SearchHit(doc, highlight(doc.title, text), score, offers, stores, min_price.normalize())
        )
    return hits
