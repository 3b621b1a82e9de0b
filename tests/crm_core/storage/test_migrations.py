"""Migrations create exactly the schema the module declarations describe."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from crm_core.storage.database import Database
from crm_core.storage.migrate import current_revision, head_revision, upgrade
from crm_core.storage.module_tables import builtin_metadata


def _diff(sync_conn: Any) -> list[Any]:
    context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
    ignored_tables = {"search_fts", "alembic_version"}
    diff = compare_metadata(context, builtin_metadata())
    return [
        d
        for d in diff
        if not (isinstance(d, tuple) and d[0] == "remove_table" and d[1].name in ignored_tables)
        and not (isinstance(d, tuple) and str(d[1]).startswith("search_fts"))
        and not (
            isinstance(d, tuple)
            and d[0] == "remove_index"
            and d[1].name == "ix_search_document_terms"
        )
    ]


async def test_schema_matches_declarations(database_url: str) -> None:
    db = Database(database_url)
    try:
        async with db.read() as conn:
            assert await current_revision(conn) == head_revision()
            differences = await conn.run_sync(_diff)
            tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    finally:
        await db.close()
    assert differences == []
    assert {"contacts", "helpdesk", "event_log", "crm_entity", "search_document"} <= tables


async def test_upgrade_is_idempotent(database_url: str) -> None:
    db = Database(database_url)
    try:
        await upgrade(db)
        async with db.read() as conn:
            assert await current_revision(conn) == head_revision()
    finally:
        await db.close()
