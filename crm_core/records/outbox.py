"""History and the event log, written in the same transaction as the change.

On PostgreSQL, ids from a sequence can commit out of order: a reader that
resumes "after id 41" could skip an id 40 that committed later. Taking a
transaction-scoped advisory lock right before appending events makes commit
order follow id order; it is held only from the append to the commit, the
last moments of a write. SQLite has one writer at a time and needs nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.hub.events import Event
from crm_core.storage.bulk import insert_returning_ids
from crm_core.storage.schema import event_log, record_history

EVENT_LOG_LOCK = 0x5B0A4D  # any constant; names the event-log append lock


@dataclass(frozen=True)
class PendingEvent:
    type: str
    op: str
    module: str | None
    record_id: int | None
    payload: dict[str, Any]


@dataclass(frozen=True)
class PendingHistory:
    record_id: int
    module: str
    op: str
    changes: dict[str, list[Any]]


async def append(
    conn: AsyncConnection,
    *,
    actor_id: int | None,
    now: dt.datetime,
    history: Sequence[PendingHistory] = (),
    events: Sequence[PendingEvent] = (),
) -> list[Event]:
    """Write history rows and events; return the events with their ids."""
    if history:
        await conn.execute(
            insert(record_history),
            [
                {
                    "record_id": h.record_id,
                    "module": h.module,
                    "actor_id": actor_id,
                    "op": h.op,
                    "changes": h.changes,
                    "changed_at": now,
                }
                for h in history
            ],
        )
    if not events:
        return []
    if conn.dialect.name == "postgresql":
        await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": EVENT_LOG_LOCK})
    rows = [
        {
            "type": e.type,
            "op": e.op,
            "module": e.module,
            "record_id": e.record_id,
            "actor_id": actor_id,
            "payload": e.payload,
            "created_at": now,
        }
        for e in events
    ]
    ids = await insert_returning_ids(conn, event_log, rows)
    return [
        Event(
            id=event_id,
            type=e.type,
            op=e.op,
            module=e.module,
            record_id=e.record_id,
            actor_id=actor_id,
            payload=e.payload,
            created_at=now,
        )
        for event_id, e in zip(ids, events, strict=True)
    ]


async def events_after(conn: AsyncConnection, after_id: int, limit: int) -> list[Event]:
    rows = await conn.execute(
        select(event_log).where(event_log.c.id > after_id).order_by(event_log.c.id).limit(limit)
    )
    return [
        Event(
            id=r.id,
            type=r.type,
            op=r.op,
            module=r.module,
            record_id=r.record_id,
            actor_id=r.actor_id,
            payload=r.payload,
            created_at=r.created_at,
        )
        for r in rows
    ]
