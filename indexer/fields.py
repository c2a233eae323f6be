"""The search document's fields, declared once: what each holds and how search uses it.

Both backends derive everything from `FIELDS`: the embedded backend its filter and sort
columns and its payload, the Elasticsearch backend its mapping and its sources. A new field
is one line here (and one in `SearchDocument`); each backend then stores it as its kinds say.

Every document is also stored whole, as JSON (`dump`/`load`: a list in field order;
`to_json`/`from_json`: an object by field name), so a hit comes back exactly as it was
indexed: Decimals as exact strings (money never passes through a float), `Money` as
`[amount, currency]`, dates and times in ISO 8601.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from operator import attrgetter
from typing import Any

import orjson

from core.errors import HaitaoError
from indexer.documents import SearchDocument
from pricing.money import Money

# The documents' shape, stamped on every index both backends build: change it with FIELDS (or
# with how a backend stores them), and indexes of the old shape ask to be rebuilt.
FORMAT = 5  # 4: net, landed_route, concepts; 5: landed_drop, landed_low_90d


class Kind(Enum):
    """What a field's value is."""

    STRING = "string"  # str (or None when optional)
    BOOL = "bool"
    MONEY = "money"  # Money
    MONEY_MAP = "money map"  # destination → Money
    RATIO_MAP = "ratio map"  # destination → Decimal share (none there: 0)
    RATIO = "ratio"  # Decimal share: 0.05 is 5 %
    DATETIME = "datetime"
    DATE = "date"
    CODES = "codes"  # tuple of destination codes
    TAGS = "tags"  # tuple of strings: a multi-valued keyword
    STRING_MAP = "string map"  # destination → str


class Index(Enum):
    """How search uses a field; `NONE`: only shown, kept in the stored document."""

    NONE = "none"
    ID = "id"  # the document's unique key
    TEXT = "text"  # full text, stemmed (titles, categories, descriptions)
    NAME = "name"  # full text, not stemmed (brands)
    KEYWORD = "keyword"  # exact value: filters, facets, collapse
    GROUP = "group"  # the product group: collapse and per-group stats
    BOOL = "bool"
    NUMBER = "number"  # ranges and sorts; money here is always in the pivot currency
    TIME = "time"  # sorts by time
    DESTINATIONS = "destinations"  # per destination: a number (money map) or yes/no (codes)


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    index: Index = Index.NONE
    # also an exact value (the text fields' filters and facets)
    keyword: bool = False
    optional: bool = False


FIELDS: tuple[Field, ...] = (
    Field("id", Kind.STRING, Index.ID),
    Field("store_id", Kind.STRING, Index.KEYWORD),
    Field("store_name", Kind.STRING),
    Field("store_country", Kind.STRING, Index.KEYWORD),
    Field("title", Kind.STRING, Index.TEXT),
    Field("brand", Kind.STRING, Index.NAME, keyword=True, optional=True),
    Field("category", Kind.STRING, Index.TEXT, keyword=True, optional=True),
    Field("description", Kind.STRING, Index.TEXT),
    Field("gtin", Kind.STRING, optional=True),
    Field("group_key", Kind.STRING, Index.GROUP),
    Field("price", Kind.MONEY),
    Field("was_price", Kind.MONEY, optional=True),
    Field("price_pivot", Kind.MONEY, Index.NUMBER),
    Field("available", Kind.BOOL, Index.BOOL),
    Field("url", Kind.STRING),
    Field("image_url", Kind.STRING, optional=True),
    Field("language", Kind.STRING),
    Field("checked_at", Kind.DATETIME, Index.TIME),
    Field("fx_as_of", Kind.DATE),
    Field("fx_source", Kind.STRING),
    Field("concepts", Kind.TAGS, Index.KEYWORD),
    Field("landed", Kind.MONEY_MAP, Index.DESTINATIONS),
    Field("direct_to", Kind.CODES, Index.DESTINATIONS),
    Field("rebate_rate", Kind.RATIO, Index.NUMBER, optional=True),
    Field("price_drop", Kind.RATIO, Index.NUMBER),
    Field("stale", Kind.BOOL, Index.BOOL),
    Field("lowest_90d", Kind.BOOL),
    Field("net", Kind.MONEY_MAP, Index.DESTINATIONS),
    Field("landed_route", Kind.STRING_MAP),
    # issue 13: drops and lows of the delivered cost, per destination
    Field("landed_drop", Kind.RATIO_MAP, Index.DESTINATIONS),
    Field("landed_low_90d", Kind.CODES),
)
NAMES = tuple(f.name for f in FIELDS)
BY_NAME: Mapping[str, Field] = {f.name: f for f in FIELDS}
TEXT_FIELDS = tuple(f.name for f in FIELDS if f.index in (Index.TEXT, Index.NAME))

