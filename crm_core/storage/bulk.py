"""Many rows in one INSERT, with their new ids in the order of the rows.

SQLAlchemy promises that order (``sort_by_parameter_order``) on SQLite only
by sending one INSERT per row, because SQLite does not order RETURNING rows.
Within a write transaction SQLite is the only writer, and a table whose key
is its rowid gives the rows of one INSERT consecutive, ascending ids in the
order of its VALUES; so one statement is sent and its ids are sorted. Were
that ever not so (a rowid at its maximum makes SQLite pick ids at random),
the ids are not consecutive and the write fails instead of mislabelling.
PostgreSQL numbers the rows of one statement in order, and SQLAlchemy
batches them there itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection


async def insert_returning_ids(
    conn: AsyncConnection, table: Table, rows: Sequence[dict[str, Any]]
) -> list[int]:
    id_column = table.c.id
    if conn.dialect.name != "sqlite":
        result = await conn.execute(
            insert(table).returning(id_column, sort_by_parameter_order=True), rows
        )
        return [r.id for r in result]
    result = await conn.execute(insert(table).returning(id_column), rows)
    ids = sorted(r.id for r in result)
    if len(ids) != len(rows) or (ids and ids[-1] - ids[0] != len(ids) - 1):
        raise RuntimeError(f"{table.name}: new ids are not consecutive; nothing was written")
    return ids
