"""The embedded search backend: SQLite FTS5 in the catalog's own database file."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import orjson

from indexer.backends.base import IndexStatus
from indexer.backends.embedded import schema, writes
from indexer.backends.embedded.columns import FACET_LIMIT, Columns, Documents, integers
from indexer.backends.embedded.found import Found, Loader
from indexer.backends.embedded.ranking import scores
from indexer.backends.embedded.readers import Readers
from indexer.backends.embedded.sql import (
    clauses_expression,
    match_expression,
    phrase,
    search_statement,
    small_facets,
    sort_of,
)
from indexer.backends.embedded.terms import corrections
from indexer.documents import PIVOT, SearchDocument
from indexer.fields import NAMES, StaleIndex, load
from indexer.matching import clauses_of
from indexer.query import SearchHit, SearchQuery, SearchResults
from indexer.spelling import corrected_text
from indexer.text import highlight, query_terms
from pricing.money import Money

COLUMNAR_THRESHOLD = 0  # measured: the columnar path wins from the first match (bench/RESULTS.md)
WRITER_FROM = 20_000
_MICRO = Decimal(10**6)
_ID_CHUNK = 900  # ids per IN (…): under SQLite's variable limit


class EmbeddedBackend:
    """SQLite FTS5 search over `path`.

    One connection per thread (cached; a waitress pool reuses them), WAL, a busy timeout.
    `close()` closes every connection (and the reader processes), from any thread; the next
    call opens fresh ones. With `readers` > 0, searches run in that many reader processes
    (`readers`), so that concurrent searches use more than one core.
    """

    name = "embedded"

    def __init__(
        self,
        path: Path | str,
        *,
        busy_timeout_ms: int = 10_000,
        columnar_threshold: int | None = COLUMNAR_THRESHOLD,
        writer_from: int | None = WRITER_FROM,
        readers: int = 0,
    ) -> None:
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        # Matches from which a text search goes the columnar way; None: never.
        self.columnar_threshold = columnar_threshold
        # Documents from which a rebuild stores them through a writer process; None: never.
        self.writer_from = writer_from
        self.readers = readers
        self._readers: Readers | None = None
        self._columns: Columns | None = None
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: set[sqlite3.Connection] = set()
        self._schema_ready = False
        self._format_ok = False

    # -- connections and transactions

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn not in self._connections:
            conn = writes.connect(self.path, self.busy_timeout_ms)
            with self._lock:
                self._connections.add(conn)
            self._local.conn = conn
        if not self._schema_ready:
            writes.ensure_schema(conn)
            self._schema_ready = True
        return conn

    def _writing(self) -> AbstractContextManager[sqlite3.Connection]:
        return writes.writing(self._current())

    def _current(self) -> sqlite3.Connection:
        """A connection to an index of this code's format (StaleIndex: rebuild it first).

        Checked until it holds once: a rebuild by this version only keeps it so.
        """
        conn = self._connection()
        if not self._format_ok:
            writes.check_format(conn)
            self._format_ok = True
        return conn

    def _reading(self) -> AbstractContextManager[sqlite3.Connection]:
        return writes.transaction(self._connection(), "BEGIN")

    def close(self) -> None:
        """Close every connection this backend opened, in any thread."""
        with self._lock:
            connections, self._connections = self._connections, set()
            readers, self._readers = self._readers, None
        for conn in connections:
            conn.close()
        if readers is not None:
            readers.close()

    def __enter__(self) -> EmbeddedBackend:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Drop and refill the index in one transaction: readers see the old one until commit.

        From `writer_from` documents on, SQLite's half of the work moves to a writer process
        (see `writes`), which roughly halves the time of a large rebuild on two cores.
        """
        conn = self._connection()
        written = writes.rebuild(self.path, self.busy_timeout_ms, documents, conn, self.writer_from)
        self._format_ok = True
        return written

    def upsert(self, documents: Iterable[SearchDocument]) -> int:
        with self._writing() as conn:
            return sum(writes.upsert(conn, batch) for batch in writes.encoded_batches(documents))

    def delete(self, ids: Iterable[str]) -> int:
        with self._writing() as conn:
            return sum(writes.delete(conn, doc_id) for doc_id in ids)

    # -- reading

    def count(self) -> int:
        with self._reading() as conn:
            return conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]

    def stored_fields(self, ids: Iterable[str], names: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Read from the stored JSON by SQLite itself (`json_extract`), so that only the
        asked fields reach Python."""
        wanted, found = list(dict.fromkeys(ids)), {}
        paths = ", ".join(f"'$[{NAMES.index(name)}]'" for name in names)
        extract = f"json_extract(p.document, {paths}, '$[0]')"  # always an array of values
        self._current()
        with self._reading() as conn:
            for start in range(0, len(wanted), _ID_CHUNK):
                chunk = wanted[start : start + _ID_CHUNK]
                sql = (
                    f"SELECT d.doc_id, {extract} FROM search_docs d JOIN search_payloads p"
                    f" ON p.rowid = d.rowid WHERE d.doc_id IN ({', '.join('?' * len(chunk))})"
                )
                for doc_id, values in conn.execute(sql, chunk):
                    found[doc_id] = dict(zip(names, orjson.loads(values), strict=False))
        return found

    def status(self) -> IndexStatus:
        with self._reading() as conn:
            documents = conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]
            meta = dict(conn.execute(schema.META).fetchall())
        rebuilt = meta.get("rebuilt_at_us")
        details = {"file": str(self.path), "generation": str(meta.get("generation", 0))}
        details["search processes"] = self._readers_status()
        return IndexStatus(
            backend=self.name,
            documents=documents,
            last_reindex=datetime.fromtimestamp(rebuilt / 1e6, UTC) if rebuilt else None,
            details=details,
        )

    def _readers_status(self) -> str:
        if not self.readers:
            return "none: searches run in this process"
        pids = self.reader_pids()
        running = f"{len(pids)} of {self.readers} readers running"
        return (
            f"{running} (pids {', '.join(map(str, pids))})"
            if pids
            else f"{running}: they start with the first search"
        )

    def generation(self) -> str | None:
        """`search_meta.generation`: every write, from any process, moves it on."""
        with self._reading() as conn:
            return str(conn.execute(schema.GENERATION).fetchone()[0])

    def search(self, query: SearchQuery) -> SearchResults:
        """Product groups matching every word of the text and the filters, one page, facets;
        when nothing matches, the same search with its typos corrected (`indexer.spelling`).

        With `readers`, the search runs in a reader process and only its hits are made here.
        """
        if self.readers:
            found = self._reader_pool().find(query)
            return SearchResults(stored_hits(found.hits, found.corrected or query.text), *found[1:])
        return SearchResults(*self.find(query, _load_hits))

    def find(self, query: SearchQuery, load: Loader) -> Found:
        """The search, with its page's hits as `load` makes them (in the read transaction)."""
        found = self._search(query, load)
        if found.total or query.exact or not query.text.strip():
            return found
        return self._corrected(query, load) or found

    def reader_pids(self) -> list[int]:
        """The reader processes running now (none until the first search with `readers`)."""
        with self._lock:
            return self._readers.pids if self._readers is not None else []

    def _reader_pool(self) -> Readers:
        with self._lock:
            if self._readers is None:
                self._readers = Readers(self.path, self.busy_timeout_ms, self.readers)
            return self._readers

    def _corrected(self, query: SearchQuery, load: Loader) -> Found | None:
        """The results of the query with its misspelt words corrected, if that finds any."""
        terms = query_terms(query.text)
        with self._reading() as conn:
            fixes = corrections(conn, terms, lambda term: match_expression([term]))
        if not fixes:
            return None
        text = corrected_text(terms, fixes)
        found = self._search(replace(query, text=text, exact=True), load)
        return found._replace(corrected=text) if found.total else None

    def _search(self, query: SearchQuery, load: Loader) -> Found:
        self._current()
        has_text = bool(query.text.strip())
        terms = query_terms(query.text) if has_text else []
        if has_text and not terms:  # only punctuation, emoji…: nothing to search for
            return Found([], 0, 0, {facet: [] for facet in query.facets})
        clauses = clauses_of(terms)
        match = clauses_expression(clauses) if terms else None
        with self._reading() as conn:
            if match and self.columnar_threshold is not None:
                words = [phrase(word) for clause in clauses for word in clause.words]
                found = self._search_columnar(conn, query, match, words, load)
                if found is not None:
                    return found
        statement = search_statement(query, match)
        with self._reading() as conn:
            rows = conn.execute(statement.text(), statement.params).fetchall()
            results = _collect(rows, sort_of(query, has_text)[2], query)
            hits = load(conn, results["hits"], query.text)
        return Found(hits, results["total"], results["total_offers"], results["facets"])

    def _search_columnar(
        self,
        conn: sqlite3.Connection,
        query: SearchQuery,
        match: str,
        words: list[str],
        load: Loader,
    ) -> Found | None:
        """The columnar path when the text matches enough documents, else None.

        One FTS5 pass gives the matching rowids as comma-separated text, which numpy parses
        without a Python object per match; sorted by relevance, `ranking` scores them from
        per-column match lists of the query's `words` (FTS5 phrases).
        """
        found = conn.execute(_MATCHES, (match,)).fetchone()[0]
        threshold = self.columnar_threshold
        if not found or (threshold and found.count(",") + 1 < threshold):
            return None
        rank = None
        if sort_of(query, True)[0] == "score":
            rank = partial(scores, conn, words)
        columns, generation = self._current_columns(conn)
        page = columns.search(conn, query, integers(found), rank)
        hits = load(conn, page.hits, query.text, (columns.documents, generation))
        return Found(hits, page.total, page.total_offers, page.facets)

    def warm(self) -> None:
        """Load the in-memory columns now rather than on the first broad search (a reader
        process does, as it starts: the first busy moment then finds every reader ready).
        An index not built yet, or of another format, is left for the search to report."""
        try:
            self._current()
        except StaleIndex:
            return
        with self._reading() as conn:
            self._current_columns(conn)

    def _current_columns(self, conn: sqlite3.Connection) -> tuple[Columns, int]:
        """Columns at least as new as this read transaction's snapshot, and the snapshot's
        generation.

        A newer generation of the same rebuild is caught up from the change log; a newer
        rebuild (or a log that cannot be applied in place) loads them whole.
        """
        generation, base = conn.execute(schema.VERSION).fetchone()
        with self._lock:
            columns = self._columns
            behind = columns is not None and columns.generation < generation
            if (
                columns is None
                or columns.base != base
                or (behind and not columns.refresh(conn, generation))
            ):
                self._columns = Columns(conn, generation, base)
            return self._columns, generation


_MATCHES = "SELECT group_concat(rowid) FROM search_fts WHERE search_fts MATCH ?"


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


def _pivot(amount: Decimal) -> Money:
    return Money(amount.normalize(), PIVOT)


def _load_hits(
    conn: sqlite3.Connection,
    ranked: list,
    text: str,
    cache: tuple[Documents, int] | None = None,
) -> list[SearchHit]:
    """The hits of `ranked` (key, rowid, offers, stores, min price); their documents come
    from `cache` (the decoded documents, and this reader's generation) where it has them,
    else decoded from the payloads (and cached)."""
    if not ranked:
        return []
    stored = cache[0].get([hit[1] for hit in ranked], cache[1]) if cache else {}
    missing = [hit[1] for hit in ranked if hit[1] not in stored]
    if missing:
        loaded = {rowid: load(payload) for rowid, payload in payloads(conn, missing)}
        if cache:
            cache[0].put(loaded, cache[1])
        stored.update(loaded)
    return [_hit(ranked_hit, stored[ranked_hit[1]], text) for ranked_hit in ranked]


def payloads(conn: sqlite3.Connection, rowids: list[int]) -> list[tuple[int, bytes]]:
    """The stored documents of these rows, as `fields.dump` wrote them."""
    marks = ", ".join("?" * len(rowids))
    sql = f"SELECT rowid, document FROM search_payloads WHERE rowid IN ({marks})"
    return conn.execute(sql, rowids).fetchall()


def stored_hits(hits: list[tuple[tuple, bytes]], text: str) -> list[SearchHit]:
    """Hits from (key, rowid, offers, stores, min price) and the stored document, as a
    reader process answers them; a document seen before is not decoded again."""
    return [_hit(ranked, _decoded(payload), text) for ranked, payload in hits]


def _hit(ranked: tuple, doc: SearchDocument, text: str) -> SearchHit:
    key, _, offers, stores, min_price = ranked
    score = float(key) if isinstance(key, float) else 0.0
    return SearchHit(doc, _highlight(doc.title, text), score, offers, stores, _pivot(min_price))


# Equal payloads are equal documents, whichever generation or reader they came from.
_decoded = lru_cache(maxsize=8192)(load)
# Titles repeat across a page's queries (and documents are cached): their highlights too.
_highlight = lru_cache(maxsize=4096)(highlight)
