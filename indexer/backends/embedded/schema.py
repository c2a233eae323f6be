"""Tables of the embedded index and how documents become their rows.

Three tables share one rowid, all named `search_*` and created lazily, so they can live in the
catalog's own SQLite file beside the tables SQLAlchemy owns (never touched here):
- `search_docs`: filter and sort columns only, money as INTEGER millionths of the pivot
  currency, one landed-cost and one direct-mail column per destination. Narrow on purpose:
  every match is looked up here, and narrow rows stay in the page cache.
- `search_payloads`: the whole document as JSON bytes (Decimals as exact strings), read only for
  the page of hits.
- `search_fts`: a regular FTS5 table over the analysed title, brand, category and description.
  It keeps its own copy of the text, so updates and deletes go by rowid alone.

Tokenizer `porter unicode61 remove_diacritics 2`: unicode61 folds diacritics ("creme" finds
"Crème"); CJK runs arrive as bigrams from `indexer.text.index_terms`; Porter because titles
are mostly English and shoppers type singulars and plurals interchangeably.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from hashlib import blake2b
from operator import attrgetter
from typing import Any

import orjson

from indexer.documents import DESTINATIONS, SearchDocument
from indexer.text import index_terms

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ZERO = Decimal(0)
_ONE_US = timedelta(microseconds=1)
_FIELDS = tuple(f.name for f in fields(SearchDocument))
_ALL_FIELDS = attrgetter(*_FIELDS)
_DECIMAL_INDEXES = tuple(
    _FIELDS.index(name)
    for name in ("price", "was_price", "price_pivot", "rebate_rate", "price_drop")
)
_LANDED, _DIRECT, _UPDATED = (_FIELDS.index(n) for n in ("landed", "direct_to", "updated_at"))


def landed_column(destination: str) -> str | None:
    """The landed-cost column of a destination, or None for one the index does not carry."""
    return f"landed_{destination.lower()}" if destination in DESTINATIONS else None


def direct_column(destination: str) -> str | None:
    return f"direct_{destination.lower()}" if destination in DESTINATIONS else None


PER_DESTINATION = tuple(
    column for dest in DESTINATIONS for column in (landed_column(dest), direct_column(dest))
)
# The columns after doc_id, in the order of `doc_row`.
COLUMNS = (
    *("group_id", "store_id", "brand", "category", "store_country", "available"),
    *("price_micros", "rebate_micros", "drop_micros", "updated_at_us"),
    *PER_DESTINATION,
)
TABLES = (
    f"""CREATE TABLE IF NOT EXISTS search_docs (
        rowid INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, group_id INTEGER NOT NULL,
        store_id TEXT NOT NULL, brand TEXT, category TEXT, store_country TEXT NOT NULL,
        available INTEGER NOT NULL, price_micros INTEGER NOT NULL,
        rebate_micros INTEGER NOT NULL, drop_micros INTEGER NOT NULL,
        updated_at_us INTEGER NOT NULL, {", ".join(f"{c} INTEGER" for c in PER_DESTINATION)})""",
    """CREATE TABLE IF NOT EXISTS search_payloads (
        rowid INTEGER PRIMARY KEY, document TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title, brand, category, description,
        tokenize = 'porter unicode61 remove_diacritics 2')""",
)
# Only what a query plan uses: filters without text. (Text searches start from FTS5; grouping
# and sorting work on the materialised matches, or on the in-memory columns.) A rebuild keeps
# these few-valued ones up to date as rows arrive (appends near a handful of keys, done while
# the writer would otherwise wait for the next batch) and builds the unique doc_id index once
# after the rows: sorting a million ids once beats a million random B-tree inserts.
_INDEXED = ("store_id", "brand", "category")
FILTER_INDEXES = tuple(
    f"CREATE INDEX IF NOT EXISTS search_docs_{column} ON search_docs ({column})"
    for column in _INDEXED
)
UNIQUE_DOC_ID = "CREATE UNIQUE INDEX IF NOT EXISTS search_docs_doc_id ON search_docs (doc_id)"
INDEXES = (UNIQUE_DOC_ID, *FILTER_INDEXES)
SCHEMA_NAMES = (
    *("search_docs", "search_payloads", "search_meta", "search_fts", "search_docs_doc_id"),
    *(f"search_docs_{column}" for column in _INDEXED),
)
# A rebuild appends without the unique index; if ids repeated, the last of each wins.
REPEATED_IDS = """DELETE FROM search_docs WHERE rowid NOT IN
    (SELECT max(rowid) FROM search_docs GROUP BY doc_id) RETURNING rowid"""
INSERT_DOC = (
    f"INSERT INTO search_docs (rowid, doc_id, {', '.join(COLUMNS)})"
    f" VALUES (?, ?{', ?' * len(COLUMNS)})"
)
UPSERT_DOC = (
    f"INSERT INTO search_docs (doc_id, {', '.join(COLUMNS)}) VALUES (?{', ?' * len(COLUMNS)})"
    f" ON CONFLICT (doc_id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in COLUMNS)}"
    " RETURNING rowid"
)
# Every write moves the generation on, so readers know their in-memory columns are stale.
BUMP_GENERATION = """INSERT INTO search_meta (key, value) VALUES ('generation', 1)
ON CONFLICT (key) DO UPDATE SET value = value + 1"""
STAMP_REBUILD = """INSERT INTO search_meta (key, value) VALUES ('rebuilt_at_us', ?)
ON CONFLICT (key) DO UPDATE SET value = excluded.value"""
META = "SELECT key, value FROM search_meta"
GENERATION = "SELECT coalesce((SELECT value FROM search_meta WHERE key = 'generation'), 0)"
WRITE_PAYLOAD = "INSERT OR REPLACE INTO search_payloads (rowid, document) VALUES (?, ?)"
WRITE_FTS = """INSERT OR REPLACE INTO search_fts (rowid, title, brand, category, description)
VALUES (?, ?, ?, ?, ?)"""


def micros(amount: Decimal) -> int:
    """A Decimal as an integer count of millionths, for exact sorting and ranges."""
    return int(amount.scaleb(6).to_integral_value(ROUND_HALF_UP))


def epoch_micros(moment: datetime) -> int:
    """Microseconds since the epoch; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // _ONE_US