if tuple(f.name for f in fields(SearchDocument)) != NAMES:  # pragma: no cover
    raise ImportError("indexer.fields.FIELDS must list SearchDocument's fields in order")


class StaleIndex(HaitaoError):
    """An index of another shape than this code's: built by another version of Haitao."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(
            f"the search index was built for another document format ({detail}): "
            "rebuild it with `haitao reindex`"
        )

    def __reduce__(self) -> tuple[type[StaleIndex], tuple[str]]:
        return type(self), (self.detail,)  # pickled as it was made (the writer process)


# ---- values → JSON ------------------------------------------------------------------------


def _json_default(value: object) -> object:
    """What orjson cannot write itself: Money as [amount, currency], Decimals as strings."""
    if type(value) is Money:
        return [str(value.amount), value.currency]
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} in a search document")


_ALL_VALUES = attrgetter(*NAMES)  # the tuple of every field's value, taken in C


def dump(doc: SearchDocument) -> bytes:
    """The document as a JSON list in field order: no keys repeated per document.

    orjson walks the values in C and calls back only for Money and Decimals; Money must not
    go out as a dataclass (an object with its keys), hence the passthrough.
    """
    return orjson.dumps(
        _ALL_VALUES(doc), default=_json_default, option=orjson.OPT_PASSTHROUGH_DATACLASS
    )


def to_json(doc: SearchDocument) -> dict[str, Any]:
    """The document as a JSON object by field name, valued exactly as `dump` writes them."""
    return dict(zip(NAMES, orjson.loads(dump(doc)), strict=True))


# ---- JSON → values ------------------------------------------------------------------------


def money_from_json(value: list[str]) -> Money:
    """Money as `dump` writes it: [amount, currency].

    Not validated again: it was a valid Money when the indexer wrote it, and every search
    decodes its page of hits (a dozen amounts each), where validating would double the cost.
    The amount still has to be a decimal, or the index is not one this code wrote.
    """
    amount, currency = value
    money = _new(Money)
    _set_amount(money, Decimal(amount))
    _set_currency(money, currency)
    return money


_new = object.__new__
# Money is a frozen dataclass with slots: its slots' own setters, as its __init__ uses them
_set_amount = Money.__dict__["amount"].__set__
_set_currency = Money.__dict__["currency"].__set__


def _money_map(value: Mapping[str, list[str]]) -> dict[str, Money]:
    """A map of Money as `dump` writes it; `money_from_json` inlined (a dozen per document)."""
    decoded = {}
    for key, (amount, currency) in value.items():
        decoded[key] = money = _new(Money)
        _set_amount(money, Decimal(amount))
        _set_currency(money, currency)
    return decoded


def _ratio_map(value: Mapping[str, str]) -> dict[str, Decimal]:
    return {key: Decimal(share) for key, share in value.items()}


_DECODE: Mapping[Kind, Callable[[Any], Any]] = {
    Kind.MONEY: money_from_json,
    Kind.MONEY_MAP: _money_map,
    Kind.RATIO_MAP: _ratio_map,
    Kind.RATIO: Decimal,
    Kind.DATETIME: datetime.fromisoformat,
    Kind.DATE: date.fromisoformat,
    Kind.CODES: tuple,
    Kind.TAGS: tuple,
}
# (position, decoder) of every field whose JSON value is not already its value
_DECODERS = tuple(
    (i, f.optional, _DECODE[f.kind]) for i, f in enumerate(FIELDS) if f.kind in _DECODE
)


def load(stored: bytes | str) -> SearchDocument:
    """The document `dump` wrote, exactly."""
    return _from_values(orjson.loads(stored))


def from_json(values: Mapping[str, Any]) -> SearchDocument:
    """The document `to_json` wrote, exactly."""
    try:
        listed = [values[name] for name in NAMES]
    except KeyError as missing:
        raise StaleIndex(f"no field {missing}") from None
    if len(values) != len(NAMES):
        raise StaleIndex(f"fields {sorted(set(values) - set(NAMES))} unknown")
    return _from_values(listed)


def _from_values(values: list[Any]) -> SearchDocument:
    if len(values) != len(NAMES):
        raise StaleIndex(f"{len(values)} fields, not {len(NAMES)}")
    try:
        for index, optional, decode in _DECODERS:
            value = values[index]
            if value is not None or not optional:
                values[index] = decode(value)
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise StaleIndex(f"{NAMES[index]}: {exc}") from exc
    return SearchDocument(*values)
