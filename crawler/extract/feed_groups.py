"""Feed rows → products: rows sharing a group id (`item_group_id`) are one product's variants,
wherever they stand in the feed, so every row is read before the first product comes out.

Rows wait in memory while the feed is small. Past `SPILL_ROWS` rows they all go to a
temporary SQLite file and come back ordered by group: a feed of any size is grouped in
bounded memory (the products then come out in group-id order, not feed order).
"""

from __future__ import annotations

import marshal
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from sys import intern
from typing import Any, get_args

from core.stores import FeedField
from crawler.items import ProductItem

# Field → text; "shipping" → a list of raw rates (sub-field mappings or flat text).
Row = dict[str, Any]
MakeProduct = Callable[[str, list[Row]], ProductItem]
SPILL_ROWS = 50_000
_PRODUCT_FIELDS = frozenset({"title", "url", "brand", "category", "description", "image_url"})
# A waiting row is a tuple (a third of a dict's room), its few-valued fields sharing one
# string each (grouping a 100k-row feed in memory: 102 → 52 MB).
_ROW_FIELDS: tuple[str, ...] = get_args(FeedField)
_FEW_VALUES = ("brand", "category", "availability", "currency", "weight")
_BATCH = 5_000


def group_rows(
    rows: Iterable[Row], make_product: MakeProduct, spill_rows: int = SPILL_ROWS
) -> Iterator[ProductItem]:
    """One product per group (or per row without one), its offers in feed order."""
    groups: dict[str, list[tuple]] = {}
    rows = iter(rows)
    for count, row in enumerate(rows, start=1):
        group = groups.setdefault(group_id(row), [])
        if group:  # the product's fields come from its first row: keep the rest small
            row = {field: value for field, value in row.items() if field not in _PRODUCT_FIELDS}
        group.append(_packed(row))
        if count >= spill_rows:
            yield from _spilled(groups, rows, make_product)
            return
    while groups:
        key = next(iter(groups))
        yield make_product(key, [_unpacked(values) for values in groups.pop(key)])


def group_id(row: Row) -> str:
    return row.get("group_id") or row.get("id", "")


def _spilled(
    groups: dict[str, list[tuple]], rest: Iterator[Row], make_product: MakeProduct
) -> Iterator[ProductItem]:
    """The rows so far and the rest of the feed through a temporary SQLite file."""
    with tempfile.TemporaryDirectory(prefix="haitao-feed-rows-") as folder:
        db = sqlite3.connect(Path(folder) / "rows.sqlite", isolation_level=None)
        try:
            _store(db, groups, rest)
            yield from _read_back(db, make_product)
        finally:
            db.close()


def _store(db: sqlite3.Connection, groups: dict[str, list[tuple]], rest: Iterator[Row]) -> None:
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("CREATE TABLE rows (grp TEXT NOT NULL, data BLOB NOT NULL)")
    db.execute("BEGIN")
    waiting = ((key, marshal.dumps(packed)) for key, group in groups.items() for packed in group)
    db.executemany("INSERT INTO rows VALUES (?, ?)", waiting)
    groups.clear()
    while batch := list(islice(rest, _BATCH)):
        packed = [(group_id(row), marshal.dumps(_packed(row))) for row in batch]
        db.executemany("INSERT INTO rows VALUES (?, ?)", packed)
    db.execute("COMMIT")
    db.execute("CREATE INDEX rows_by_group ON rows (grp)")  # rowid follows: feed order


def _read_back(db: sqlite3.Connection, make_product: MakeProduct) -> Iterator[ProductItem]:
    current = ""
    rows: list[Row] = []
    for key, data in db.execute("SELECT grp, data FROM rows ORDER BY grp, rowid"):
        if key != current and rows:
            yield make_product(current, rows)
            rows = []
        current = key
        rows.append(_unpacked(marshal.loads(data)))
    if rows:
        yield make_product(current, rows)


def _packed(row: Row) -> tuple:
    for field in _FEW_VALUES:
        if isinstance(value := row.get(field), str):
            row[field] = intern(value)
    return tuple(map(row.get, _ROW_FIELDS))


def _unpacked(values: tuple) -> Row:
    pairs = zip(_ROW_FIELDS, values, strict=True)
    return {field: value for field, value in pairs if value is not None}
