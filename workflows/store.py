"""Workflows as stored, and the engine's cached view of the active ones.

The engine asks for a module's workflows on every event; reading the table
each time would cost a query per save, so the active ones are kept in memory
and read again when any changed (on this node at once, on other nodes at the
next look, by comparing the newest ``updated_at`` and the count).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from crm_core.errors import NotFound
from crm_core.storage.database import Database
from crm_core.storage.schema import workflow
from workflows.definitions import Workflow


def _workflow(row: Any) -> Workflow:
    return Workflow(
        id=row.id,
        module=row.module,
        name=row.name,
        description=row.description,
        trigger=dict(row.trigger),
        conditions=dict(row.conditions),
        actions=list(row.actions),
        active=bool(row.active),
        secret=row.secret,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class WorkflowStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._by_module: dict[str, list[Workflow]] = {}
        self._stamp: tuple[int, dt.datetime | None] | None = None

    async def add(self, checked: Mapping[str, Any], created_by: int | None) -> Workflow:
        now = dt.datetime.now(dt.UTC)
        async with self.db.write() as conn:
            result = await conn.execute(
                insert(workflow)
                .values(
                    **checked,
                    secret=secrets.token_hex(32),
                    created_by=created_by,
                    created_at=now,
                    updated_at=now,
                )
                .returning(workflow.c.id)
            )
            workflow_id = int(result.scalar_one())
        self._stamp = None
        return await self.get(workflow_id)

    async def change(self, workflow_id: int, checked: Mapping[str, Any]) -> Workflow:
        async with self.db.write() as conn:
            result = await conn.execute(
                update(workflow)
                .where(workflow.c.id == workflow_id)
                .values(**checked, updated_at=dt.datetime.now(dt.UTC))
            )
            if result.rowcount != 1:
                raise NotFound(module="workflow", record_id=workflow_id)
        self._stamp = None
        return await self.get(workflow_id)

    async def remove(self, workflow_id: int) -> None:
        async with self.db.write() as conn:
            result = await conn.execute(delete(workflow).where(workflow.c.id == workflow_id))
            if result.rowcount != 1:
                raise NotFound(module="workflow", record_id=workflow_id)
        self._stamp = None

    async def get(self, workflow_id: int) -> Workflow:
        async with self.db.read() as conn:
            row = (
                await conn.execute(select(workflow).where(workflow.c.id == workflow_id))
            ).one_or_none()
        if row is None:
            raise NotFound(module="workflow", record_id=workflow_id)
        return _workflow(row)

    async def all(self, module: str | None = None) -> list[Workflow]:
        stmt = select(workflow).order_by(workflow.c.module, workflow.c.id)
        if module is not None:
            stmt = stmt.where(workflow.c.module == module)
        async with self.db.read() as conn:
            return [_workflow(r) for r in await conn.execute(stmt)]

    async def refresh(self) -> None:
        """Read the active workflows again if any changed since the last read."""
        async with self.db.read() as conn:
            row = (await conn.execute(select(func.count(), func.max(workflow.c.updated_at)))).one()
            stamp = (int(row[0]), row[1])
            if stamp == self._stamp:
                return
            rows = await conn.execute(
                select(workflow).where(workflow.c.active.is_(True)).order_by(workflow.c.id)
            )
            by_module: dict[str, list[Workflow]] = defaultdict(list)
            for r in rows:
                by_module[r.module].append(_workflow(r))
        self._by_module = dict(by_module)
        self._stamp = stamp

    def active(self, module: str) -> list[Workflow]:
        return self._by_module.get(module, [])

    def active_all(self) -> list[Workflow]:
        return [w for ws in self._by_module.values() for w in ws]
