"""A ticket's SLA jobs in the timer store: one for each target's due time
and one for its reminder, named by ticket, target and kind, so setting them
again moves them rather than adding more."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncConnection

from workflows.sla.clock import TARGETS, Clock
from workflows.timers import TimerStore

KIND = "sla"


def job_key(ticket_id: int, target: str, what: str) -> str:
    return f"sla:r{ticket_id}:{target}:{what}"


def due_of(clock: Clock, name: str) -> dt.datetime | None:
    """When ``name`` breaches if nothing happens: while it runs, unbreached."""
    target = clock.targets.get(name)
    if target is None or not target.open or target.breached_at is not None:
        return None
    return target.due_at if target.since is not None else None


async def schedule(timers: TimerStore, conn: AsyncConnection, ticket_id: int, clock: Clock) -> None:
    """Set, move or cancel the ticket's jobs to fit its clock, in the
    transaction that stores the clock."""
    for name in TARGETS:
        wanted = {"due": due_of(clock, name), "remind": clock.remind_at(name)}
        for what, at in wanted.items():
            key = job_key(ticket_id, name, what)
            if at is None:
                await timers.cancel(conn, key)
                continue
            await timers.put(
                conn,
                kind=KIND,
                key=key,
                due_at=at,
                payload={"ticket_id": ticket_id, "target": name, "what": what},
                record_id=ticket_id,
            )
