"""The Elasticsearch index: analysis, field mappings, and documents ↔ index sources.

Titles mix languages (English, German, French, Japanese, Korean, Chinese, often in one
title), so every text field has one analyzer that suits them all: the standard tokenizer,
full-width/half-width folding, lower case, diacritics folded ("creme" finds "Crème"), CJK
text as overlapping bigrams (耳机 finds 无线耳机, 분유 finds 유아분유) and English stemming
(shoppers type singulars and plurals interchangeably), like the embedded backend's index.
Brands are names, not prose: they get the same analysis without stemming. Categories are
stemmed like titles, so "vitamin" finds the products of the category "Vitamins" even when
their titles never say it (as in the embedded backend).
Each text field also has a `cjk` sub-field holding only the bigrams of its CJK runs (the
other characters are blanked first, so it stays small): the query sends CJK runs there too,
because some servers (osmem-server) keep a Hangul word whole in the main field instead of
bigramming it (분유 would not find 유아분유).

Money is `scaled_float` in ten-thousandths of the pivot currency, finer than cents because
landed costs are computed (pivot × 1.25 has four decimals) and must filter and sort exactly.
Those numbers serve ranges, sorts and aggregations only: the whole document is also kept,
with every Decimal as its exact string, in `doc` (stored, not indexed), and hits are rebuilt
from it, so a document comes back exactly as it was indexed and money never passes
through a float.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from typing import Any

from indexer.documents import DESTINATIONS, SearchDocument
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
_KEYWORD_TOO = {"cjk": _CJK, "keyword": {"type": "keyword", "ignore_above": 256}}
_TEXT_AND_KEYWORD = {**_TEXT, "fields": _KEYWORD_TOO}
_NAME = {"type": "text", "analyzer": NAME_ANALYZER, "fields": _KEYWORD_TOO}

MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "id": _KEYWORD,
        "store_id": _KEYWORD,
        "store_country": _KEYWORD,
        "title": _TEXT_AND_KEYWORD,
        "brand": _NAME,
        "category": _TEXT_AND_KEYWORD,
        "description": _TEXT,
        "group_key": _KEYWORD,
        "price_pivot": _MONEY,
        "available": {"type": "boolean"},
        "language": _KEYWORD,
        "updated_at": {"type": "date"},
        # landed costs of destinations outside DESTINATIONS stay in `doc` only
        "landed": {
            "type": "object",
            "dynamic": False,
            "properties": {destination: _MONEY for destination in DESTINATIONS},
        },
        "direct_to": _KEYWORD,
        "rebate_rate": _MONEY,
        "price_drop": _MONEY,
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


# ---- documents ↔ sources ------------------------------------------------------------------


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def to_source(doc: SearchDocument) -> dict[str, Any]:
    """The indexed fields (numbers as exact decimal strings, which ES parses) plus `doc`."""
    return {
        "id": doc.id,
        "store_id": doc.store_id,
        "store_country": doc.store_country,
        "title": doc.title,
        "brand": doc.brand,
        "category": doc.category,
        "description": doc.description,
        "group_key": doc.group_key,
        "price_pivot": str(doc.price_pivot),
        "available": doc.available,
        "language": doc.language,
        "updated_at": doc.updated_at.isoformat(),
        "landed": {dest: str(cost) for dest, cost in doc.landed.items()},
        "direct_to": list(doc.direct_to),
        "rebate_rate": _decimal(doc.rebate_rate),
        "price_drop": str(doc.price_drop),
        "doc": encode_document(doc),
    }


def encode_document(doc: SearchDocument) -> dict[str, Any]:
    """Every field of the document as JSON: Decimals as exact strings, dates in ISO 8601."""
    values: dict[str, Any] = {f.name: getattr(doc, f.name) for f in fields(SearchDocument)}
    for name in _DECIMALS:
        values[name] = _decimal(values[name])
    values["landed"] = {dest: str(cost) for dest, cost in doc.landed.items()}
    values["direct_to"] = list(doc.direct_to)
    values["updated_at"] = doc.updated_at.isoformat()
    return values


def _optional_decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


_DECIMALS = ("price", "was_price", "price_pivot", "rebate_rate", "price_drop")
_DECODERS: Mapping[str, Callable[[Any], Any]] = {
    **dict.fromkeys(_DECIMALS, _optional_decimal),
    "landed": lambda landed: {dest: Decimal(cost) for dest, cost in landed.items()},
    "direct_to": tuple,
    "updated_at": datetime.fromisoformat,
}


def decode_document(values: Mapping[str, Any]) -> SearchDocument:
    """The document `encode_document` stored, exactly."""
    decoded = {
        name: _DECODERS[name](value) if name in _DECODERS else value
        for name, value in values.items()
    }
    return SearchDocument(**decoded)
