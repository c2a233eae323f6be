"""The field list and the stored JSON form of a document, which both backends use."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.backends.elasticsearch.mapping import MAPPINGS, to_source
from indexer.backends.embedded import schema
from indexer.documents import DESTINATIONS, SearchDocument
from indexer.fields import FIELDS, NAMES, StaleIndex, dump, from_json, load, to_json
from pricing.money import Money
from tests.indexer.search_fixtures import documents

CURRENCIES = ("EUR", "USD", "JPY", "KRW", "GBP", "CNY", "BHD")
amounts = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12)
pivot = st.builds(Money, amounts, st.just("EUR"))
money = st.builds(Money, amounts, st.sampled_from(CURRENCIES))
ratios = st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=1)
zones = st.sampled_from([None, UTC, timezone(timedelta(hours=9)), timezone(timedelta(hours=-5))])
text = st.text(max_size=30)
optional_text = st.none() | text

documents_ = st.builds(
    SearchDocument,
    id=text,
    store_id=text,
    store_name=text,
    store_country=text,
    title=text,
    brand=optional_text,
    category=optional_text,
    description=text,
    gtin=optional_text,
    group_key=text,
    price=money,
    was_price=st.none() | money,
    price_pivot=pivot,
    available=st.booleans(),
    url=text,
    image_url=optional_text,
    language=text,
    checked_at=st.datetimes(timezones=zones),
    fx_as_of=st.dates(),
    fx_source=text,
    landed=st.dictionaries(st.sampled_from(DESTINATIONS), pivot),
    direct_to=st.lists(st.sampled_from(DESTINATIONS), unique=True).map(tuple),
    rebate_rate=st.none() | ratios,
    price_drop=ratios,
)


def test_the_field_list_is_the_documents_fields_in_order():
    assert tuple(f.name for f in fields(SearchDocument)) == NAMES
    assert len({f.name for f in FIELDS}) == len(FIELDS)


@given(documents_)
def test_the_list_form_gives_back_the_same_document(document):
    assert load(dump(document)) == document


@given(documents_)
def test_the_object_form_gives_back_the_same_document(document):
    assert from_json(orjson.loads(orjson.dumps(to_json(document)))) == document


@given(documents_)
def test_money_is_stored_as_exact_strings_with_its_currency(document):
    stored = to_json(document)
    assert stored["price"] == [str(document.price.amount), document.price.currency]
    assert stored["price_pivot"][1] == "EUR"
    assert all(isinstance(amount, str) for amount, _ in stored["landed"].values())
    assert stored["fx_as_of"] == document.fx_as_of.isoformat()


@given(documents_)
def test_both_backends_encode_the_same_document_without_error(document):
    row, payload, texts = schema.encode(document)
    assert len(row) == len(schema.COLUMNS) + 1 and row[0] == document.id
    assert load(payload) == document
    assert len(texts) == len(schema.FTS_COLUMNS)
    source = to_source(document)
    assert set(source) == set(MAPPINGS["properties"])
    assert source["price_pivot"] == str(document.price_pivot.amount)


def test_the_indexed_fields_are_the_ones_search_uses():
    properties = MAPPINGS["properties"]
    assert {"title", "brand", "category", "description", "price_pivot", "landed"} <= set(properties)
    assert {"store_name", "price", "was_price", "fx_as_of", "fx_source", "url"}.isdisjoint(
        properties
    )
    columns = set(schema.COLUMNS)
    assert {"price_pivot_micros", "checked_at_us", "landed_cn", "direct_to_cn"} <= columns
    assert schema.FTS_COLUMNS == ("title", "brand", "category", "description", "concepts")
    assert properties["concepts"] == {"type": "keyword"}


@pytest.mark.parametrize(
    "stored",
    [
        orjson.dumps(list(range(3))),
        # a document as the format before typed money stored it: a bare price, no FX date
        dump(documents()[0])[:-1] + b',"extra"]',
    ],
)
def test_a_document_of_another_format_is_refused_with_what_to_do(stored):
    with pytest.raises(StaleIndex, match="haitao reindex"):
        load(stored)


def test_an_object_without_a_field_is_refused_with_what_to_do():
    stored = to_json(documents()[0])
    del stored["fx_as_of"]
    with pytest.raises(StaleIndex, match="no field 'fx_as_of'"):
        from_json(stored)
    stored = {**to_json(documents()[0]), "updated_at": "2026-11-01T12:00:00"}
    with pytest.raises(StaleIndex, match="unknown"):
        from_json(stored)


def test_a_bare_amount_where_money_belongs_is_refused():
    stored = to_json(documents()[0])
    stored["price"] = "34.53"
    with pytest.raises(StaleIndex, match="price"):
        from_json(stored)


def test_naive_and_aware_times_and_dates_keep_their_kind():
    naive = replace(documents()[0], checked_at=datetime(2026, 5, 2, 8), fx_as_of=date(2026, 5, 1))
    assert load(dump(naive)).checked_at.tzinfo is None
    assert load(dump(naive)).fx_as_of == date(2026, 5, 1)
    money = replace(naive, price=Money(Decimal("1E+3"), "JPY"))
    assert str(load(dump(money)).price.amount) == "1E+3"


def test_the_pivot_currency_is_the_fx_tables_pivot():
    from indexer.documents import PIVOT
    from pricing.exchange_rates.rate_table import PIVOT as RATES_PIVOT

    assert PIVOT == RATES_PIVOT
