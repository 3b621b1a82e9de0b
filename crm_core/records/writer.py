"""The writes themselves, inside a transaction someone else opened.

These functions do not check access or commit: ``RecordService`` does that
around them, and composite operations (lead conversion, merge) call several
of them in one transaction so they succeed or fail as a whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.access import Actor
from crm_core.catalog import Catalog
from crm_core.errors import Conflict, NotFound, ValidationFailed
from crm_core.metadata.fields import FieldType, from_storage, to_json, to_storage
from crm_core.metadata.module import Module
from crm_core.portal_logins import follow_email
from crm_core.records.indexes import record_label, touches_indexes, write_indexes
from crm_core.records.model import Record
from crm_core.records.numbering import reserve_numbers
from crm_core.records.outbox import PendingEvent, PendingHistory
from crm_core.records.references import check_references
from crm_core.storage.bulk import insert_returning_ids
from crm_core.storage.schema import crm_entity


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def row_to_record(module: Module, row: Row[Any] | Mapping[str, Any]) -> Record:
    data = row._mapping if isinstance(row, Row) else row
    values = {f.name: from_storage(f, data.get(f.name)) for f in module.fields}
    return Record(
        module=module,
        id=data["id"],
        version=data["version"],
        deleted=bool(data["deleted"]),
        label=record_label(module, values),
        values=values,
    )


def json_changes(
    module: Module, before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for name, new in after.items():
        f = module.by_name[name]
        old = before.get(name)
        if _same(old, new):
            continue
        changes[name] = [to_json(f, old), to_json(f, new)]
    return changes


def _same(a: Any, b: Any) -> bool:
    empty_a = a is None or a == [] or a == ""
    empty_b = b is None or b == [] or b == ""
    return (empty_a and empty_b) or a == b


class Writer:
    """Transaction-bound writes, collecting the events to publish after commit."""

    def __init__(self, conn: AsyncConnection, catalog: Catalog, actor: Actor) -> None:
        self.conn = conn
        self.catalog = catalog
        self.actor = actor
        self.now = utcnow()
        self.history: list[PendingHistory] = []
        self.events: list[PendingEvent] = []

    async def check_references(self, module: Module, rows: Sequence[Mapping[str, Any]]) -> None:
        errors = await check_references(self.conn, self.catalog, module, rows)
        if errors:
            raise ValidationFailed(module.name, errors)

    async def insert(
        self, module: Module, rows: Sequence[dict[str, Any]], *, source: str | None = None
    ) -> list[Record]:
        """Insert already-checked values; fills owner, numbers and timestamps."""
        if not rows:
            return []
        table = self.catalog.table(module.name)
        numbers = await reserve_numbers(self.conn, module, len(rows))
        full_rows: list[dict[str, Any]] = []
        for i, values in enumerate(rows):
            full = {f.name: values.get(f.name) for f in module.fields}
            for f in module.fields:
                if f.type is FieldType.BOOLEAN and full[f.name] is None:
                    full[f.name] = bool(f.default)
            if module.owned and full.get("assigned_user_id") is None:
                full["assigned_user_id"] = self.actor.user_id
            full.update(
                created_user_id=self.actor.user_id,
                modifiedby=self.actor.user_id,
                createdtime=self.now,
                modifiedtime=self.now,
                source=source or full.get("source"),
            )
            if module.numbering is not None:
                full[module.numbering.field] = numbers[i]
            full_rows.append(full)
        # What the caller gave, plus the owner; creator and editor are the actor.
        await self.check_references(
            module,
            [
                dict(values) | {"assigned_user_id": full.get("assigned_user_id")}
                for values, full in zip(rows, full_rows, strict=True)
            ],
        )
        labels = [record_label(module, full) for full in full_rows]
        ids = await insert_returning_ids(
            self.conn,
            crm_entity,
            [{"module": module.name, "label": label, "deleted": False} for label in labels],
        )
        await self.conn.execute(
            insert(table),
            [
                {"id": rid, "version": 1, "deleted": False}
                | {name: to_storage(module.by_name[name], v) for name, v in full.items()}
                for rid, full in zip(ids, full_rows, strict=True)
            ],
        )
        await write_indexes(
            self.conn, module, list(zip(ids, full_rows, strict=True)), replace=False
        )
        records = [
            Record(module=module, id=rid, version=1, deleted=False, label=label, values=full)
            for rid, label, full in zip(ids, labels, full_rows, strict=True)
        ]
        for record in records:
            shown = json_changes(
                module,
                {},
                {
                    name: value
                    for name, value in record.values.items()
                    if module.by_name[name].editable
                },
            )
            self.history.append(PendingHistory(record.id, module.name, "create", shown))
            self.events.append(
                PendingEvent(
                    "record", "create", module.name, record.id, {"record": record.to_json()}
                )
            )
        return records

    async def load(
        self,
        module: Module,
        record_id: int,
        *,
        for_update: bool = False,
        deleted: bool | None = False,
    ) -> Record:
        table = self.catalog.table(module.name)
        stmt = select(table).where(table.c.id == record_id)
        if deleted is not None:
            stmt = stmt.where(table.c.deleted == deleted)
        if for_update and self.conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = (await self.conn.execute(stmt)).one_or_none()
        if row is None:
            raise NotFound(module=module.name, record_id=record_id)
        return row_to_record(module, row)

    async def update(
        self,
        current: Record,
        values: Mapping[str, Any],
        *,
        expected_version: int | None,
        op: str = "update",
    ) -> Record:
        """Apply checked ``values`` to ``current``; a no-op change writes nothing."""
        module = current.module
        if expected_version is not None and expected_version != current.version:
            raise Conflict(
                module=module.name,
                record_id=current.id,
                expected=expected_version,
                actual=current.version,
            )
        changed = {
            name: value
            for name, value in values.items()
            if not _same(current.values.get(name), value)
        }
        if not changed:
            return current
        merged = current.values | changed
        await self.check_references(module, [changed])
        changes = json_changes(module, current.values, changed)
        merged |= {"modifiedtime": self.now, "modifiedby": self.actor.user_id}
        table = self.catalog.table(module.name)
        result = await self.conn.execute(
            update(table)
            .where(table.c.id == current.id, table.c.version == current.version)
            .values(
                version=current.version + 1,
                modifiedtime=self.now,
                modifiedby=self.actor.user_id,
                **{name: to_storage(module.by_name[name], v) for name, v in changed.items()},
            )
        )
        if result.rowcount != 1:
            # The row is locked (FOR UPDATE, or SQLite's single writer), so this means a
            # caller loaded it outside this transaction: report what it is now.
            now_at = (
                await self.conn.execute(select(table.c.version).where(table.c.id == current.id))
            ).scalar_one_or_none()
            if now_at is None:
                raise NotFound(module=module.name, record_id=current.id)
            raise Conflict(
                module=module.name, record_id=current.id, expected=current.version, actual=now_at
            )
        label = record_label(module, merged)
        if label != current.label:
            await self.conn.execute(
                update(crm_entity).where(crm_entity.c.id == current.id).values(label=label)
            )
        if module.name == "Contacts" and "email" in changed:
            await follow_email(self.conn, current.id, current.values.get("email"), changed["email"])
        if touches_indexes(module, changed):
            await write_indexes(self.conn, module, [(current.id, merged)], replace=True)
        record = Record(
            module=module,
            id=current.id,
            version=current.version + 1,
            deleted=current.deleted,
            label=label,
            values=merged,
        )
        self.history.append(PendingHistory(record.id, module.name, op, changes))
        self.events.append(
            PendingEvent(
                "record",
                op,
                module.name,
                record.id,
                {"version": record.version, "label": label, "changes": changes},
            )
        )
        return record

    async def set_deleted(self, current: Record, deleted: bool) -> Record:
        module = current.module
        table = self.catalog.table(module.name)
        await self.conn.execute(
            update(table)
            .where(table.c.id == current.id)
            .values(
                deleted=deleted,
                version=current.version + 1,
                modifiedtime=self.now,
                modifiedby=self.actor.user_id,
            )
        )
        await self.conn.execute(
            update(crm_entity).where(crm_entity.c.id == current.id).values(deleted=deleted)
        )
        op = "delete" if deleted else "restore"
        record = Record(
            module=module,
            id=current.id,
            version=current.version + 1,
            deleted=deleted,
            label=current.label,
            values=current.values | {"modifiedtime": self.now},
        )
        self.history.append(PendingHistory(record.id, module.name, op, {}))
        self.events.append(
            PendingEvent(
                "record",
                op,
                module.name,
                record.id,
                {"version": record.version, "label": record.label},
            )
        )
        return record
