"""Many rows in one driver call: the crawl's hot path into the catalog database.

SQLAlchemy's executemany builds a parameter dict per row and runs every column's bind
processor through its generic machinery: for a 1,000,000-product feed that bookkeeping cost
more than SQLite's own work. Here a Core statement is compiled once per batch for the
session's dialect, each column's bind processor (the exact one SQLAlchemy would use:
`DecimalType` → text on SQLite, datetimes → SQLite's text form) is applied to the values
that need one, and the rows go to the DBAPI cursor's `executemany` as plain tuples (or dicts
for drivers with named parameters). The SQL is SQLAlchemy's own, so PostgreSQL works too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import Compiled

Processor = Callable[[Any], Any]


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts with the same keys, named after `table`'s columns)."""
    if rows:
        _execute_many(session, insert(table), rows)


def update_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """UPDATE `table` row by row: each dict's `_id` names the row, its other keys the columns
    to set (every dict the same keys)."""
    if rows:
        statement = update(table).where(table.c.id == bindparam("_id"))
        _execute_many(session, statement, rows)


def _execute_many(session: Session, statement, rows: Sequence[dict[str, Any]]) -> None:
    connection = session.connection()
    dialect = connection.dialect
    keys = [key for key in rows[0] if key != "_id"]
    compiled = statement.compile(dialect=dialect, column_keys=keys)
    names = list(compiled.positiontup) if compiled.positional else list(compiled.binds)
    missing = [name for name in names if name not in rows[0]]
    if missing:  # a column default SQLAlchemy would have filled in: the caller must give it
        raise ValueError(f"{statement.table.name}: no value for {', '.join(missing)}")
    values = _row_values(names, _processors(compiled, names, dialect))
    if compiled.positional:
        params: list = [values(row) for row in rows]
    else:
        params = [dict(zip(names, values(row), strict=True)) for row in rows]
    connection.exec_driver_sql(compiled.string, params)


def _processors(compiled: Compiled, names: list[str], dialect) -> list[Processor | None]:
    """Each parameter's bind processor for `dialect`, None where the driver takes the value."""
    return [compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in names]  # fmt: skip


def _row_values(
    names: list[str], processors: list[Processor | None]
) -> Callable[[dict[str, Any]], tuple]:
    """A function from a row to its driver values, in `names` order: one C-level item
    lookup for all columns, then the processors of only the columns that have one."""
    get = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    processed = [(i, _last_remembered(p)) for i, p in enumerate(processors) if p is not None]
    if not processed:
        return get

    def values(row: dict[str, Any]) -> tuple:
        found = list(get(row))
        for i, process in processed:
            if found[i] is not None:
                found[i] = process(found[i])
        return tuple(found)

    return values


def _last_remembered(process: Processor) -> Processor:
    """`process` remembering its last value: a batch stamps every row with the same `now`."""
    last: list = [object(), None]

    def remembered(value: Any) -> Any:
        if value is not last[0]:
            last[:] = [value, process(value)]
        return last[1]

    return remembered
