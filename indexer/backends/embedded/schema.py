"""Tables of the embedded index and how documents become their rows.

Three tables share one rowid, all named `search_*` and created lazily, so they can live in the
catalog's own SQLite file beside the tables SQLAlchemy owns (never touched here):
- `search_docs`: filter and sort columns only, derived from `indexer.fields.FIELDS`: exact
  values as TEXT, money (always in the pivot currency) and shares as INTEGER millionths, times
  as INTEGER microseconds since the epoch, one column per destination for the landed costs and
  the direct-mail flags, the group key as a 63-bit hash. Narrow on purpose: every match is
  looked up here, and narrow rows stay in the page cache.
- `search_payloads`: the whole document as JSON bytes (`indexer.fields.dump`), read only for
  the page of hits.
- `search_fts`: a regular FTS5 table over the analysed text fields (title, brand, category,
  description) and the concept tags (one token each, `indexer.concepts.token`), which a
  query ORs with its words and bm25 weighs 0: a concept-only match ranks after every match of
  the words themselves. It keeps its own copy of the text, so updates and deletes go by
  rowid alone.
- `search_changes`: the change log, one row per rowid an upsert or delete touched since the
  last rebuild, stamped with the generation that touched it last. Readers holding in-memory
  columns apply just those rows (`columns.Columns.refresh`) instead of reloading a million.

Tokenizer `porter unicode61 remove_diacritics 2`: unicode61 folds diacritics ("creme" finds
"Crème"); CJK runs arrive as bigrams from `indexer.text.index_terms`; Porter because titles
are mostly English and shoppers type singulars and plurals interchangeably.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from hashlib import blake2b

from indexer import fields
from indexer.backends.embedded import terms
from indexer.concepts import token
from indexer.documents import DESTINATIONS, PIVOT, SearchDocument
from indexer.fields import FIELDS, Field, Index, Kind
from indexer.text import index_terms
from pricing.money import Money

# The shape of the tables and payloads (derived from the fields); another must be rebuilt.
FORMAT = fields.FORMAT
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ZERO = Decimal(0)
_ONE_US = timedelta(microseconds=1)


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


def pivot_micros(money: Money | None, name: str) -> int | None:
    """An indexed amount of money in millionths; only the pivot currency sorts and filters."""
    if money is None:
        return None
    if money.currency != PIVOT:
        raise ValueError(f"{name} is in {money.currency}, not the pivot currency {PIVOT}")
    return micros(money.amount)


# ---- columns derived from the fields ------------------------------------------------------

# A column: its name, SQL type, and the Python expression (over `doc`) that gives its value.
Column = tuple[str, str, str]


def _columns(field: Field) -> list[Column]:
    """The search_docs columns of one field (none for a field search does not filter on)."""
    name, index, kind = field.name, field.index, field.kind
    null = "" if field.optional else " NOT NULL"
    value = f"doc.{name}"
    if index == Index.ID:
        return [("doc_id", "TEXT NOT NULL", value)]
    if index == Index.GROUP:
        return [("group_id", "INTEGER NOT NULL", f"group_id({value})")]
    if kind == Kind.TAGS:  # matched through search_fts
        return []
    if index == Index.KEYWORD or field.keyword:
        return [(name, f"TEXT{null}", value)]
    if index == Index.BOOL:
        return [(name, "INTEGER NOT NULL", value)]  # SQLite stores a bool as 0/1
    if index == Index.TIME:
        return [(f"{name}_us", "INTEGER NOT NULL", f"epoch_micros({value})")]
    if index == Index.NUMBER and kind == Kind.MONEY:
        return [(f"{name}_micros", f"INTEGER{null}", f"pivot_micros({value}, {name!r})")]
    if index == Index.NUMBER:  # a share: none is 0 (no rebate sorts and filters as 0 %)
        return [(f"{name}_micros", "INTEGER NOT NULL", f"micros({value} or _ZERO)")]
    if index == Index.DESTINATIONS:
        return [_per_destination(field, dest) for dest in DESTINATIONS]
    return []


def _per_destination(field: Field, dest: str) -> Column:
    column = destination_column(field.name, dest)
    if field.kind == Kind.MONEY_MAP:  # none there: NULL, which sorts last and never matches
        return column, "INTEGER", f"pivot_micros(doc.{field.name}.get({dest!r}), {column!r})"
    if field.kind == Kind.RATIO_MAP:  # none there: 0, as a share sorts
        return column, "INTEGER NOT NULL", f"micros(doc.{field.name}.get({dest!r}) or _ZERO)"
    return column, "INTEGER", f"{dest!r} in doc.{field.name}"


def destination_column(name: str, destination: str) -> str:
    return f"{name}_{destination.lower()}"


# doc_id first (the statements below put it there), then the others in field order
_ALL_COLUMNS = sorted(
    (column for field in FIELDS for column in _columns(field)), key=lambda c: c[0] != "doc_id"
)
# search_docs column of each indexed field (per-destination fields: see `landed_column`)
COLUMN = {field.name: cols[0][0] for field in FIELDS if len(cols := _columns(field)) == 1}
# The columns after doc_id, in the order `encode` gives their values.
COLUMNS = tuple(name for name, _, _ in _ALL_COLUMNS[1:])


def landed_column(destination: str) -> str | None:
    """The landed-cost column of a destination, or None for one the index does not carry."""
    return destination_column("landed", destination) if destination in DESTINATIONS else None


def net_column(destination: str) -> str | None:
    """The net-cost column (landed less cashback) of a destination; None as `landed_column`."""
    return destination_column("net", destination) if destination in DESTINATIONS else None


def cost_column(cost: str, destination: str) -> str | None:
    """The column of a per-destination cost, "landed" or "net"."""
    return net_column(destination) if cost == "net" else landed_column(destination)


def drop_column(destination: str) -> str:
    """What the biggest-drop sort orders by: the destination's delivered-cost drop, or the
    store price's drop for a destination the index does not carry."""
    if destination in DESTINATIONS:
        return destination_column("landed_drop", destination)
    return COLUMN["price_drop"]


