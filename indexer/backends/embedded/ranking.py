"""Relevance on the columnar path: FTS5's bm25, computed from per-column match lists.

FTS5's `bm25()` runs once per match and reads that match's every phrase instance: ~1.5 µs
each, ~160 ms for the 108k matches of "formula" in a 1M index, which is most of a broad
relevance-sorted search. Here the same formula is evaluated in numpy from what FTS5 gives
cheaply: for each word of the query and each weighted column, the rowids holding the word in
that column (a column filter, `title : "formula"`, reads no more than the rowid list does),
each row's length in tokens (FTS5's own `docsize` table, kept in memory with the other
columns) and the table's row count and total length (its averages record). A word's
document frequency is the count of rows holding it in some text column (concept tags are
never words).

One approximation: a word counts once per column, however often the column repeats it
(bm25 would count every instance). For product titles and short descriptions the two rank
alike (`bench/relevance.py`: recall@20 and nDCG@10 of the judged query set); when no column
repeats a word the scores are bm25's own (`tests/.../test_ranking.py` checks it).
Concept tags weigh 0, as in `sql.BM25`: a match through a concept alone scores 0.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable
from typing import Protocol

import numpy as np

from indexer.backends.embedded.sql import WEIGHTS

K1, B = 1.2, 0.75  # FTS5's bm25 constants
_WEIGHTED = tuple((column, weight) for column, weight in WEIGHTS.items() if weight)
_IN_COLUMN = "SELECT group_concat(rowid) FROM search_fts WHERE search_fts MATCH ?"
_AVERAGES = "SELECT block FROM search_fts_data WHERE id = 1"  # FTS5_AVERAGES_ROWID
# the summed weight of every combination of weighted columns (bit i: _WEIGHTED[i])
_WEIGHT_OF_BITS = np.array(
    [
        sum(weight for i, (_, weight) in enumerate(_WEIGHTED) if bits >> i & 1)
        for bits in range(1 << len(_WEIGHTED))
    ]
)


class Rows(Protocol):
    """Where rowids sit in the in-memory columns (`columns.Columns`)."""

    rowids: np.ndarray

    def positions(self, rowids: np.ndarray) -> np.ndarray: ...

    def label_rows(self, column: str, phrase: str) -> np.ndarray | None: ...


def scores(
    conn: sqlite3.Connection,
    phrases: Iterable[str],
    columns: Rows,
    rows: np.ndarray,
    lengths: np.ndarray,
) -> np.ndarray:
    """bm25 (higher is better) of the matching `rows` (positions in `columns`), of `lengths`
    tokens each, for the query's word `phrases` (FTS5 phrases, as `sql.phrase` writes them).

    Which weighted columns hold a phrase is marked per row as bits of one byte (a column's
    rowids scattered, the matches' bits gathered): no search per match. Brand and category
    are labels: the rows holding a phrase there are those whose label holds it
    (`Columns.label_rows`), found without reading the index's list for the phrase.
    """
    rows_total, tokens = averages(conn)
    norm = K1 * (1 - B + B * lengths / (tokens / rows_total if tokens else 1.0))
    total = np.zeros(len(rows))
    for phrase in phrases:
        present = np.zeros(len(columns.rowids), dtype=np.uint8)
        for bit, (column, _) in enumerate(_WEIGHTED):
            labelled = columns.label_rows(column, phrase)
            if labelled is not None:
                count = min(len(present), len(labelled))
                present[:count][labelled[:count]] |= 1 << bit
                continue
            found = conn.execute(_IN_COLUMN, (f"{column} : {phrase}",)).fetchone()[0]
            if found:
                present[columns.positions(_integers(found))] |= 1 << bit
        weight = _WEIGHT_OF_BITS[present[rows]]
        hits = int(np.count_nonzero(present))  # rows holding the phrase in any text column
        idf = math.log((rows_total - hits + 0.5) / (hits + 0.5))
        total += max(idf, 1e-6) * weight * (K1 + 1) / (weight + norm)
    return total


def _integers(text: str) -> np.ndarray:
    return np.fromstring(text, dtype=np.int64, sep=",")


def averages(conn: sqlite3.Connection) -> tuple[int, int]:
    """(rows, tokens in all columns) of the FTS table, from its averages record."""
    found = conn.execute(_AVERAGES).fetchone()
    values = varints(found[0]) if found else []
    return (values[0], sum(values[1:])) if values else (0, 0)


def varints(blob: bytes) -> list[int]:
    """SQLite's variable-length integers, as FTS5 writes its records (values under 2**56)."""
    values, value = [], 0
    for byte in blob:
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            values.append(value)
            value = 0
    return values


def row_lengths(hexes: str, columns: int) -> np.ndarray:
    """Tokens per row of FTS5 `docsize` blobs (one varint per column), given as their hex
    concatenated in row order: decoded in numpy, a million rows in a few milliseconds."""
    data = np.frombuffer(bytes.fromhex(hexes), dtype=np.uint8)
    low = (data & 0x7F).astype(np.int64)
    more = data >= 0x80
    ends = np.flatnonzero(~more)
    values = low[ends].copy()
    shift, carry = 7, ends - 1
    while True:  # add the continuation bytes before each end, nearest first
        valid = carry >= 0
        valid[valid] &= more[carry[valid]]
        if not valid.any():
            break
        values[valid] += low[carry[valid]] << shift
        carry = np.where(valid, carry - 1, -1)
        shift += 7
    return values.reshape(-1, columns).sum(axis=1)
