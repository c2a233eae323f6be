"""The Elasticsearch index: analysis, field mappings, and documents ↔ index sources.

Titles mix languages (English, German, French, Japanese, Korean, Chinese, often in one
title), so every text field has one analyzer that suits them all: the standard tokenizer,
full-width/half-width folding, lower case, diacritics folded ("creme" finds "Crème"), CJK
text as overlapping bigrams (耳机 finds 无线耳机, 분유 finds 유아분유) and English stemming
(shoppers type singulars and plurals interchangeably), like the embedded backend's index.
Brands are names, not prose: they get the same analysis without stemming. Categories are
stemmed like titles, so "vitamin" finds the products of the category "Vitamins" even when
their titles never say it (as in the embedded backend).
Titles also have a `words` sub-field of unstemmed words: the term suggester corrects typos
against it (`indexer.spelling`). Each text field also has a `cjk` sub-field holding only the
bigrams of its CJK runs (the other characters are blanked first, so it stays small): the
query sends CJK runs there too,
because some servers (osmem-server) keep a Hangul word whole in the main field instead of
bigramming it (분유 would not find 유아분유).

The fields and how each is indexed come from `indexer.fields.FIELDS`. Indexed money (always
in the pivot currency) is `scaled_float` in ten-thousandths, finer than cents because landed
costs are computed (pivot × 1.25 has four decimals) and must filter and sort exactly. Those
numbers serve ranges, sorts and aggregations only: the whole document is also kept, as
`indexer.fields.to_json` writes it (money as exact strings with its currency), in `doc`
(stored, not indexed), and hits are rebuilt from it, so a document comes back exactly as it
was indexed and money never passes through a float.
"""

from __future__ import annotations

from typing import Any

from indexer.documents import DESTINATIONS, PIVOT, SearchDocument
from indexer.fields import FIELDS, FORMAT, Field, Index, Kind, to_json
from indexer.text import CJK_CHARS

TEXT_ANALYZER = "haitao_text"
NAME_ANALYZER = "haitao_name"
CJK_ANALYZER = "haitao_cjk"
MONEY_SCALE = 10_000
# CJK_CHARS as a regex class body both Java (Elasticsearch) and Go (osmem) read: \x{…}.
_CJK_CLASS = "".join(c if c == "-" else f"\\x{{{ord(c):x}}}" for c in CJK_CHARS)
ANALYSIS = {
    "char_filter": {
        "haitao_only_cjk": {
            "type": "pattern_replace",
            "pattern": f"[^{_CJK_CLASS}]+",
            "replacement": " ",
        }
    },
    "filter": {"haitao_bigrams": {"type": "ngram", "min_gram": 2, "max_gram": 2}},
    "analyzer": {
        TEXT_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["cjk_width", "lowercase", "asciifolding", "cjk_bigram", "porter_stem"],
        },
        NAME_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["cjk_width", "lowercase", "asciifolding", "cjk_bigram"],
        },
        CJK_ANALYZER: {
            "type": "custom",
            "char_filter": ["haitao_only_cjk"],
            "tokenizer": "standard",
            "filter": ["cjk_width", "lowercase", "cjk_bigram", "haitao_bigrams"],
        },
    },
}
_MONEY = {"type": "scaled_float", "scaling_factor": MONEY_SCALE}
_KEYWORD = {"type": "keyword"}
_CJK = {"type": "text", "analyzer": CJK_ANALYZER}
_TEXT = {"type": "text", "analyzer": TEXT_ANALYZER, "fields": {"cjk": _CJK}}
# Titles also keep their words unstemmed, for the term suggester that corrects typos.
_TITLE = {**_TEXT, "fields": {"cjk": _CJK, "words": {"type": "text", "analyzer": NAME_ANALYZER}}}
_KEYWORD_TOO = {"cjk": _CJK, "keyword": {"type": "keyword", "ignore_above": 256}}
_TEXT_AND_KEYWORD = {**_TEXT, "fields": _KEYWORD_TOO}
_NAME = {"type": "text", "analyzer": NAME_ANALYZER, "fields": _KEYWORD_TOO}


def _property(field: Field) -> dict[str, Any]:
    """The mapping of one indexed field."""
    if field.index in (Index.ID, Index.KEYWORD, Index.GROUP, Index.BOOL, Index.TIME):
        return {"type": _SCALAR_TYPES[field.index]}
    if field.name == "title":
        return _TITLE
    if field.index == Index.TEXT:
        return _TEXT_AND_KEYWORD if field.keyword else _TEXT
    if field.index == Index.NAME:
        return _NAME
    if field.index == Index.NUMBER:
        return _MONEY
    if field.kind in (Kind.MONEY_MAP, Kind.RATIO_MAP):  # others stay in `doc` only
        properties = {destination: _MONEY for destination in DESTINATIONS}
        return {"type": "object", "dynamic": False, "properties": properties}
    return _KEYWORD  # Kind.CODES: the destination codes, as a keyword array


_SCALAR_TYPES = {
    Index.ID: "keyword",
    Index.KEYWORD: "keyword",
    Index.GROUP: "keyword",
    Index.BOOL: "boolean",
    Index.TIME: "date",
}
INDEXED = tuple(field for field in FIELDS if field.index != Index.NONE)
MAPPINGS: dict[str, Any] = {
    "_meta": {"haitao_format": FORMAT},
    "dynamic": "strict",
    "properties": {
        **{field.name: _property(field) for field in INDEXED},
        "doc": {"type": "object", "enabled": False},
    },
}


def index_settings(*, loading: bool, replicas: int) -> dict[str, Any]:
    """Settings of a new index; while `loading`, no refreshes and no replicas (faster bulk)."""
    if loading:
        return {"analysis": ANALYSIS, "refresh_interval": "-1", "number_of_replicas": 0}
    return {"analysis": ANALYSIS, "number_of_replicas": replicas}


def live_settings(replicas: int) -> dict[str, Any]:
    """What a loaded index goes back to: the default refresh interval (null resets it), its
    replicas."""
    return {"refresh_interval": None, "number_of_replicas": replicas}


# ---- documents → sources -------------------------------------------------------------------


def to_source(doc: SearchDocument) -> dict[str, Any]:
    """The indexed fields (numbers as exact decimal strings, which ES parses) plus `doc`.

    Indexed values are taken from the JSON form of the document, so both say the same.
    """
    values = to_json(doc)
    source = {field.name: _indexed(field, values[field.name]) for field in INDEXED}
    source["doc"] = values
    return source


def _indexed(field: Field, value: Any) -> Any:
    """A field's JSON value (see `indexer.fields`) as its mapping indexes it."""
    if field.kind == Kind.MONEY:
        return _pivot_amount(value, field.name)
    if field.kind == Kind.MONEY_MAP:
        return {dest: _pivot_amount(money, f"{field.name}.{dest}") for dest, money in value.items()}
    if field.kind == Kind.RATIO_MAP:  # every destination, none there as 0 (as shares sort)
        return {dest: value.get(dest, "0") for dest in DESTINATIONS}
    return value


def _pivot_amount(money: list[str], name: str) -> str:
    """The amount of `[amount, currency]`; only the pivot currency sorts and filters."""
    amount, currency = money
    if currency != PIVOT:
        raise ValueError(f"{name} is in {currency}, not the pivot currency {PIVOT}")
    return amount
