"""Where SLA policies, calendars and tickets' clocks are kept.

A clock is written with its version and the id of the last event applied
to it: the event reader and every node's timer runner change clocks, and a
write that lost the race (the version moved) is read and done again rather
than overwriting the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.errors import FieldError, NotFound, ValidationFailed
from crm_core.storage.database import Database
from crm_core.storage.schema import sla_calendar, sla_policy, sla_ticket
from workflows.sla.calendar import ALWAYS, Hours, business_hours
from workflows.sla.clock import Clock
from workflows.sla.policies import Calendar, Policy


def _policy(row: Any) -> Policy:
    return Policy(
        id=row.id,
        name=row.name,
        position=row.position,
        active=bool(row.active),
        conditions=dict(row.conditions),
        calendar_id=row.calendar_id,
        targets={str(k): int(v) for k, v in dict(row.targets).items()},
        remind_before_minutes=row.remind_before_minutes,
        reminder=dict(row.reminder),
        escalation=list(row.escalation),
    )


def _calendar(row: Any) -> Calendar:
    return Calendar(
        id=row.id,
        name=row.name,
        time_zone=row.time_zone,
        week=[list(map(list, day)) for day in row.week],
        holidays=list(row.holidays),
    )


class SlaStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- policies ---------------------------------------------------------------

    async def policies(self, *, active_only: bool = False) -> list[Policy]:
        """In the order they are asked: position, then id."""
        stmt = select(sla_policy).order_by(sla_policy.c.position, sla_policy.c.id)
        if active_only:
            stmt = stmt.where(sla_policy.c.active.is_(True))
        async with self.db.read() as conn:
            return [_policy(r) for r in await conn.execute(stmt)]

    async def policy(self, policy_id: int) -> Policy:
        async with self.db.read() as conn:
            row = (
                await conn.execute(select(sla_policy).where(sla_policy.c.id == policy_id))
            ).one_or_none()
        if row is None:
            raise NotFound(module="sla_policy", record_id=policy_id)
        return _policy(row)

    async def add_policy(self, checked: Mapping[str, Any]) -> Policy:
        now = dt.datetime.now(dt.UTC)
        async with self.db.write() as conn:
            result = await conn.execute(
                insert(sla_policy)
                .values(**checked, created_at=now, updated_at=now)
                .returning(sla_policy.c.id)
            )
            policy_id = int(result.scalar_one())
        return await self.policy(policy_id)

    async def change_policy(self, policy_id: int, checked: Mapping[str, Any]) -> Policy:
        async with self.db.write() as conn:
            result = await conn.execute(
                update(sla_policy)
                .where(sla_policy.c.id == policy_id)
                .values(**checked, updated_at=dt.datetime.now(dt.UTC))
            )
            if result.rowcount != 1:
                raise NotFound(module="sla_policy", record_id=policy_id)
        return await self.policy(policy_id)

    async def remove_policy(self, policy_id: int) -> None:
        async with self.db.write() as conn:
            result = await conn.execute(delete(sla_policy).where(sla_policy.c.id == policy_id))
            if result.rowcount != 1:
                raise NotFound(module="sla_policy", record_id=policy_id)

    # -- calendars --------------------------------------------------------------

    async def calendars(self) -> list[Calendar]:
        async with self.db.read() as conn:
            rows = await conn.execute(select(sla_calendar).order_by(sla_calendar.c.id))
            return [_calendar(r) for r in rows]

    async def calendar(self, calendar_id: int) -> Calendar:
        async with self.db.read() as conn:
            row = (
                await conn.execute(select(sla_calendar).where(sla_calendar.c.id == calendar_id))
            ).one_or_none()
        if row is None:
            raise NotFound(module="sla_calendar", record_id=calendar_id)
        return _calendar(row)

    async def hours(self, calendar_id: int | None) -> Hours:
        """The arithmetic of a calendar; round the clock when there is none
        (or it was removed since)."""
        if calendar_id is None:
            return ALWAYS
        try:
            found = await self.calendar(calendar_id)
        except NotFound:
            return ALWAYS
        return business_hours(found.time_zone, found.week, found.holidays)

    async def add_calendar(self, checked: Mapping[str, Any]) -> Calendar:
        now = dt.datetime.now(dt.UTC)
        async with self.db.write() as conn:
            result = await conn.execute(
                insert(sla_calendar)
                .values(**checked, created_at=now, updated_at=now)
                .returning(sla_calendar.c.id)
            )
            calendar_id = int(result.scalar_one())
        return await self.calendar(calendar_id)

    async def change_calendar(self, calendar_id: int, checked: Mapping[str, Any]) -> Calendar:
        async with self.db.write() as conn:
            result = await conn.execute(
                update(sla_calendar)
                .where(sla_calendar.c.id == calendar_id)
                .values(**checked, updated_at=dt.datetime.now(dt.UTC))
            )
            if result.rowcount != 1:
                raise NotFound(module="sla_calendar", record_id=calendar_id)
        return await self.calendar(calendar_id)

    async def remove_calendar(self, calendar_id: int) -> None:
        """Refused while a policy uses the calendar."""
        async with self.db.write() as conn:
            used = (
                await conn.execute(
                    select(sla_policy.c.id).where(sla_policy.c.calendar_id == calendar_id).limit(1)
                )
            ).first()
            if used is not None:
                raise ValidationFailed(
                    "sla_calendar", [FieldError("calendar_id", f"is used by SLA policy {used.id}")]
                )
            result = await conn.execute(
                delete(sla_calendar).where(sla_calendar.c.id == calendar_id)
            )
            if result.rowcount != 1:
                raise NotFound(module="sla_calendar", record_id=calendar_id)

    # -- tickets' clocks ----------------------------------------------------------

    async def clock(self, ticket_id: int) -> tuple[Clock, int, int] | None:
        """The ticket's clock, its version and the last event applied."""
        async with self.db.read() as conn:
            row = (
                await conn.execute(select(sla_ticket).where(sla_ticket.c.ticket_id == ticket_id))
            ).one_or_none()
        if row is None:
            return None
        return Clock.from_json(dict(row.clock)), int(row.version), int(row.last_event_id)

    async def save(
        self,
        conn: AsyncConnection,
        ticket_id: int,
        clock: Clock,
        *,
        version: int | None,
        event_id: int | None = None,
    ) -> bool:
        """Write the clock if it is still at ``version`` (None: a new one);
        False when someone else wrote it first."""
        now = dt.datetime.now(dt.UTC)
        if version is None:
            try:
                async with conn.begin_nested():
                    await conn.execute(
                        insert(sla_ticket).values(
                            ticket_id=ticket_id,
                            clock=clock.to_json(),
                            version=1,
                            last_event_id=event_id or 0,
                            updated_at=now,
                        )
                    )
            except IntegrityError:
                return False
            return True
        values: dict[str, Any] = {"clock": clock.to_json(), "version": version + 1}
        values["updated_at"] = now
        if event_id is not None:
            values["last_event_id"] = event_id
        result = await conn.execute(
            update(sla_ticket)
            .where(sla_ticket.c.ticket_id == ticket_id, sla_ticket.c.version == version)
            .values(**values)
        )
        return result.rowcount == 1

    async def forget(self, conn: AsyncConnection, ticket_id: int) -> None:
        await conn.execute(delete(sla_ticket).where(sla_ticket.c.ticket_id == ticket_id))
