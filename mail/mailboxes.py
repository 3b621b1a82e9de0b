"""Mailboxes: the addresses the CRM owns, and what a new message there makes.

Administrators add them at run time (``switchboard mailbox add``, the admin
API), kept in the database; the settings file may declare more
(``[mail] mailboxes``), which are fixed and cannot be removed at run time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import delete, insert, select

from crm_core.errors import FieldError, ValidationFailed
from crm_core.metadata.fields import EMAIL_RE
from crm_core.storage.database import Database
from crm_core.storage.schema import mail_rule, mailbox


class Creates(StrEnum):
    """What a message that starts no thread becomes."""

    TICKET = "ticket"
    LEAD = "lead"
    NONE = "none"
    """Only stored, linked to the sender's record when there is one."""


@dataclass(frozen=True)
class Mailbox:
    address: str
    creates: Creates
    owner_id: int | None = None
    """Who new records belong to; the system user when None."""
    declared: bool = False
    """Declared in the settings file rather than added at run time."""


def normalise_address(raw: str) -> str:
    address = raw.strip().lower()
    if not EMAIL_RE.match(address):
        raise ValidationFailed("Mailbox", [FieldError("address", "is not an email address")])
    return address


def parse_creates(raw: str) -> Creates:
    try:
        return Creates(raw.strip().lower())
    except ValueError:
        choices = ", ".join(c.value for c in Creates)
        raise ValidationFailed(
            "Mailbox", [FieldError("creates", f"must be one of {choices}")]
        ) from None


class Mailboxes:
    def __init__(self, db: Database, declared: Mapping[str, str] | None = None) -> None:
        self.db = db
        self.declared = {
            normalise_address(address): Mailbox(
                normalise_address(address), parse_creates(creates), declared=True
            )
            for address, creates in (declared or {}).items()
        }

    async def all(self) -> list[Mailbox]:
        async with self.db.read() as conn:
            rows = (await conn.execute(select(mailbox).order_by(mailbox.c.address))).all()
        stored = {
            r.address: Mailbox(r.address, Creates(r.creates), r.owner_id)
            for r in rows
            if r.address not in self.declared
        }
        return sorted([*self.declared.values(), *stored.values()], key=lambda m: m.address)

    async def get(self, address: str) -> Mailbox | None:
        try:
            wanted = normalise_address(address)
        except ValidationFailed:
            return None
        if wanted in self.declared:
            return self.declared[wanted]
        async with self.db.read() as conn:
            row = (
                await conn.execute(select(mailbox).where(mailbox.c.address == wanted))
            ).one_or_none()
        return None if row is None else Mailbox(row.address, Creates(row.creates), row.owner_id)

    async def add(self, address: str, creates: str, owner_id: int | None = None) -> Mailbox:
        box = Mailbox(normalise_address(address), parse_creates(creates), owner_id)
        if await self.get(box.address) is not None:
            raise ValidationFailed("Mailbox", [FieldError("address", "is a mailbox already")])
        async with self.db.write() as conn:
            await conn.execute(
                insert(mailbox).values(
                    address=box.address,
                    creates=box.creates.value,
                    owner_id=owner_id,
                    created_at=dt.datetime.now(dt.UTC),
                )
            )
        return box

    async def remove(self, address: str) -> None:
        wanted = normalise_address(address)
        if wanted in self.declared:
            raise ValidationFailed(
                "Mailbox", [FieldError("address", "is declared in the settings file")]
            )
        async with self.db.write() as conn:
            result = await conn.execute(delete(mailbox).where(mailbox.c.address == wanted))
            if result.rowcount:
                await conn.execute(delete(mail_rule).where(mail_rule.c.mailbox == wanted))
        if result.rowcount == 0:
            raise ValidationFailed("Mailbox", [FieldError("address", "is not a mailbox")])
