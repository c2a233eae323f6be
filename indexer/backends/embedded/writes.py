"""Writing the embedded index: connections, transactions, batched inserts, the writer process.

A rebuild has two halves of about equal cost: Python turns documents into rows (sort
columns, JSON payload, analysed text) and SQLite stores them (B-trees, FTS segments). On one
core they add up; a large rebuild therefore hands the SQLite half to a writer process and
keeps encoding the next batch while the last one is stored. Small rebuilds (most tests, a
demo catalog) stay in one process, where starting another would cost more than it saves.
"""

from __future__ import annotations

import pickle
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sized
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from itertools import chain, islice
from pathlib import Path
from queue import Queue
from threading import Thread
from typing import BinaryIO

from indexer.backends.embedded import children, schema, terms
from indexer.documents import SearchDocument
from indexer.fields import StaleIndex

BATCH = 1000
READ_AHEAD = 32  # batches the writer process holds in memory ahead of SQLite (~50 MB)
Batch = list[schema.Encoded]


def connect(path: Path | str, busy_timeout_ms: int) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in (
        f"busy_timeout = {int(busy_timeout_ms)}",
        "journal_mode = WAL",
        "synchronous = NORMAL",  # WAL stays consistent; the index is derived data anyway
        "cache_size = -32768",  # KiB: the narrow tables and hot FTS pages of ~100k docs
        "temp_store = MEMORY",
    ):
        conn.execute(f"PRAGMA {pragma}")
    return conn


@contextmanager
def writing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction that moves the index generation on (first: the change log reads it)."""
    with transaction(conn, "BEGIN IMMEDIATE"):
        conn.execute(schema.BUMP_GENERATION)
        yield conn


@contextmanager
def transaction(conn: sqlite3.Connection, begin: str) -> Iterator[sqlite3.Connection]:
    conn.execute(begin)
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # some errors make SQLite roll back by itself
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create what is missing; when nothing is, take no write lock (a rebuild may hold it).

    Tables made here are of this code's format, and say so; tables that were there already
    keep whatever format they had (`check_format` tells).
    """
    marks = ", ".join("?" * len(schema.SCHEMA_NAMES))
    sql = f"SELECT name FROM sqlite_master WHERE name IN ({marks})"
    found = {name for (name,) in conn.execute(sql, schema.SCHEMA_NAMES)}
    if len(found) == len(schema.SCHEMA_NAMES):
        return
    with transaction(conn, "BEGIN IMMEDIATE"):
        fresh = conn.execute(_HAS_DOCS).fetchone() is None
        for statement in (*schema.TABLES, *schema.INDEXES):
            conn.execute(statement)
        if fresh:
            conn.execute(schema.STAMP_FORMAT)


_HAS_DOCS = "SELECT 1 FROM sqlite_master WHERE name = 'search_docs'"


def check_format(conn: sqlite3.Connection) -> None:
    """Raise StaleIndex unless the index tables are of this code's format (`schema.FORMAT`)."""
    row = conn.execute(schema.FORMAT_OF).fetchone()
    if row is None or row[0] != schema.FORMAT:
        found = "none" if row is None else row[0]
        raise StaleIndex(f"format {found}, this Haitao reads {schema.FORMAT}")


def encoded_batches(documents: Iterable[SearchDocument]) -> Iterator[Batch]:
    iterator = map(schema.encode, documents)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def refill(conn: sqlite3.Connection, batches: Iterable[Batch]) -> int:
    """Drop and refill the index tables inside the caller's write transaction."""
    # not search_meta
    for table in ("search_fts", "search_payloads", "search_docs", "search_changes", *terms.NAMES):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in (*schema.TABLES, *schema.FILTER_INDEXES):
        conn.execute(statement)
    written = sum(append(conn, batch) for batch in batches)
    try:
        conn.execute(schema.UNIQUE_DOC_ID)
    except sqlite3.IntegrityError:
        _keep_last_of_repeated_ids(conn)
        conn.execute(schema.UNIQUE_DOC_ID)
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    conn.execute(schema.STAMP_REBUILD, (schema.epoch_micros(datetime.now(UTC)),))
    conn.execute(schema.STAMP_FORMAT)
    conn.execute(schema.STAMP_BASE)
    return written


def append(conn: sqlite3.Connection, batch: Batch) -> int:
    """Append a batch with consecutive rowids (a rebuild's tables have no unique index yet)."""
    start = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM search_docs").fetchone()[0]
    numbered = list(enumerate(batch, start))
    conn.executemany(schema.INSERT_DOC, [(rowid, *encoded[0]) for rowid, encoded in numbered])
    _write_text(conn, numbered)
    return len(batch)


def _keep_last_of_repeated_ids(conn: sqlite3.Connection) -> None:
    removed = conn.execute(schema.REPEATED_IDS).fetchall()
    conn.executemany("DELETE FROM search_payloads WHERE rowid = ?", removed)
    conn.executemany("DELETE FROM search_fts WHERE rowid = ?", removed)


