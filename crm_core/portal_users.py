"""Customers who sign in to the portal: principals of their own kind.

A portal user is tied to one contact and acts as a portal actor: the record
service shows them only records related to that contact (or its organisation,
when staff allowed it). Their passwords are argon2 hashes, like staff's.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy import insert, select, update

from crm_core.access import Actor, ActorKind, Operation
from crm_core.errors import FieldError, NotFound, ValidationFailed
from crm_core.records.service import RecordService
from crm_core.records.writer import utcnow
from crm_core.storage.database import Database
from crm_core.storage.schema import portal_user
from crm_core.users import MIN_PASSWORD_LENGTH, hash_password_blocking, verify_password_blocking


@dataclass(frozen=True)
class PortalUser:
    id: int
    contact_id: int
    login: str
    active: bool
    account_wide: bool


class PortalDirectory:
    def __init__(self, db: Database, records: RecordService, system: Actor) -> None:
        self.db = db
        self.records = records
        self.system = system

    async def grant(
        self, staff: Actor, contact_id: int, *, account_wide: bool = False, login: str | None = None
    ) -> PortalUser:
        """Give a contact portal access; the staff member must be allowed to edit it."""
        contact = await self.records.get(staff, "Contacts", contact_id)
        self.records.policy.check_record(
            staff, contact.module, contact.get("assigned_user_id"), Operation.EDIT
        )
        name = (login or contact.get("email") or "").strip().lower()
        if not name:
            raise ValidationFailed("Contacts", [FieldError("email", "is needed as the login")])
        async with self.db.write() as conn:
            taken = await conn.execute(
                select(portal_user.c.id).where(
                    (portal_user.c.login == name) | (portal_user.c.contact_id == contact_id)
                )
            )
            if taken.first() is not None:
                raise ValidationFailed(
                    "portal", [FieldError("login", f"{name} has access already")]
                )
            result = await conn.execute(
                insert(portal_user)
                .values(
                    contact_id=contact_id,
                    login=name,
                    active=True,
                    account_wide=account_wide,
                    created_at=utcnow(),
                )
                .returning(portal_user.c.id)
            )
            portal_id = int(result.scalar_one())
        return PortalUser(portal_id, contact_id, name, True, account_wide)

    async def set_password(self, portal_id: int, password: str) -> None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValidationFailed(
                "portal",
                [FieldError("password", f"must be at least {MIN_PASSWORD_LENGTH} characters")],
            )
        hashed = await asyncio.to_thread(hash_password_blocking, password)
        async with self.db.write() as conn:
            result = await conn.execute(
                update(portal_user)
                .where(portal_user.c.id == portal_id)
                .values(password_hash=hashed)
            )
            if result.rowcount != 1:
                raise NotFound(module="portal users", record_id=portal_id)

    async def authenticate(self, login: str, password: str) -> Actor | None:
        async with self.db.read() as conn:
            row = (
                await conn.execute(
                    select(portal_user).where(portal_user.c.login == login.strip().lower())
                )
            ).one_or_none()
        stored = row.password_hash if row is not None else None
        ok = await asyncio.to_thread(verify_password_blocking, stored, password)
        if row is None or not ok or not row.active:
            return None
        return await self.actor_for(row.id)

    async def actor_for(self, portal_id: int) -> Actor:
        """The portal actor for a portal user, with their contact's organisation."""
        async with self.db.read() as conn:
            row = (
                await conn.execute(select(portal_user).where(portal_user.c.id == portal_id))
            ).one_or_none()
        if row is None:
            raise NotFound(module="portal users", record_id=portal_id)
        contact = await self.records.get(self.system, "Contacts", row.contact_id)
        return Actor(
            user_id=self.system.user_id,
            kind=ActorKind.PORTAL,
            name=row.login,
            contact_id=row.contact_id,
            account_id=contact.get("account_id"),
            account_wide=bool(row.account_wide),
        )