def group_id(group_key: str) -> int:
    """A stable 63-bit number for a group key: grouping integers is ~3x faster than text.

    Collisions need ~3 billion groups to become likely (birthday bound of 2**63).
    """
    digest = blake2b(group_key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def doc_row(doc: SearchDocument) -> tuple[object, ...]:
    landed, direct = doc.landed, doc.direct_to
    per_destination = []
    for dest in DESTINATIONS:
        amount = landed.get(dest)
        per_destination.append(None if amount is None else micros(amount))
        per_destination.append(dest in direct)  # SQLite stores a bool as 0/1
    return (
        *(doc.id, group_id(doc.group_key), doc.store_id, doc.brand, doc.category),
        *(doc.store_country, doc.available, micros(doc.price_pivot)),
        *(micros(doc.rebate_rate or _ZERO), micros(doc.price_drop), epoch_micros(doc.updated_at)),
        *per_destination,
    )


def fts_texts(doc: SearchDocument) -> tuple[str, str, str, str]:
    """Title, brand, category and description as the FTS tokenizer should see them."""
    brand, category = _label_terms(doc.brand or ""), _label_terms(doc.category or "")
    return index_terms(doc.title), brand, category, index_terms(doc.description or "")


# A catalog has few brands and categories, repeated across thousands of documents.
_label_terms = lru_cache(maxsize=8192)(index_terms)


# A document ready to store: its search_docs row (without rowid), payload and FTS texts.
Encoded = tuple[tuple[object, ...], bytes, tuple[str, str, str, str]]


def encode(doc: SearchDocument) -> Encoded:
    return doc_row(doc), encode_document(doc), fts_texts(doc)


def encode_document(doc: SearchDocument) -> bytes:
    """The document as a JSON list in field order (Decimals as exact strings).

    A list, not an object: the keys would be written for every document. orjson, because
    this is the largest single cost of encoding a document (6 against 11 us with `json`).
    """
    return orjson.dumps(_ALL_FIELDS(doc), default=_exact_decimal)


def _exact_decimal(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} in a search document")


def decode_document(stored: bytes | str) -> SearchDocument:
    values: list[Any] = orjson.loads(stored)
    for index in _DECIMAL_INDEXES:
        if values[index] is not None:
            values[index] = Decimal(values[index])
    values[_LANDED] = {dest: Decimal(amount) for dest, amount in values[_LANDED].items()}
    values[_DIRECT] = tuple(values[_DIRECT])
    values[_UPDATED] = datetime.fromisoformat(values[_UPDATED])
    return SearchDocument(*values)