def upsert(conn: sqlite3.Connection, batch: Batch) -> int:
    sql = schema.UPSERT_DOC
    numbered = [(conn.execute(sql, encoded[0]).fetchone()[0], encoded) for encoded in batch]
    _write_text(conn, numbered)
    conn.executemany(schema.LOG_CHANGE, [(rowid,) for rowid, _ in numbered])
    return len(batch)


def delete(conn: sqlite3.Connection, doc_id: str) -> bool:
    """Remove one document inside the caller's write transaction; False if it was not there."""
    sql = "DELETE FROM search_docs WHERE doc_id = ? RETURNING rowid"
    row = conn.execute(sql, (doc_id,)).fetchone()
    if row is None:
        return False
    conn.execute("DELETE FROM search_payloads WHERE rowid = ?", row)
    conn.execute("DELETE FROM search_fts WHERE rowid = ?", row)
    conn.execute(schema.LOG_CHANGE, row)
    return True


def _write_text(conn: sqlite3.Connection, numbered: list[tuple[int, schema.Encoded]]) -> None:
    """The JSON payloads and the FTS rows of documents whose search_docs rowid is known."""
    conn.executemany(schema.WRITE_PAYLOAD, [(rowid, enc[1]) for rowid, enc in numbered])
    conn.executemany(schema.WRITE_FTS, [(rowid, *enc[2]) for rowid, enc in numbered])
    terms.remember(conn, (enc[2][0] for _, enc in numbered))  # the titles' words


# -- the writer process


class WriterFailed(RuntimeError):
    """The writer process stopped without saying why (killed, out of memory…)."""


def rebuild_in_process(conn: sqlite3.Connection, batches: Iterable[Batch]) -> int:
    with writing(conn):
        return refill(conn, batches)


def rebuild(
    path: Path,
    busy_timeout_ms: int,
    documents: Iterable[SearchDocument],
    conn: sqlite3.Connection,
    writer_from: int | None,
) -> int:
    """Rebuild in this process, or through a writer process from `writer_from` documents on
    (None: never). A stream of unknown length is buffered until it reaches that size."""
    batches = encoded_batches(documents)
    if writer_from is None:
        return rebuild_in_process(conn, batches)
    if isinstance(documents, Sized):
        if len(documents) < writer_from:
            return rebuild_in_process(conn, batches)
        return _rebuild_in_writer(path, busy_timeout_ms, batches)
    first = list(islice(batches, max(1, -(-writer_from // BATCH))))
    if sum(map(len, first)) < writer_from:
        return rebuild_in_process(conn, first)
    return _rebuild_in_writer(path, busy_timeout_ms, chain(first, batches))


def _rebuild_in_writer(path: Path, busy_timeout_ms: int, batches: Iterable[Batch]) -> int:
    """Stream pickled batches to the writer process (`children`) and wait."""
    writer = children.start(_WRITER, str(path), str(int(busy_timeout_ms)))
    try:
        try:
            for batch in chain(batches, [None]):
                pickle.dump(batch, writer.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            writer.stdin.close()
        except BrokenPipeError:
            pass  # the writer stopped early: its answer says why
        outcome, value = _answer(writer)
    except BaseException:
        writer.kill()  # an uncommitted SQLite transaction simply never happened
        raise
    finally:
        writer.wait()
        for stream in (writer.stdin, writer.stdout):
            with suppress(OSError):
                stream.close()
    if outcome == "error":
        raise value
    return value


def _answer(writer: subprocess.Popen) -> tuple[str, object]:
    try:
        return pickle.load(writer.stdout)
    except EOFError:
        code = writer.wait()
        raise WriterFailed(f"the index writer process stopped unexpectedly (exit {code})") from None


def _write_from(inbox: BinaryIO, outbox: BinaryIO, path: str, busy_timeout_ms: int) -> None:
    """The writer process: one write transaction over every batch the parent sends."""
    try:
        conn = connect(path, busy_timeout_ms)
        try:
            answer = ("done", rebuild_in_process(conn, _received(inbox)))
        finally:
            conn.close()
    except Exception as exc:  # reported to the parent, which raises it
        answer = ("error", children.picklable(exc, WriterFailed))
    pickle.dump(answer, outbox)
    outbox.flush()


def _received(inbox: BinaryIO) -> Iterator[Batch]:
    """Batches as the parent sends them, read ahead by a thread into a bounded queue.

    The queue lets the parent go on encoding while this process is busy with something
    long (dropping the old tables, an FTS merge) instead of blocking on a full pipe.
    """
    queue: Queue[Batch | BaseException | None] = Queue(maxsize=READ_AHEAD)

    def read() -> None:
        try:
            while (batch := pickle.load(inbox)) is not None:
                queue.put(batch)
        except BaseException as exc:  # the parent went away: stop the rebuild
            queue.put(exc)
        else:
            queue.put(None)

    Thread(target=read, name="haitao-index-reader", daemon=True).start()
    while (item := queue.get()) is not None:
        if isinstance(item, BaseException):
            raise WriterFailed("the rebuild's documents stopped arriving") from item
        yield item


def writer_main() -> None:
    _write_from(sys.stdin.buffer, sys.stdout.buffer, sys.argv[1], int(sys.argv[2]))


_WRITER = f"from {__name__} import writer_main; writer_main()"
