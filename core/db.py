"""The catalog database: engine, sessions, the declarative base, and schema migrations."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import DateTime, Engine, Numeric, String, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator, TypeEngine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in time: TIMESTAMP WITH TIME ZONE on PostgreSQL, naive UTC text on SQLite.

    The code works in naive UTC (`core.tables.utcnow`); an aware value is converted to UTC on
    the way in, and every value read back is naive UTC whatever the server's time zone.
    """

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine:
        return dialect.type_descriptor(DateTime(timezone=dialect.name != "sqlite"))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    # Every `Mapped[datetime]` column carries its zone on a server database.
    type_annotation_map = {datetime: UTCDateTime}  # noqa: RUF012  (SQLAlchemy's own hook)


class DecimalType(TypeDecorator[Decimal]):
    """Exact decimals everywhere: NUMERIC on PostgreSQL, text on SQLite.

    SQLite has no decimal type and would store NUMERIC as a float, which loses cents.
    PostgreSQL's NUMERIC has no precision or scale here: it keeps every digit it is given and
    the scale it was given (`100.00` reads back as `100.00`, a rate's 8th decimal survives).
    """

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(40))
        return dialect.type_descriptor(Numeric(asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | Decimal | None:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"money columns take Decimal, not {type(value).__name__}")
        return str(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value: object, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(str(value))


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def get_engine(url: str) -> Engine:
    """One engine per database URL, kept until `dispose_engines`; SQLite gets WAL so the site
    reads while a crawl writes."""
    with _engines_lock:
        if url not in _engines:
            _engines[url] = _new_engine(url)
        return _engines[url]


def dispose_engines(url: str | None = None) -> int:
    """Close the pooled connections of the engine for `url` (every engine when None) and
    forget it: a process that opens many databases (the test suite, one per test) would
    otherwise keep each one's files open until it exits. Returns how many were disposed.

    Connections checked out at the time are closed when they are returned; an engine already
    handed out still works (it opens a new pool), and `get_engine` makes a fresh one."""
    with _engines_lock:
        urls = list(_engines) if url is None else [u for u in (url,) if u in _engines]
        engines = [_engines.pop(u) for u in urls]
    for engine in engines:
        engine.dispose()
    return len(engines)


def _new_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    server = not url.startswith("sqlite")
    # A server closes idle connections (restarts, timeouts): check each one before use.
    # Sessions in UTC, so that nothing the server prints or compares depends on its zone.
    options = {"connect_args": {"options": "-c timezone=UTC"}} if "postgresql" in url else {}
    engine = create_engine(url, pool_pre_ping=server, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(get_engine(url), expire_on_commit=False)


def upgrade(url: str, revision: str = "head") -> None:
    """Apply the Alembic migrations up to `revision` (what `haitao db upgrade` runs)."""
    from alembic import command

    command.upgrade(_alembic_config(url), revision)


def head_revision() -> str:
    """The newest migration the code ships."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def current_revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _alembic_config(url: str):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config
