"""Which database the suite's data directories use: a SQLite file (the default), or, when
`HAITAO_TEST_DATABASE_URL` names a PostgreSQL server, one PostgreSQL database per data
directory.

On PostgreSQL every data directory (`HAITAO_HOME`) gets its own database, named after the
directory, created from a migrated TEMPLATE database (`CREATE DATABASE x TEMPLATE t` copies
files: tens of milliseconds, where migrating costs a second). `Settings.from_env` is wrapped
for the test session so that every place that builds settings from a data directory without
naming `DATABASE_URL` lands there, in-process and, through `haitao_env`, in child processes.
Tests that must start from a database with no schema at all ask for the `empty_database`
marker. A test's databases are dropped when it ends.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import sqlite3
from pathlib import Path
from typing import ClassVar

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from core.db import get_engine
from core.settings import Settings

TEST_DATABASE_URL = os.environ.get("HAITAO_TEST_DATABASE_URL") or None
ON_POSTGRES = bool(TEST_DATABASE_URL)
TEMPLATE = f"haitao_template_{os.getpid()}"


class _State:
    empty = False  # the running test asked for databases with no schema
    template_ready = False
    created: ClassVar[dict[str, Path]] = {}  # database name → the data directory it belongs to


def _admin() -> Engine:
    return create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def url_of(name: str) -> str:
    return make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)


def name_for(home: Path) -> str:
    digest = hashlib.sha1(str(Path(home).resolve()).encode()).hexdigest()[:24]
    return f"h_{digest}"


def _exists(connection, name: str) -> bool:
    found = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
    return found.scalar() is not None


def _release(name: str) -> None:
    """Close every connection to `name`: ours (pooled engines) and any other process's."""
    get_engine(url_of(name)).dispose()
    with _admin().connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )


def _create(name: str, template: str, home: Path) -> None:
    with _admin().connect() as connection:
        if not _exists(connection, name):
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    _State.created[name] = Path(home)


def _ensure_template() -> None:
    """The migrated template, with the bundled FX snapshot, made once per test session."""
    if _State.template_ready:
        return
    from operations.bootstrap import prepare_database

    with _admin().connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE template0'))
    home = Path(os.environ.get("TMPDIR", "/tmp")) / TEMPLATE
    prepare_database(Settings(home, url_of(TEMPLATE), None, Path(), Path(_fx_snapshot())))
    _release(TEMPLATE)
    _State.template_ready = True


def _fx_snapshot() -> Path:
    from config import CONFIG_DIR

    return CONFIG_DIR / "fx-snapshot.yaml"


def database_url_for(home: Path) -> str:
    """The URL of the data directory's own PostgreSQL database, created on first use."""
    name = name_for(home)
    if _State.empty:
        _create(name, "template0", home)
    else:
        _ensure_template()
        _create(name, TEMPLATE, home)
    return url_of(name)


def clone_data(source: Settings, home: Path) -> dict[str, str]:
    """Copy `source`'s catalog (and its embedded search index) into a new data directory
    `home`; the environment entries that point settings there."""
    home.mkdir(parents=True, exist_ok=True)
    env = {"HAITAO_HOME": str(home)}
    if not ON_POSTGRES:
        _sqlite_copy(source.search_path, home / "haitao.sqlite")
        return env
    name = name_for(source.home)
    _release(name)
    _create(name_for(home), name, home)
    if source.search_path.exists():
        _sqlite_copy(source.search_path, home / source.search_path.name)
    return env | {"DATABASE_URL": url_of(name_for(home))}


def _sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite file, its write-ahead log included."""
    origin, copy = sqlite3.connect(source), sqlite3.connect(target)
    with origin, copy:
        origin.backup(copy)
    origin.close()
    copy.close()


def drop_databases_under(folder: Path) -> None:
    """Drop the databases of the data directories inside `folder` (a test's tmp_path)."""
    for name, home in list(_State.created.items()):
        if home.is_relative_to(folder):
            _release(name)
            with _admin().connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            del _State.created[name]


def drop_all() -> None:
    if not ON_POSTGRES:
        return
    drop_databases_under(Path("/"))
    with _admin().connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)'))


def route_settings_to_postgres() -> None:
    """Wrap `Settings.from_env`: a data directory without `DATABASE_URL` gets its database."""
    original = Settings.from_env.__func__

    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        settings = original(cls, environ)
        env = os.environ if environ is None else environ
        if env.get("DATABASE_URL"):
            return settings
        return dataclasses.replace(settings, database_url=database_url_for(settings.home))

    Settings.from_env = classmethod(from_env)


def copy_file_database(template_home: Path, home: Path) -> None:
    """Give `home` a copy of `template_home`'s database (a file copy on SQLite)."""
    if ON_POSTGRES:
        name = name_for(template_home)
        _release(name)
        _create(name_for(home), name, home)
    else:
        shutil.copyfile(template_home / "haitao.sqlite", home / "haitao.sqlite")