def direct_column(destination: str) -> str | None:
    return destination_column("direct_to", destination) if destination in DESTINATIONS else None


TOKENIZER = "porter unicode61 remove_diacritics 2"  # search_fts's (see the module's doc)
_DOCS_COLUMNS = ", ".join(f"{name} {sql_type}" for name, sql_type, _ in _ALL_COLUMNS)
TAG_FIELDS = tuple(field.name for field in FIELDS if field.kind == Kind.TAGS)
FTS_COLUMNS = (*fields.TEXT_FIELDS, *TAG_FIELDS)
TABLES = (
    f"CREATE TABLE IF NOT EXISTS search_docs (rowid INTEGER PRIMARY KEY, {_DOCS_COLUMNS})",
    """CREATE TABLE IF NOT EXISTS search_payloads (
        rowid INTEGER PRIMARY KEY, document TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)""",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        {", ".join(FTS_COLUMNS)}, tokenize = '{TOKENIZER}')""",
    """CREATE TABLE IF NOT EXISTS search_changes (
        rowid INTEGER PRIMARY KEY, generation INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS search_changes_generation ON search_changes (generation)",
    *terms.TABLES,
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
    *("search_changes", "search_changes_generation"),
    *(f"search_docs_{column}" for column in _INDEXED),
    *terms.NAMES,
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
# Every write moves the generation on (first thing in its transaction, so the change log can
# stamp rows with it), and readers know their in-memory columns are stale.
BUMP_GENERATION = """INSERT INTO search_meta (key, value) VALUES ('generation', 1)
ON CONFLICT (key) DO UPDATE SET value = value + 1"""
# A rowid the write in progress added, replaced or deleted.
LOG_CHANGE = """INSERT OR REPLACE INTO search_changes (rowid, generation)
VALUES (?, (SELECT value FROM search_meta WHERE key = 'generation'))"""
# A rebuild starts a new base: rowids mean other documents, in-memory columns reload whole.
STAMP_BASE = """INSERT INTO search_meta (key, value)
SELECT 'base', value FROM search_meta WHERE key = 'generation'
ON CONFLICT (key) DO UPDATE SET value = excluded.value"""
# (generation, base) a reader's snapshot sees
VERSION = """SELECT coalesce((SELECT value FROM search_meta WHERE key = 'generation'), 0),
coalesce((SELECT value FROM search_meta WHERE key = 'base'), 0)"""
STAMP_REBUILD = """INSERT INTO search_meta (key, value) VALUES ('rebuilt_at_us', ?)
ON CONFLICT (key) DO UPDATE SET value = excluded.value"""
META = "SELECT key, value FROM search_meta"
GENERATION = "SELECT coalesce((SELECT value FROM search_meta WHERE key = 'generation'), 0)"
WRITE_PAYLOAD = "INSERT OR REPLACE INTO search_payloads (rowid, document) VALUES (?, ?)"
WRITE_FTS = (
    f"INSERT OR REPLACE INTO search_fts (rowid, {', '.join(FTS_COLUMNS)})"
    f" VALUES (?{', ?' * len(FTS_COLUMNS)})"
)
STAMP_FORMAT = f"""INSERT INTO search_meta (key, value) VALUES ('format', {FORMAT})
ON CONFLICT (key) DO UPDATE SET value = excluded.value"""
FORMAT_OF = "SELECT value FROM search_meta WHERE key = 'format'"


def _fts_value(field: Field) -> str:
    """How a text field reaches the FTS tokenizer: CJK runs as bigrams (`index_terms`), tags
    as one token each."""
    if field.kind == Kind.TAGS:
        return f"tag_tokens(doc.{field.name})"
    # Brands and categories are few, repeated across thousands of documents: cached.
    analyse = "_label_terms" if field.keyword else "index_terms"
    value = f"doc.{field.name} or ''" if field.optional else f"doc.{field.name}"
    return f"{analyse}({value})"


_label_terms = lru_cache(maxsize=8192)(index_terms)


def tag_tokens(tags: tuple[str, ...]) -> str:
    return " ".join(map(token, tags))


# A document ready to store: its search_docs row (without rowid), payload and FTS texts.
Encoded = tuple[tuple[object, ...], bytes, tuple[str, ...]]


def _compile_encoder() -> Callable[[SearchDocument], Encoded]:
    """`encode`, written out from the field list as one expression and compiled once.

    Indexing calls it for every document, so it reads each value straight into its place:
    a loop over the columns with a converter each costs a call and a temporary per column
    (measured against this: a tenth to a third more CPU per document).
    """
    row = ", ".join(expression for _, _, expression in _ALL_COLUMNS)
    texts = ", ".join(_fts_value(fields.BY_NAME[name]) for name in FTS_COLUMNS)
    source = f"lambda doc: (({row},), dump(doc), ({texts},))"
    namespace = {
        **{f.__name__: f for f in (group_id, epoch_micros, micros, pivot_micros)},
        "_ZERO": _ZERO,
        "dump": fields.dump,
        "index_terms": index_terms,
        "_label_terms": _label_terms,
        "tag_tokens": tag_tokens,
    }
    return eval(compile(source, f"<{__name__} encode>", "eval"), namespace)


encode = _compile_encoder()
encode.__doc__ = "A document's search_docs row (without rowid), JSON payload and FTS texts."
