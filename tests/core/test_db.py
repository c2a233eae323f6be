"""The database: exact decimals on SQLite, migrations to the head, and the revision they reach."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from sqlalchemy.exc import StatementError

from core import db


@pytest.fixture(scope="module")
def money_table(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'money.sqlite'}"
    metadata = MetaData()
    table = Table("amounts", metadata, Column("id", Integer, primary_key=True),
                  Column("amount", db.DecimalType()))  # fmt: skip
    engine = db.get_engine(url)
    metadata.create_all(engine)
    return engine, table


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=6, max_value=10**12, min_value=-(10**12)
    )
)
def test_a_decimal_comes_back_exactly(money_table, amount):
    engine, table = money_table
    with engine.begin() as connection:
        key = connection.execute(insert(table).values(amount=amount)).inserted_primary_key[0]
        stored = connection.scalar(select(table.c.amount).where(table.c.id == key))
    assert stored == amount and isinstance(stored, Decimal)


def test_a_float_is_refused(money_table):
    engine, table = money_table
    refused = pytest.raises(StatementError, match="money columns take Decimal, not float")
    with refused, engine.begin() as connection:
        connection.execute(insert(table).values(amount=0.1))


def test_upgrade_reaches_the_head_revision_and_can_run_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    assert db.current_revision(url) is None
    db.upgrade(url)
    assert db.current_revision(url) == db.head_revision()
    db.upgrade(url)
    assert db.current_revision(url) == db.head_revision()


def test_sqlite_connections_use_wal_and_wait_for_locks(tmp_path):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_one_engine_per_url_until_disposed(tmp_path):
    url = f"sqlite:///{tmp_path / 'one.sqlite'}"
    engine = db.get_engine(url)
    assert db.get_engine(url) is engine
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
    assert engine.pool.checkedin() == 1  # the connection stays open in the pool

    assert db.dispose_engines(url) == 1
    assert engine.pool.checkedin() == 0  # closed: the database file is no longer held open
    assert db.get_engine(url) is not engine
    assert db.dispose_engines(url) == 1
    assert db.dispose_engines(url) == 0  # already forgotten


def test_disposing_every_engine(tmp_path):
    urls = [f"sqlite:///{tmp_path / name}" for name in ("a.sqlite", "b.sqlite")]
    engines = [db.get_engine(url) for url in urls]
    assert db.dispose_engines() >= 2
    assert all(db.get_engine(url) is not engine for url, engine in zip(urls, engines, strict=True))
