"""The Elasticsearch mapping and sources, without a server: field types, money as exact
pivot amounts, loading settings, and a document whose money is not in the pivot refused."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from indexer.backends.elasticsearch.mapping import (
    ANALYSIS,
    CJK_ANALYZER,
    MAPPINGS,
    MONEY_SCALE,
    TEXT_ANALYZER,
    index_settings,
    live_settings,
    to_source,
)
from indexer.documents import DESTINATIONS
from indexer.fields import FORMAT, to_json
from pricing.money import Money
from tests.indexer.search_fixtures import doc

DOCUMENT = doc(1, "de-apotheke", "Crème Hydratante 50 ml", "12.3456", brand="Avène")


def test_the_mapping_is_strict_and_records_the_document_format():
    assert MAPPINGS["dynamic"] == "strict" and MAPPINGS["_meta"] == {"haitao_format": FORMAT}
    assert MAPPINGS["properties"]["doc"] == {"type": "object", "enabled": False}


def test_each_kind_of_field_gets_its_type():
    properties = MAPPINGS["properties"]
    assert properties["id"] == {"type": "keyword"}
    assert properties["available"] == {"type": "boolean"}
    assert properties["checked_at"] == {"type": "date"}
    assert properties["title"]["analyzer"] == TEXT_ANALYZER
    assert properties["title"]["fields"]["cjk"]["analyzer"] == CJK_ANALYZER
    assert properties["price_pivot"] == {"type": "scaled_float", "scaling_factor": MONEY_SCALE}
    landed = properties["landed"]
    assert landed["dynamic"] is False and set(landed["properties"]) == set(DESTINATIONS)


def test_the_cjk_filter_keeps_only_cjk_runs():
    pattern = ANALYSIS["char_filter"]["haitao_only_cjk"]["pattern"]
    java = re.sub(r"\\x\{([0-9a-f]+)\}", lambda m: chr(int(m.group(1), 16)), pattern)
    assert re.sub(java, " ", "Vitamin 维生素 C 비타민").split() == ["维生素", "비타민"]


def test_loading_settings_switch_off_refreshes_and_replicas_until_live():
    assert index_settings(loading=True, replicas=1) == {
        "analysis": ANALYSIS, "refresh_interval": "-1", "number_of_replicas": 0,
    }  # fmt: skip
    assert index_settings(loading=False, replicas=2)["number_of_replicas"] == 2
    assert live_settings(1) == {"refresh_interval": None, "number_of_replicas": 1}


def test_a_source_indexes_exact_pivot_amounts_and_keeps_the_whole_document():
    source = to_source(DOCUMENT)
    assert source["price_pivot"] == "12.3456"
    assert source["landed"] == {"CN": str(DOCUMENT.landed["CN"].amount), "US": "20.3456"}
    assert source["title"] == DOCUMENT.title and source["doc"] == to_json(DOCUMENT)
    assert "price" not in source  # the store's own price lives in `doc` only


def test_money_outside_the_pivot_currency_is_refused_naming_the_field():
    bad = replace(DOCUMENT, landed={"CN": Money.parse("1", "USD")})
    with pytest.raises(ValueError, match=r"landed\.CN is in USD, not the pivot currency EUR"):
        to_source(bad)
