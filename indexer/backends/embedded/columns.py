"""The columnar path: broad queries grouped, sorted and counted in numpy, not in SQL.

A word like "formula" can match a seventh of a catalog. In SQL, every match is then written
to a temporary table, sorted to group it and sorted again per facet: ~290 ms at 130k matches
of a 1M index. Here FTS5 still finds the matches (~5 ms), and the filter and sort columns of
`search_docs`, kept in memory as arrays, do the rest with vectorised sorts and counts.

The arrays follow the index *generation*: every write bumps `search_meta.generation` and logs
the rowids it touched in `search_changes`; the next broad query applies just those rows
(`Columns.refresh`). Only a rebuild (or the first broad query) loads them whole, about 2 s per
million documents; landed-cost and direct-mail columns load per destination on first use.
Relevance is FTS5's bm25 computed in numpy from per-column match lists (`ranking`), with each
row's length in tokens kept here beside the other columns (loaded on the first relevance
sort); ranking, grouping and counting happen here as for the other sorts.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from indexer.backends.embedded.ranking import row_lengths
from indexer.backends.embedded.schema import (
    COLUMN,
    FTS_COLUMNS,
    GENERATION,
    TOKENIZER,
    cost_column,
    direct_column,
    drop_column,
    micros,
)
from indexer.backends.embedded.sql import STALE, STALE_OFFSET, cost_bounds
from indexer.documents import SearchDocument
from indexer.query import SearchQuery, band_label
from indexer.text import index_terms

FACET_LIMIT = 50  # values per facet, the most frequent first
LENGTH = "fts_length"  # a row's tokens in every FTS column (FTS5's docsize), for ranking
_LENGTHS = (
    "SELECT group_concat(id), group_concat(hex(sz), '')"
    " FROM (SELECT id, sz FROM search_fts_docsize ORDER BY id)"
)
_MILLION = Decimal(10**6)
_MISSING = np.iinfo(np.int64).max  # a NULL landed cost: sorts last, never in a range
_CODED = ("store_id", "brand", "category", "store_country")
_LABELS = ("brand", "category")  # search_fts columns holding just the label (`Labels`)
PRICE, REBATE, DROP, CHECKED = (
    COLUMN[name] for name in ("price_pivot", "rebate_rate", "price_drop", "checked_at")
)
_NUMBERS = ("group_id", PRICE, REBATE, DROP, CHECKED)
_LENGTH_OF_CHANGE = "(SELECT hex(sz) FROM search_fts_docsize WHERE id = c.rowid)"
# sort → (column, descending?)
SORT_KEYS = {
    "landed_asc": ("landed", False),
    "net_asc": ("net", False),
    "price_asc": (PRICE, False),
    "price_desc": (PRICE, True),
    "rebate_desc": (REBATE, True),
    "price_drop": ("drop", True),  # the destination's delivered-cost drop (schema.drop_column)
    "newest": (CHECKED, True),
}


def integer_column(conn: sqlite3.Connection, column: str, missing: int = 0) -> np.ndarray:
    """One integer column of search_docs in rowid order, NULL as `missing`.

    Read as one comma-separated string and parsed by numpy: ~10x faster than a million rows.
    """
    sql = (
        f"SELECT group_concat(coalesce(v, {int(missing)})) FROM"
        f" (SELECT {column} AS v FROM search_docs ORDER BY rowid)"
    )
    return integers(conn.execute(sql).fetchone()[0])


def _texts(conn: sqlite3.Connection, column: str) -> Iterator[str | None]:
    return (row[0] for row in conn.execute(f"SELECT {column} FROM search_docs ORDER BY rowid"))


def integers(text: str | None) -> np.ndarray:
    """The integers of a comma-separated string (as SQLite's group_concat writes them)."""
    return np.fromstring(text or "", dtype=np.int64, sep=",")


@dataclass
class Coded:
    """A text column as integer codes into `values` (None included as a value)."""

    codes: np.ndarray
    values: list[str | None]
    index: dict[str | None, int] = field(default_factory=dict)

    @classmethod
    def of(cls, texts: Iterable[str | None], count: int) -> Coded:
        """The codes of `count` texts (an iterator will do: no list of a million strings)."""
        index: dict[str | None, int] = {}
        codes = np.fromiter((index.setdefault(t, len(index)) for t in texts), np.int32, count)
        return cls(codes, list(index), index)

    def code(self, value: str | None) -> int:
        if value not in self.index:
            self.index[value] = len(self.values)
            self.values.append(value)
        return self.index[value]

    def update(self, positions: np.ndarray, texts: np.ndarray, known: np.ndarray) -> None:
        """Overwrite the `known` rows at `positions`, append the others (in their order)."""
        codes = np.fromiter(map(self.code, texts), np.int32, len(texts))
        self.codes[positions[known]] = codes[known]
        self.codes = np.concatenate((self.codes, codes[~known]))


class Documents:
    """Decoded hit documents of one index generation, by rowid: a document on many pages is
    read and decoded once (~20 µs of Python each, holding the GIL), not once per search.

    Entries hold for readers at `generation` only: `Columns.refresh` drops the rows it applies
    as it moves the generation on, and readers at another snapshot neither get nor add any.
    """

    LIMIT = 8192  # documents kept; the oldest go first

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self._documents: dict[int, SearchDocument] = {}
        self._lock = threading.Lock()

    def get(self, rowids: list[int], generation: int) -> dict[int, SearchDocument]:
        if generation != self.generation:
            return {}
        found = self._documents
        return {rowid: doc for rowid in rowids if (doc := found.get(rowid)) is not None}

    def put(self, documents: dict[int, SearchDocument], generation: int) -> None:
        with self._lock:
            if generation != self.generation:
                return
            self._documents.update(documents)
            over = len(self._documents) - self.LIMIT
            for oldest in list(itertools.islice(self._documents, max(over, 0))):
                del self._documents[oldest]

    def forget(self, rowids: Iterable[int], generation: int) -> None:
        """These rows changed on the way to `generation`."""
        with self._lock:
            for rowid in rowids:
                self._documents.pop(rowid, None)
            self.generation = generation


class Labels:
    """The distinct values of a label column (brand, category) in a private FTS5 table with
    the index's tokenizer: a label column of search_fts holds just the row's label, so the
    labels holding a phrase say which rows hold it there, without reading the index's list
    of the phrase (a few thousand labels, not a million rows)."""

    def __init__(self) -> None:
        self._conn = sqlite3.connect(":memory:", check_same_thread=False)
        self._conn.execute(f"CREATE VIRTUAL TABLE v USING fts5(value, tokenize = '{TOKENIZER}')")
        self._known = 0
        self._lock = threading.Lock()

    def matching(self, values: list[str | None], phrase: str) -> np.ndarray:
        """Codes (positions in `values`) of the labels holding the FTS5 phrase."""
        with self._lock:
            if self._known < len(values):
                new = enumerate(values[self._known :], self._known)
                rows = [(code, index_terms(value or "")) for code, value in new]
                self._conn.executemany("INSERT INTO v (rowid, value) VALUES (?, ?)", rows)
                self._known = len(values)
            sql = "SELECT group_concat(rowid) FROM v WHERE v MATCH ?"
            return integers(self._conn.execute(sql, (phrase,)).fetchone()[0])


@dataclass(frozen=True)
class GroupPage:
    """What the columnar path answers: hits as (key, rowid, offers, stores, min price)."""

    hits: list[tuple]
    total: int
    total_offers: int
    facets: dict[str, list[tuple[str, int]]]


class Columns:
    """The filter and sort columns of one index generation, as numpy arrays.

    Integer columns live in `ints` by their search_docs name (with `rowid`, sorted), text
    columns in `coded`. Positions never move: `refresh` overwrites changed rows in place and
    appends new ones, and a deleted row just stays (FTS5 no longer matches it). So a reader
    still on an older snapshot can keep using the arrays while they move on.
    """

    def __init__(self, conn: sqlite3.Connection, generation: int, base: int = 0) -> None:
        self.generation = generation
        self.base = base  # the generation of the rebuild these rowids belong to
        self._lock = threading.Lock()
        self.documents = Documents(generation)
        self._groups: tuple[np.ndarray, int] | None = None  # see `group_codes`
        self.missing = {name: 0 for name in ("rowid", "available", STALE, *_NUMBERS)}
        self.ints = {name: integer_column(conn, name) for name in self.missing}
        # one column at a time, straight from the cursor: all four at once as rows of
        # Python strings peaked at ~580 MB per million documents
        self.coded = {name: Coded.of(_texts(conn, name), len(self.rowids)) for name in _CODED}
        self.alive = np.ones(len(self.rowids), dtype=bool)  # deleted rows stay, not alive
        self.labels = {name: Labels() for name in _LABELS}

    @property
    def rowids(self) -> np.ndarray:
        return self.ints["rowid"]

    def positions(self, rowids: np.ndarray) -> np.ndarray:
        """Where these rowids sit in the arrays; rowids the arrays never saw are left out.

        After a rebuild (and appends) the rowids run without gaps, so a position is the rowid
        less the first: no binary search.
        """
        known_rowids = self.rowids
        if not len(known_rowids):
            return np.zeros(0, dtype=np.int64)
        first, count = int(known_rowids[0]), len(known_rowids)
        if int(known_rowids[-1]) - first + 1 == count:
            rows = rowids - first
            if not len(rows) or (rows.min() >= 0 and rows.max() < count):
                return rows
        rows = np.searchsorted(known_rowids, rowids).clip(0, count - 1)
        known = known_rowids[rows] == rowids
        return rows if known.all() else rows[known]

    def per_destination(self, conn: sqlite3.Connection, column: str | None) -> np.ndarray | None:
        """A landed-cost or direct-mail column, loaded on first use (None: not indexed)."""
        if column is None:
            return None
        with self._lock:
            if column in self.ints:
                return self.ints[column]
            loaded = self._aligned(conn, column, _MISSING)
            # kept only when read at this generation: `refresh` keeps it current from here on
            if conn.execute(GENERATION).fetchone()[0] == self.generation:
                self.ints[column], self.missing[column] = loaded, _MISSING
            return loaded

    def _aligned(self, conn: sqlite3.Connection, column: str, missing: int) -> np.ndarray:
        """A column read now, placed at the positions of the rowids loaded earlier.

        Deleted rows stay in the arrays (and rows may have come since), so the table's
        rows and the arrays' positions need not line up one to one.
        """
        rowids, values = integer_column(conn, "rowid"), integer_column(conn, column, missing)
        return self._place(rowids, values, missing)

    def _place(self, rowids: np.ndarray, values: np.ndarray, missing: int) -> np.ndarray:
        """`values` of `rowids` at the positions of the rowids loaded earlier."""
        positions = np.searchsorted(self.rowids, rowids).clip(0, max(len(self.rowids) - 1, 0))
        found = self.rowids[positions] == rowids if len(self.rowids) else positions < 0
        aligned = np.full(len(self.rowids), missing, dtype=np.int64)
        aligned[positions[found]] = values[found]
        return aligned

    def lengths(self, conn: sqlite3.Connection) -> np.ndarray:
        """Every row's length in tokens over all FTS columns, loaded on first use."""
        with self._lock:
            if LENGTH in self.ints:
                return self.ints[LENGTH]
            rowids, hexes = conn.execute(_LENGTHS).fetchone()
            lengths = row_lengths(hexes or "", len(FTS_COLUMNS))
            loaded = self._place(integers(rowids), lengths, 0)
            if conn.execute(GENERATION).fetchone()[0] == self.generation:
                self.ints[LENGTH], self.missing[LENGTH] = loaded, 0
            return loaded

    def label_rows(self, column: str, phrase: str) -> np.ndarray | None:
        """Whether each live row's label in `column` holds the FTS5 phrase; None for a
        column that is not a label."""
        if column not in self.labels:
            return None
        coded = self.coded[column]
        codes, values = coded.codes, coded.values
        matching = self.labels[column].matching(values, phrase)
        holds = np.zeros(len(values), dtype=bool)
        holds[matching[matching < len(values)]] = True
        count = min(len(codes), len(self.alive))
        return holds[codes[:count]] & self.alive[:count]

    def group_codes(self) -> tuple[np.ndarray, int]:
        """Each row's group as a number below the count of groups, and that count: distinct
        groups are then counted by marking, not by sorting the matches' group ids.

        Worked out on first use and again after a write changes a row's group or adds rows.
        """
        with self._lock:
            if self._groups is None:
                values, codes = np.unique(self.ints["group_id"], return_inverse=True)
                self._groups = codes.astype(np.int32), len(values)
            return self._groups

    def _distinct_groups(self, rows: np.ndarray) -> int:
        codes, count = self.group_codes()
        if len(rows) * 16 < count:
            return len(np.unique(codes[rows]))
        seen = np.zeros(count, dtype=bool)
        seen[codes[rows]] = True
        return int(np.count_nonzero(seen))

    # -- keeping up with writes

    def refresh(self, conn: sqlite3.Connection, generation: int) -> bool:
        """Apply the change log's rows since this generation; False: reload instead.

        A crawl update of a thousand offers reads a thousand rows here, not a million.
        Reloading is only needed when a new rowid lands among the known ones (SQLite reuses
        the highest rowid after deleting it), which would break the sorted order.
        """
        with self._lock:
            changes = conn.execute(self._changes_sql(), (self.generation,)).fetchall()
            if changes and not self._apply(changes):
                return False
            self.documents.forget([row[0] for row in changes], generation)
            self.generation = generation
            return True

    def _changes_sql(self) -> str:
        names = [name for name in self.ints if name != "rowid"]
        ints = [
            _LENGTH_OF_CHANGE if name == LENGTH else f"coalesce(d.{name}, {self.missing[name]})"
            for name in names
        ]
        return (
            f"SELECT c.rowid, d.rowid IS NOT NULL, {', '.join(ints)}, "
            f"{', '.join(f'd.{name}' for name in _CODED)}"
            " FROM search_changes AS c LEFT JOIN search_docs AS d ON d.rowid = c.rowid"
            " WHERE c.generation > ? ORDER BY c.rowid"
        )

    def _apply(self, changes: list[tuple]) -> bool:
        gone = np.array([row[0] for row in changes if not row[1]], dtype=np.int64)
        if len(gone) and len(self.rowids):
            at = np.searchsorted(self.rowids, gone).clip(0, len(self.rowids) - 1)
            self.alive[at[self.rowids[at] == gone]] = False
        live = [row for row in changes if row[1]]
        if not live:
            return True  # only deletions: FTS5 stops matching them, the arrays may keep them
        changed = np.array([row[0] for row in live], dtype=np.int64)
        positions = np.searchsorted(self.rowids, changed)
        known = positions < len(self.rowids)
        known[known] = self.rowids[positions[known]] == changed[known]
        added = changed[~known]
        if len(added) and len(self.rowids) and added[0] <= self.rowids[-1]:
            return False
        names = [name for name in self.ints if name != "rowid"]
        numbers = zip(*(row[2 : 2 + len(names)] for row in live), strict=True)
        values = dict(zip(names, numbers, strict=True))
        values["rowid"] = changed
        if LENGTH in values:
            empty = "00" * len(FTS_COLUMNS)
            hexes = "".join(sizes or empty for sizes in values[LENGTH])
            values[LENGTH] = row_lengths(hexes, len(FTS_COLUMNS))
        texts = zip(*(row[2 + len(names) :] for row in live), strict=True)
        for name, column in zip(_CODED, texts, strict=True):
            self.coded[name].update(positions, np.asarray(column, dtype=object), known)
        self.alive[positions[known]] = True
        if len(added):
            self.alive = np.concatenate((self.alive, np.ones(len(added), dtype=bool)))
        groups = np.asarray(values["group_id"], dtype=np.int64)
        if len(added) or (self.ints["group_id"][positions[known]] != groups[known]).any():
            self._groups = None
        for name, column in values.items():
            column = np.asarray(column, dtype=np.int64)
            self.ints[name][positions[known]] = column[known]
            if len(added):
                self.ints[name] = np.concatenate((self.ints[name], column[~known]))
        return True

    def search(
        self,
        conn: sqlite3.Connection,
        query: SearchQuery,
        rowids: np.ndarray,
        rank: Callable[[Columns, np.ndarray, np.ndarray], np.ndarray] | None = None,
    ) -> GroupPage:
        """Filter the matching rowids, group them, take the page, count the facets.

        With `rank` the groups go by relevance, higher first: it scores the rows that pass
        the filters (positions here), given their lengths in tokens (`ranking.scores`).
        """
        # (a reader's older snapshot may hold rows deleted before the load: left out)
        rows = self.positions(rowids)
        rows = rows[self._keep(conn, query, rows)]
        if rank is None:
            key, descending = self._sort_key(conn, query, rows)
        elif not len(rows):  # nothing to score: no need to ask FTS5 where the words are
            key, descending = np.zeros(0), True
        else:
            key, descending = rank(self, rows, self.lengths(conn)[rows]), True
        order = np.lexsort((self.rowids[rows], -key if descending else key))
        ranked, ranked_keys = rows[order], key[order]
        end = query.offset + max(query.size, 0)
        page = self._heads(ranked, ranked_keys, descending, end)[query.offset : end]
        keys = ranked_keys[page].tolist() if rank is not None else [None] * len(page)
        return GroupPage(
            hits=self._hits(ranked[page], keys, rows),
            total=self._distinct_groups(rows),
            total_offers=len(rows),
            facets=self._facets(conn, query, rows),
        )

    def _heads(
        self, ranked: np.ndarray, keys: np.ndarray, descending: bool, wanted: int
    ) -> np.ndarray:
        """Indexes into `ranked` of the first `wanted` groups' heads, in group order.

        A group's head is its first row in `ranked`; groups go in the order of their heads,
        except that on a tie descending the higher rowid goes first. Found among the first
        rows (then four times as many, …), not by grouping every match.
        """
        size = max(4 * wanted, 64)
        while True:
            end = min(size, len(ranked))
            if descending and end < len(ranked):  # every row tied with the last one too
                end = int(np.searchsorted(-keys, -keys[end - 1], side="right"))
            _, first = np.unique(self.ints["group_id"][ranked[:end]], return_index=True)
            first.sort()
            if descending:
                first = first[np.lexsort((-self.rowids[ranked[first]], -keys[first]))]
            if len(first) >= wanted or end == len(ranked):
                return first
            size *= 4

    # -- filters and sorting

    def _keep(self, conn: sqlite3.Connection, query: SearchQuery, rows: np.ndarray) -> np.ndarray:
        keep = np.ones(len(rows), dtype=bool)
        for column, wanted in zip(
            _CODED,
            (query.stores, query.brands, query.categories, query.store_countries),
            strict=True,
        ):
            if wanted:
                coded = self.coded[column]
                codes = [coded.index[value] for value in wanted if value in coded.index]
                keep &= np.isin(coded.codes[rows], codes)
        if query.in_stock:
            keep &= self.ints["available"][rows] == 1
        if query.has_rebate:
            keep &= self.ints[REBATE][rows] > 0
        if query.direct_only:
            direct = self.per_destination(conn, direct_column(query.destination))
            keep &= direct[rows] == 1 if direct is not None else False
        self._landed_range(conn, query, rows, keep)
        return keep

    def _landed_range(self, conn, query: SearchQuery, rows: np.ndarray, keep: np.ndarray) -> None:
        """The landed- and net-cost ranges (a missing cost never passes one)."""
        for column, bound, operator in cost_bounds(query):
            costs = self.per_destination(conn, column)
            if costs is None:
                keep[:] = False
                return
            values = costs[rows]
            keep &= values != _MISSING
            keep &= values >= micros(bound) if operator == ">=" else values <= micros(bound)

    def _sort_key(self, conn, query: SearchQuery, rows: np.ndarray) -> tuple[np.ndarray, bool]:
        column, descending = SORT_KEYS[query.sort]
        if column in ("landed", "net"):
            costs = self.per_destination(conn, cost_column(column, query.destination))
            key = costs[rows] if costs is not None else np.full(len(rows), _MISSING)
            return self._stale_last(key, rows, descending), descending
        if column == PRICE:
            return self._stale_last(self.ints[column][rows], rows, descending), descending
        if column == "drop":
            drop = drop_column(query.destination)
            values = self.ints[DROP] if drop == DROP else self.per_destination(conn, drop)
            return values[rows], descending
        return self.ints[column][rows], descending

    def _stale_last(self, key: np.ndarray, rows: np.ndarray, descending: bool) -> np.ndarray:
        """Cost sorts: stale offers after fresh ones (a missing cost stays last of all)."""
        shift = self.ints[STALE][rows] * (-STALE_OFFSET if descending else STALE_OFFSET)
        return np.where(key == _MISSING, key, key + shift)

    # -- the page and the counts

    def _hits(self, page: np.ndarray, keys: list, rows: np.ndarray) -> list[tuple]:
        """(key, rowid, offers, stores, min price) per group head; the key is its score.

        The page's groups are counted together (one sort of their members), not one by one.
        """
        groups = self.ints["group_id"]
        members = rows[np.isin(groups[rows], groups[page])]
        stores = self.coded["store_id"].codes[members].astype(np.int64)
        order = np.lexsort((stores, groups[members]))
        member_groups, stores = groups[members][order], stores[order]
        found, starts, offers = np.unique(member_groups, return_index=True, return_counts=True)
        cheapest = np.minimum.reduceat(self.ints[PRICE][members][order], starts)
        new_store = np.ones(len(order), dtype=bool)
        new_store[1:] = (member_groups[1:] != member_groups[:-1]) | (stores[1:] != stores[:-1])
        distinct = np.add.reduceat(new_store, starts)
        at = np.searchsorted(found, groups[page]).tolist()
        return [
            (key, rowid, int(offers[i]), int(distinct[i]), Decimal(int(cheapest[i])) / _MILLION)
            for key, rowid, i in zip(keys, self.rowids[page].tolist(), at, strict=True)
        ]

    def _facets(self, conn, query: SearchQuery, rows: np.ndarray) -> dict[str, list]:
        facets: dict[str, list] = {}
        for facet in query.facets:
            if facet in ("store_id", "brand", "category"):
                facets[facet] = self._value_counts(self.coded[facet], rows)
            elif facet == "direct":
                direct = self.per_destination(conn, direct_column(query.destination))
                yes = int((direct[rows] == 1).sum()) if direct is not None else 0
                pairs = [(v, n) for v, n in (("yes", yes), ("no", len(rows) - yes)) if n]
                facets[facet] = sorted(pairs, key=lambda vc: (-vc[1], vc[0]))
            elif facet == "price_band":
                facets[facet] = self._bands(query, rows)
        return facets

    @staticmethod
    def _value_counts(coded: Coded, rows: np.ndarray) -> list[tuple[str, int]]:
        counts = np.bincount(coded.codes[rows], minlength=len(coded.values))
        present = np.flatnonzero(counts)  # in Python only the values that occur
        values = coded.values
        pairs = [
            (values[code], count)
            for code, count in zip(present.tolist(), counts[present].tolist(), strict=True)
            if values[code] is not None
        ]
        return sorted(pairs, key=lambda vc: (-vc[1], vc[0]))[:FACET_LIMIT]

    def _bands(self, query: SearchQuery, rows: np.ndarray) -> list[tuple[str, int]]:
        bands = tuple(sorted(query.price_bands))
        edges = np.array([micros(b) for b in bands], dtype=np.int64)
        slots = np.searchsorted(edges, self.ints[PRICE][rows], side="right")
        counts = np.bincount(slots, minlength=len(bands) + 1).tolist()
        lows = (Decimal(0), *bands)
        return [(band_label(bands, low), n) for low, n in zip(lows, counts, strict=True) if n]
