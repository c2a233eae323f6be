"""The columnar path on a real embedded index: filters, sorts, groups and facets computed in
numpy agree with the documents (tests/indexer/test_search_conformance.py compares it with
the SQL path on every query)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from decimal import Decimal

import numpy as np
import pytest

from indexer.backends.embedded import EmbeddedBackend
from indexer.backends.embedded.columns import Coded, Columns, integer_column, integers
from indexer.query import SearchQuery
from tests.indexer.search_fixtures import FORMULA, documents

DOCS = documents()


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    path = tmp_path_factory.mktemp("columns") / "index.sqlite3"
    with EmbeddedBackend(path) as backend:
        backend.rebuild(DOCS)
    conn = sqlite3.connect(path)
    yield conn, Columns(conn, generation=1)
    conn.close()


def search(index, **query):
    conn, columns = index
    return columns.search(conn, SearchQuery(**query), columns.rowids)


def test_integers_parse_group_concat_text():
    assert integers("3,-1,9007199254740993").tolist() == [3, -1, 9007199254740993]
    assert integers(None).tolist() == [] and integers("").tolist() == []


def test_coded_columns_number_each_distinct_value_none_included():
    coded = Coded.of(iter(["b", None, "a", "b"]), 4)
    assert coded.codes.tolist() == [0, 1, 2, 0] and coded.values == ["b", None, "a"]
    assert coded.index == {"b": 0, None: 1, "a": 2}


def test_an_integer_column_comes_in_rowid_order_with_null_as_missing(index):
    conn, columns = index
    assert np.array_equal(integer_column(conn, "rowid"), columns.rowids)
    assert len(columns.rowids) == len(DOCS) and np.all(np.diff(columns.rowids) > 0)
    landed = columns.per_destination(conn, "landed_cn")
    assert len(landed) == len(DOCS) and columns.per_destination(conn, None) is None


def test_groups_count_their_offers_and_stores_and_the_lowest_price(index):
    page = search(index, sort="price_asc", size=100)
    assert page.total_offers == len(DOCS)
    assert page.total == len({d.group_key for d in DOCS})
    formula = [d for d in DOCS if d.group_key == FORMULA]
    offers = {hit[2]: hit for hit in page.hits}
    _, _, n, stores, cheapest = offers[len(formula)]
    assert (n, stores) == (len(formula), len({d.store_id for d in formula}))
    assert cheapest == min(d.price_pivot.amount for d in formula)


def test_filters_keep_only_what_they_name(index):
    page = search(index, stores=("de-apotheke",), in_stock=True, sort="newest", size=100)
    wanted = [d for d in DOCS if d.store_id == "de-apotheke" and d.available]
    assert page.total_offers == len(wanted)
    nothing = search(index, stores=("no-such-store",), sort="newest")
    assert (nothing.total, nothing.hits) == (0, [])
    assert search(index, destination="ZZ", landed_max=Decimal(10), sort="newest").total == 0


def test_facets_count_values_by_count_then_name(index):
    page = search(index, sort="newest", facets=("store_id", "direct"))
    counts = Counter(d.store_id for d in DOCS)
    expected = sorted(counts.items(), key=lambda vc: (-vc[1], vc[0]))
    assert page.facets["store_id"] == expected
    direct = sum("CN" in d.direct_to for d in DOCS)
    assert dict(page.facets["direct"]) == {
        k: v for k, v in (("yes", direct), ("no", len(DOCS) - direct)) if v
    }


def test_a_page_is_the_size_asked_for_from_its_offset(index):
    first = search(index, sort="price_desc", size=3)
    second = search(index, sort="price_desc", size=3, page=2)
    assert len(first.hits) == len(second.hits) == 3
    assert not {h[1] for h in first.hits} & {h[1] for h in second.hits}
