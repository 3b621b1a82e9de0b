"""The run log: each run of a workflow on a record, and what it did.

A run's row is written in the transaction of its actions, keyed by the event
or job that caused it: handling the same event again after a crash finds the
row and does nothing. A run that failed is written on its own afterwards,
with the error, so it is not retried forever either.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.storage.database import Database
from crm_core.storage.schema import workflow, workflow_cause, workflow_run


async def ran(conn: AsyncConnection, run_key: str) -> bool:
    found = await conn.execute(select(workflow_run.c.id).where(workflow_run.c.run_key == run_key))
    return found.first() is not None


async def add(
    conn: AsyncConnection,
    *,
    run_key: str,
    workflow_id: int,
    module: str,
    record_id: int | None,
    trigger: str,
    depth: int,
    actions: list[dict[str, Any]],
    outcome: str,
    error: str | None = None,
) -> None:
    await conn.execute(
        insert(workflow_run).values(
            run_key=run_key[:100],
            workflow_id=workflow_id,
            module=module,
            record_id=record_id,
            trigger=trigger,
            depth=depth,
            actions=actions,
            outcome=outcome,
            error=error[:4000] if error else None,
            at=dt.datetime.now(dt.UTC),
        )
    )


async def add_alone(db: Database, **kw: Any) -> None:
    """``add`` in a transaction of its own; a second entry for the same key is dropped."""
    try:
        async with db.write() as conn:
            if not await ran(conn, kw["run_key"]):
                await add(conn, **kw)
    except IntegrityError:
        pass


async def remember_writes(
    conn: AsyncConnection, versions: list[tuple[int, int]], depth: int
) -> None:
    """The record versions a run at ``depth`` wrote: their events are its own."""
    if versions:
        now = dt.datetime.now(dt.UTC)
        await conn.execute(
            insert(workflow_cause),
            [{"record_id": r, "version": v, "depth": depth, "at": now} for r, v in versions],
        )


async def forget_writes(db: Database, before: dt.datetime) -> None:
    async with db.write() as conn:
        await conn.execute(delete(workflow_cause).where(workflow_cause.c.at < before))


async def depth_of(db: Database, record_id: int, version: int | None) -> int:
    """How deep in a chain of runs the save of ``record_id`` at ``version``
    was made: 0 for a person's or a channel's save."""
    if version is None:
        return 0
    async with db.read() as conn:
        found = (
            await conn.execute(
                select(workflow_cause.c.depth).where(
                    workflow_cause.c.record_id == record_id, workflow_cause.c.version == version
                )
            )
        ).scalar_one_or_none()
    return int(found or 0)


async def runs(
    db: Database,
    *,
    workflow_id: int | None = None,
    module: str | None = None,
    record_id: int | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    stmt = (
        select(workflow_run, workflow.c.name.label("workflow_name"))
        .join(workflow, workflow.c.id == workflow_run.c.workflow_id)
        .order_by(workflow_run.c.id.desc())
        .limit(limit)
    )
    if workflow_id is not None:
        stmt = stmt.where(workflow_run.c.workflow_id == workflow_id)
    if record_id is not None:
        stmt = stmt.where(workflow_run.c.record_id == record_id)
    if module is not None:
        stmt = stmt.where(workflow_run.c.module == module)
    async with db.read() as conn:
        rows = (await conn.execute(stmt)).all()
    return [
        {
            "id": r.id,
            "workflow_id": r.workflow_id,
            "workflow_name": r.workflow_name,
            "module": r.module,
            "record_id": r.record_id,
            "trigger": r.trigger,
            "depth": r.depth,
            "actions": r.actions,
            "outcome": r.outcome,
            "error": r.error,
            "at": r.at.isoformat(),
        }
        for r in rows
    ]
