"""Customers who sign in to the portal: principals of their own kind.

A portal user is tied to one contact and acts as a portal actor: the record
service shows them only records related to that contact (or its organisation,
when staff allowed it). Their passwords are argon2 hashes, like staff's.

Staff grant and revoke access as themselves: whoever may edit the contact may
give it portal access, so the rules of the contact's record decide, not a
separate right. A revoked customer keeps their row (switched off), so access
granted again later is the same portal user.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Row

from crm_core.access import Actor, ActorKind, Operation
from crm_core.errors import AccessDenied, FieldError, NotFound, ValidationFailed
from crm_core.metadata.fields import EMAIL_RE
from crm_core.records.service import RecordService
from crm_core.records.writer import utcnow
from crm_core.storage.database import Database
from crm_core.storage.schema import portal_session, portal_token, portal_user
from crm_core.users import MIN_PASSWORD_LENGTH, hash_password_blocking, verify_password_blocking

MAX_LISTED = 500


@dataclass(frozen=True)
class PortalUser:
    id: int
    contact_id: int
    login: str
    active: bool
    account_wide: bool
    has_password: bool = False
    created_at: dt.datetime | None = None
    last_signin_at: dt.datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "contact_id": self.contact_id,
            "login": self.login,
            "active": self.active,
            "account_wide": self.account_wide,
            "has_password": self.has_password,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "last_signin_at": self.last_signin_at.isoformat() if self.last_signin_at else None,
        }


def _portal_user(row: Row[Any]) -> PortalUser:
    return PortalUser(
        id=row.id,
        contact_id=row.contact_id,
        login=row.login,
        active=bool(row.active),
        account_wide=bool(row.account_wide),
        has_password=row.password_hash is not None,
        created_at=row.created_at,
        last_signin_at=row.last_signin_at,
    )


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            "portal",
            [FieldError("password", f"must be at least {MIN_PASSWORD_LENGTH} characters")],
        )


class PortalDirectory:
    def __init__(self, db: Database, records: RecordService, system: Actor) -> None:
        self.db = db
        self.records = records
        self.system = system

    async def _check_staff(self, staff: Actor, contact_id: int) -> dict[str, Any]:
        """The contact, once ``staff`` is shown to be allowed to edit it."""
        if staff.kind is ActorKind.PORTAL:
            raise AccessDenied(action="manage portal access", module="Contacts")
        contact = await self.records.get(staff, "Contacts", contact_id)
        self.records.policy.check_record(
            staff, contact.module, contact.get("assigned_user_id"), Operation.EDIT
        )
        return contact.values

    async def grant(
        self, staff: Actor, contact_id: int, *, account_wide: bool = False, login: str | None = None
    ) -> PortalUser:
        """Give a contact portal access; the staff member must be allowed to edit it.
        A contact whose access was revoked gets it back (same portal user)."""
        contact = await self._check_staff(staff, contact_id)
        name = (login or contact.get("email") or "").strip().lower()
        if not name:
            raise ValidationFailed("Contacts", [FieldError("email", "is needed as the login")])
        if not EMAIL_RE.match(name) or len(name) > 254:
            raise ValidationFailed("portal", [FieldError("login", f"{name} is not an address")])
        async with self.db.write() as conn:
            taken = (
                await conn.execute(
                    select(portal_user).where(
                        (portal_user.c.login == name) | (portal_user.c.contact_id == contact_id)
                    )
                )
            ).all()
            revoked = [r for r in taken if r.contact_id == contact_id and not r.active]
            if len(taken) != len(revoked):
                raise ValidationFailed(
                    "portal", [FieldError("login", f"{name} has access already")]
                )
            if revoked:
                portal_id = revoked[0].id
                await conn.execute(
                    update(portal_user)
                    .where(portal_user.c.id == portal_id)
                    .values(login=name, active=True, account_wide=account_wide)
                )
            else:
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
        return await self.get(portal_id)

    async def revoke(self, staff: Actor, portal_id: int) -> PortalUser:
        """Switch a customer's access off: their sessions and links end at once."""
        found = await self.get(portal_id)
        await self._check_staff(staff, found.contact_id)
        async with self.db.write() as conn:
            await conn.execute(
                update(portal_user).where(portal_user.c.id == portal_id).values(active=False)
            )
            await conn.execute(
                delete(portal_session).where(portal_session.c.portal_user_id == portal_id)
            )
            await conn.execute(
                delete(portal_token).where(portal_token.c.portal_user_id == portal_id)
            )
        return await self.get(portal_id)

    async def change(
        self,
        staff: Actor,
        portal_id: int,
        *,
        active: bool | None = None,
        account_wide: bool | None = None,
    ) -> PortalUser:
        """Switch access back on (the customer's password still works; one who
        never set it needs an invitation) or off, and let a customer see their
        organisation's records or only their own. Switching off is ``revoke``,
        so sessions and links end the same way."""
        found = await self.get(portal_id)
        await self._check_staff(staff, found.contact_id)
        if active is False:
            found = await self.revoke(staff, portal_id)
        values: dict[str, bool] = {}
        if active and not found.active:
            values["active"] = True
        if account_wide is not None and account_wide != found.account_wide:
            values["account_wide"] = account_wide
        if not values:
            return found
        async with self.db.write() as conn:
            await conn.execute(
                update(portal_user).where(portal_user.c.id == portal_id).values(**values)
            )
        return await self.get(portal_id)

    async def for_staff(self, staff: Actor, portal_id: int) -> PortalUser:
        """A portal user whose contact ``staff`` may edit (else NotFound or AccessDenied)."""
        found = await self.get(portal_id)
        await self._check_staff(staff, found.contact_id)
        return found

    async def listing(self, staff: Actor) -> list[tuple[PortalUser, str]]:
        """Who has portal access, among the contacts ``staff`` may see, with
        each contact's name."""
        if staff.kind is ActorKind.PORTAL:
            raise AccessDenied(action="manage portal access", module="Contacts")
        async with self.db.read() as conn:
            rows = (
                await conn.execute(select(portal_user).order_by(portal_user.c.id).limit(MAX_LISTED))
            ).all()
        if not rows:
            return []
        seen = await self.records.display_names(staff, [r.contact_id for r in rows])
        labels = {
            record_id: label
            for record_id, (module, label) in seen.records.items()
            if module == "Contacts"
        }
        return [(_portal_user(r), labels[r.contact_id]) for r in rows if r.contact_id in labels]

    async def get(self, portal_id: int) -> PortalUser:
        async with self.db.read() as conn:
            row = (
                await conn.execute(select(portal_user).where(portal_user.c.id == portal_id))
            ).one_or_none()
        if row is None:
            raise NotFound(module="portal users", record_id=portal_id)
        return _portal_user(row)

    async def by_login(self, login: str) -> PortalUser | None:
        async with self.db.read() as conn:
            row = (
                await conn.execute(
                    select(portal_user).where(portal_user.c.login == login.strip().lower()[:254])
                )
            ).one_or_none()
        return None if row is None else _portal_user(row)

    async def set_password(self, portal_id: int, password: str) -> None:
        check_password(password)
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
        """The customer's actor for valid credentials of active access, else None.
        Takes as long for an unknown login as for a wrong password."""
        async with self.db.read() as conn:
            row = (
                await conn.execute(
                    select(portal_user).where(portal_user.c.login == login.strip().lower()[:254])
                )
            ).one_or_none()
        stored = row.password_hash if row is not None else None
        ok = await asyncio.to_thread(verify_password_blocking, stored, password)
        if row is None or not ok or not row.active:
            return None
        return await self.actor_for(row.id)

    async def actor_for(self, portal_id: int) -> Actor:
        """The portal actor for a portal user, with their contact's organisation."""
        found = await self.get(portal_id)
        contact = await self.records.get(self.system, "Contacts", found.contact_id)
        return Actor(
            user_id=self.system.user_id,
            kind=ActorKind.PORTAL,
            name=found.login,
            contact_id=found.contact_id,
            account_id=contact.get("account_id"),
            account_wide=found.account_wide,
        )
