"""Reading records: the half of the record service that never writes.

Every read names its actor; the access policy narrows lists, related lists,
counts and search inside the database query, so what a user cannot see is
never fetched at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.access import AccessPolicy, Actor, ActorKind, FieldAccess, Operation, Tool
from crm_core.catalog import Catalog
from crm_core.errors import AccessDenied, InvalidRequest, NotFound
from crm_core.hub import Event, Hub
from crm_core.metadata.module import Module
from crm_core.records import finder, inventory, names, outbox
from crm_core.records.custom_fields import load_custom_fields
from crm_core.records.event_filter import event_verdict, visible_events
from crm_core.records.model import (
    Condition,
    HistoryEntry,
    LookupMatch,
    Op,
    Page,
    Record,
    SearchHit,
    Sort,
)
from crm_core.records.query import cursor_after, first_of_each, list_query, sort_order
from crm_core.records.relations import related_clause
from crm_core.records.writer import Writer, row_to_record
from crm_core.storage.database import Database
from crm_core.storage.files import FileStore
from crm_core.storage.schema import crm_entity, event_log, record_history


class RecordReader:
    """Reads, always as an explicit actor and narrowed by the access policy
    inside the query itself."""

    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        policy: AccessPolicy,
        hub: Hub,
        files: FileStore,
        *,
        region: str = "RU",
        max_file_bytes: int = 50 * 1024 * 1024,
    ) -> None:
        self.db = db
        self.catalog = catalog
        self.policy = policy
        self.hub = hub
        self.files = files
        self.region = region
        self.max_file_bytes = max_file_bytes

    def module(self, actor: Actor, name: str, operation: Operation) -> Module:
        module = self.catalog.module(name)
        self.policy.check_module(actor, module, operation)
        return module

    async def line_items(
        self, actor: Actor, module_name: str, record_id: int
    ) -> list[dict[str, Any]]:
        record = await self.get(actor, module_name, record_id)
        if not record.module.inventory:
            return []
        async with self.db.read() as conn:
            return [line.to_json() for line in await inventory.load_lines(conn, record_id)]

    async def document_file(self, actor: Actor, document_id: int) -> tuple[Record, bytes]:
        """The document and its bytes, for a download the actor may make."""
        document = await self.get(actor, "Documents", document_id)
        digest = document.get("file_sha256")
        if not digest or not self.files.exists(digest):
            raise NotFound(module="Documents", record_id=document_id)
        return document, await self.files.read(digest)

    async def reload_catalog(self) -> None:
        """Pick up custom fields from the database (at start-up, or when another
        node added one)."""
        async with self.db.read() as conn:
            self.catalog = Catalog.build(await load_custom_fields(conn))

    def shape(self, actor: Actor, record: Record) -> Record:
        """The record as ``actor`` may see it: hidden fields are absent, not blank."""
        hidden = self.hidden_fields(actor, record.module)
        if not hidden:
            return record
        values = {k: v for k, v in record.values.items() if k not in hidden}
        return dataclasses.replace(record, values=values)

    async def display_names(
        self, actor: Actor, record_ids: Iterable[int], owner_ids: Iterable[int] = ()
    ) -> names.Names:
        """Labels of the referenced records ``actor`` may view and names of
        owners, for a page that shows many references at once."""
        async with self.db.read() as conn:
            return names.Names(
                records=await names.record_labels(
                    conn, self.catalog, self.policy, actor, record_ids
                ),
                owners=await names.owner_names(conn, owner_ids),
            )

    async def module_of(self, record_id: int) -> str | None:
        """The module a record id belongs to (a reference field that may point
        at several modules holds only the id); None for no live record. Says
        nothing about the record itself: reading it is ``get``'s to allow."""
        async with self.db.read() as conn:
            row = (
                await conn.execute(
                    select(crm_entity.c.module).where(
                        crm_entity.c.id == record_id, crm_entity.c.deleted.is_(False)
                    )
                )
            ).one_or_none()
        return None if row is None else str(row.module)

    def snapshot(self) -> AbstractAsyncContextManager[None]:
        """Reads inside ``async with records.snapshot():`` see one state of the
        database and share one transaction (a screen pop's several reads)."""
        return self.db.snapshot()

    def viewable(self, actor: Actor, record: Record) -> Record | None:
        """``record``, read by someone who may see everything, as ``actor``
        would see it, or None when they may not view it; decided in memory
        from its owner by the rules a page load applies in its query. Lets one
        read serve many users (a caller card shown to every ringing agent).
        Portal users are never decided this way: what is theirs takes a query."""
        if actor.kind is ActorKind.PORTAL:
            return None
        owner = record.get("assigned_user_id") if record.module.owned else None
        if not self.policy.record_allowed(actor, record.module, owner, Operation.VIEW):
            return None
        return self.shape(actor, record)

    def hidden_fields(self, actor: Actor, module: Module) -> frozenset[str]:
        access = self.policy.field_access(actor, module)
        return frozenset(name for name, level in access.items() if level is FieldAccess.HIDDEN)

    async def get(self, actor: Actor, module_name: str, record_id: int) -> Record:
        module = self.module(actor, module_name, Operation.VIEW)
        table = self.catalog.table(module.name)
        stmt = select(table).where(table.c.id == record_id, table.c.deleted.is_(False))
        visible = self.policy.visible(actor, module, table)
        if visible is not None:
            stmt = stmt.where(visible)
        async with self.db.read() as conn:
            row = (await conn.execute(stmt)).one_or_none()
        if row is None:
            raise NotFound(module=module.name, record_id=record_id)
        return self.shape(actor, row_to_record(module, row))

    async def get_many(
        self, actor: Actor, module_name: str, record_ids: Iterable[int]
    ) -> list[Record]:
        """The records among ``record_ids`` the actor may view, by id; the
        others are left out, as ``get`` would not find them."""
        module = self.module(actor, module_name, Operation.VIEW)
        ids = sorted(set(record_ids))
        if not ids:
            return []
        table = self.catalog.table(module.name)
        stmt = select(table).where(table.c.id.in_(ids), table.c.deleted.is_(False))
        visible = self.policy.visible(actor, module, table)
        if visible is not None:
            stmt = stmt.where(visible)
        async with self.db.read() as conn:
            rows = (await conn.execute(stmt.order_by(table.c.id))).all()
        return [self.shape(actor, row_to_record(module, row)) for row in rows]

    async def first_of_each(
        self,
        actor: Actor,
        module_name: str,
        field: str,
        values: Sequence[Any],
        *,
        conditions: Sequence[Condition] = (),
        sort: Sort | None = None,
        each: int = 10,
    ) -> dict[Any, list[Record]]:
        """For every one of ``values`` of ``field``, the first ``each`` records
        in ``sort`` order the actor may view, read in one query (the newest
        tickets of each of a burst of callers)."""
        module = self.module(actor, module_name, Operation.VIEW)
        found: dict[Any, list[Record]] = {value: [] for value in values}
        if not found:
            return found
        sort = sort or Sort()
        table = self.catalog.table(module.name)
        stmt = self._list_stmt(
            actor,
            module,
            conditions=[*conditions, Condition(field, Op.IN, list(found))],
            sort=sort,
            limit=1,
        )
        stmt = first_of_each(stmt, table.c[field], sort_order(module, table, sort), each)
        async with self.db.read() as conn:
            rows = (await conn.execute(stmt)).all()
        for row in rows:
            record = self.shape(actor, row_to_record(module, row))
            found.setdefault(row._mapping[field], []).append(record)
        return found

    async def list_records(
        self,
        actor: Actor,
        module_name: str,
        *,
        conditions: Sequence[Condition] = (),
        match_any: bool = False,
        sort: Sort | None = None,
        cursor: str | None = None,
        limit: int = 50,
        deleted: bool = False,
    ) -> Page:
        """One page of records the actor may view; ``deleted`` lists the recycle bin."""
        module = self.module(actor, module_name, Operation.VIEW)
        return await self._page(
            actor,
            module,
            conditions=conditions,
            match_any=match_any,
            sort=sort,
            cursor=cursor,
            limit=limit,
            deleted=deleted,
        )

    async def related(
        self,
        actor: Actor,
        module_name: str,
        record_id: int,
        related_module: str,
        *,
        via: str | None = None,
        conditions: Sequence[Condition] = (),
        sort: Sort | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page:
        """A related list: ``related_module`` records tied to this record."""
        source = await self.get(actor, module_name, record_id)
        related = self.module(actor, related_module, Operation.VIEW)
        extra = related_clause(self.catalog, source.module, record_id, related, via)
        return await self._page(
            actor,
            related,
            conditions=conditions,
            sort=sort,
            cursor=cursor,
            limit=limit,
            extra=extra,
        )

    def _list_stmt(
        self,
        actor: Actor,
        module: Module,
        *,
        conditions: Sequence[Condition] = (),
        match_any: bool = False,
        sort: Sort,
        cursor: str | None = None,
        limit: int = 50,
        deleted: bool = False,
        extra: ColumnElement[bool] | None = None,
    ) -> Select[Any]:
        table = self.catalog.table(module.name)
        hidden = self.hidden_fields(actor, module)
        for name in [c.field for c in conditions] + [sort.field]:
            if name in hidden:
                raise InvalidRequest(detail=f"{module.name} has no field {name!r}")
        flag = module.hidden_flag
        if flag is not None and not any(c.field == flag for c in conditions):
            unflagged = table.c[flag].is_(False)
            extra = unflagged if extra is None else and_(extra, unflagged)
        visible = self.policy.visible(actor, module, table)
        if extra is not None:
            visible = extra if visible is None else and_(visible, extra)
        return list_query(
            module,
            table,
            conditions=conditions,
            match_any=match_any,
            sort=sort,
            cursor=cursor,
            limit=limit,
            deleted=deleted,
            visible=visible,
        )

    async def _page(
        self,
        actor: Actor,
        module: Module,
        *,
        conditions: Sequence[Condition] = (),
        match_any: bool = False,
        sort: Sort | None = None,
        cursor: str | None = None,
        limit: int = 50,
        deleted: bool = False,
        extra: ColumnElement[bool] | None = None,
    ) -> Page:
        sort = sort or Sort()
        stmt = self._list_stmt(
            actor,
            module,
            conditions=conditions,
            match_any=match_any,
            sort=sort,
            cursor=cursor,
            limit=limit,
            deleted=deleted,
            extra=extra,
        )
        async with self.db.read() as conn:
            rows = (await conn.execute(stmt)).all()
            last_event_id = await self._last_event_id(conn)
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = cursor_after(module, sort, dict(rows[-1]._mapping)) if more else None
        records = [self.shape(actor, row_to_record(module, r)) for r in rows]
        return Page(records, next_cursor, last_event_id)

    async def export_records(
        self,
        actor: Actor,
        module_name: str,
        *,
        conditions: Sequence[Condition] = (),
        match_any: bool = False,
        sort: Sort | None = None,
        page_size: int = 500,
    ) -> AsyncIterator[Record]:
        """Every matching record, a page at a time, so an export of a million
        rows never holds more than one page in memory or one read open."""
        module = self.module(actor, module_name, Operation.VIEW)
        if not self.policy.has_tool(actor, Tool.EXPORT):
            raise AccessDenied(action="export", module=module.name)
        cursor: str | None = None
        while True:
            page = await self.list_records(
                actor,
                module_name,
                conditions=conditions,
                match_any=match_any,
                sort=sort,
                cursor=cursor,
                limit=page_size,
            )
            for record in page.records:
                yield record
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    async def count(
        self,
        actor: Actor,
        module_name: str,
        *,
        conditions: Sequence[Condition] = (),
        match_any: bool = False,
    ) -> int:
        module = self.module(actor, module_name, Operation.VIEW)
        table = self.catalog.table(module.name)
        inner = self._list_stmt(
            actor, module, conditions=conditions, match_any=match_any, sort=Sort(), limit=1
        )
        stmt = select(func.count()).select_from(
            inner.limit(None).order_by(None).with_only_columns(table.c.id).subquery()
        )
        async with self.db.read() as conn:
            return int((await conn.execute(stmt)).scalar_one())

    async def search(
        self, actor: Actor, query: str, *, modules: Sequence[str] | None = None, limit: int = 20
    ) -> list[SearchHit]:
        """Records across modules matching every word of ``query`` (word forms and
        prefixes included), best matches first."""
        limit = max(1, min(limit, 100))
        async with self.db.read() as conn:
            return await finder.search(
                conn, self.catalog, self.policy, actor, query, modules=modules, limit=limit
            )

    async def lookup_phone(
        self, actor: Actor, number: str, modules: Sequence[str] = finder.CALLER_MODULES
    ) -> list[LookupMatch]:
        async with self.db.read() as conn:
            return await finder.lookup_phone(
                conn, self.catalog, self.policy, actor, number, self.region, modules
            )

    async def lookup_phones(
        self, actor: Actor, numbers: Sequence[str], modules: Sequence[str] = finder.CALLER_MODULES
    ) -> dict[str, list[LookupMatch]]:
        async with self.db.read() as conn:
            return await finder.lookup_phones(
                conn, self.catalog, self.policy, actor, numbers, self.region, modules
            )

    async def lookup_email(
        self, actor: Actor, address: str, modules: Sequence[str] = finder.CALLER_MODULES
    ) -> list[LookupMatch]:
        async with self.db.read() as conn:
            return await finder.lookup_email(
                conn, self.catalog, self.policy, actor, address, modules
            )

    async def history(self, actor: Actor, module_name: str, record_id: int) -> list[HistoryEntry]:
        record = await self.get(actor, module_name, record_id)
        hidden = self.hidden_fields(actor, record.module)
        async with self.db.read() as conn:
            rows = await conn.execute(
                select(record_history)
                .where(record_history.c.record_id == record_id)
                .order_by(record_history.c.id)
            )
            return [
                HistoryEntry(
                    id=r.id,
                    record_id=r.record_id,
                    op=r.op,
                    actor_id=r.actor_id,
                    changed_at=r.changed_at,
                    changes={k: v for k, v in r.changes.items() if k not in hidden},
                )
                for r in rows
            ]

    async def events_after(self, after_id: int, limit: int = 1000) -> list[Event]:
        """Durable events after ``after_id``, unfiltered: for the hub and for
        services acting as the system. Anything shown to a user goes through
        ``events_for``."""
        async with self.db.read() as conn:
            return await outbox.events_after(conn, after_id, limit)

    async def events_for(self, actor: Actor, after_id: int, limit: int = 1000) -> list[Event]:
        """Durable events after ``after_id`` that ``actor`` may see, as they may see them."""
        return await self.visible_events(actor, await self.events_after(after_id, limit))

    def event_verdict(self, actor: Actor, event: Event) -> bool | None:
        """Whether ``actor`` may see ``event``, when that can be told without a
        query (from the owner the event carries); None when it cannot."""
        return event_verdict(self, actor, event)

    async def visible_events(self, actor: Actor, events: Sequence[Event]) -> list[Event]:
        """``events`` narrowed and shaped for ``actor``, by the rules of a page load."""
        return await visible_events(self, actor, events)

    async def last_event_id(self) -> int:
        async with self.db.read() as conn:
            return await self._last_event_id(conn)

    async def _last_event_id(self, conn: AsyncConnection) -> int:
        value = (await conn.execute(select(func.max(event_log.c.id)))).scalar_one_or_none()
        return int(value or 0)

    async def load_for(
        self, w: Writer, actor: Actor, module: Module, record_id: int, operation: Operation
    ) -> Record:
        current = await w.load(module, record_id, for_update=True)
        table = self.catalog.table(module.name)
        visible = self.policy.visible(actor, module, table)
        if visible is not None:
            seen = await w.conn.execute(select(table.c.id).where(table.c.id == record_id, visible))
            if seen.one_or_none() is None:
                raise NotFound(module=module.name, record_id=record_id)
        self.policy.check_record(actor, module, current.get("assigned_user_id"), operation)
        return current
