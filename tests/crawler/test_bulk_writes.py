"""Driver-level bulk writes store exactly what SQLAlchemy's own statements would."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from core.db import session_factory
from core.settings import Settings
from core.tables import Offer, Product, Store
from crawler.bulk_writes import insert_rows, update_rows
from operations.bootstrap import prepare_database

NOW = datetime(2026, 12, 7, 0, 15, 30, 123456)


@pytest.fixture
def sessions(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    prepare_database(settings)
    sessions = session_factory(settings.database_url)
    with sessions.begin() as session:
        session.add(Store(id="s", name="S", platform="shopify", url="https://s.example",
                          country="US", currency="USD", language="en"))  # fmt: skip
        session.execute(insert(Product.__table__), [product("p1"), product("p2")])
    return sessions


def product(external_id: str) -> dict:
    return {"store_id": "s", "external_id": external_id, "title": f"T {external_id}",
            "brand": None, "category": None, "description": "", "url": "https://s.example/p",
            "image_url": None, "first_seen_at": NOW, "last_seen_at": NOW,
            "last_seen_run_id": None, "gone_at": None}  # fmt: skip


def offer(product_id: int, external_id: str, price: str, was: str | None) -> dict:
    return {"product_id": product_id, "external_id": external_id, "title": None, "sku": None,
            "gtin": None, "price": Decimal(price), "was_price": was and Decimal(was),
            "currency": "USD", "weight_kg": Decimal("0.25"), "available": True,
            "availability": "in_stock", "last_seen_at": NOW, "gone_at": None}  # fmt: skip


def test_inserted_rows_read_back_as_the_orm_wrote_them(sessions):
    with sessions.begin() as session:
        ids = dict(session.execute(select(Product.external_id, Product.id)).all())
        insert_rows(session, Offer.__table__, [offer(ids["p1"], "a", "24.99", "30.00"),
                                               offer(ids["p2"], "b", "0.10", None)])  # fmt: skip
    with sessions() as session:
        found = session.execute(
            select(Offer.external_id, Offer.price, Offer.was_price, Offer.weight_kg,
                   Offer.last_seen_at, Offer.available).order_by(Offer.external_id)
        ).all()  # fmt: skip
    assert [tuple(row) for row in found] == [
        ("a", Decimal("24.99"), Decimal("30.00"), Decimal("0.25"), NOW, True),
        ("b", Decimal("0.10"), None, Decimal("0.25"), NOW, True),
    ]
    assert isinstance(found[0].price, Decimal)


def test_updates_set_only_the_given_columns_of_the_named_rows(sessions):
    later = datetime(2026, 12, 8, tzinfo=UTC).replace(tzinfo=None)
    with sessions.begin() as session:
        ids = dict(session.execute(select(Product.external_id, Product.id)).all())
        update_rows(session, Product.__table__, [{"title": "New", "last_seen_at": later,
                                                  "_id": ids["p2"]}])  # fmt: skip
    with sessions() as session:
        rows = session.execute(select(Product.external_id, Product.title, Product.last_seen_at,
                                      Product.url).order_by(Product.external_id)).all()  # fmt: skip
    assert [tuple(row) for row in rows] == [
        ("p1", "T p1", NOW, "https://s.example/p"),
        ("p2", "New", later, "https://s.example/p"),
    ]


def test_a_column_default_left_out_is_an_error_not_a_guess(sessions):
    row = offer(1, "c", "1.00", None)
    del row["last_seen_at"]  # SQLAlchemy would have stamped it; the driver cannot
    with sessions.begin() as session, pytest.raises(ValueError, match="last_seen_at"):
        insert_rows(session, Offer.__table__, [row])


def test_a_float_price_is_refused_as_the_orm_refuses_it(sessions):
    row = offer(1, "d", "1.00", None)
    row["price"] = 1.0
    with sessions.begin() as session, pytest.raises(TypeError, match="Decimal"):
        insert_rows(session, Offer.__table__, [row])
