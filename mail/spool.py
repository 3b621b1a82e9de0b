"""The spool: every accepted message, durable before it is acknowledged.

SMTP answers 250, and the IMAP poller marks a message, only after ``accept``
returns: the bytes are in the file store (synced to disk) and a row names
them. Processing takes pending rows in order and marks each done in the same
transaction that stores what the message made, so a crash at any moment
either leaves the row pending (processed again after restart) or has stored
everything once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.storage.database import Database
from crm_core.storage.files import FileStore
from crm_core.storage.schema import mail_spool

MAX_ATTEMPTS = 5
"""A message that failed this often is set aside as failed, for a person."""


class ProcessedElsewhere(Exception):
    """The spooled message was processed by another hub node meanwhile."""


@dataclass(frozen=True)
class Spooled:
    id: int
    mailbox: str
    source: str
    sha256: str
    size: int
    envelope_from: str | None
    acknowledge: bool
    """False for imported mail: nobody is sent an acknowledgement for it."""
    attempts: int


class Spool:
    def __init__(self, db: Database, files: FileStore) -> None:
        self.db = db
        self.files = files

    async def accept(
        self,
        raw: bytes,
        *,
        mailbox: str,
        source: str,
        envelope_from: str | None = None,
        acknowledge: bool = True,
    ) -> int:
        digest = await self.files.put(raw)
        async with self.db.write() as conn:
            result = await conn.execute(
                insert(mail_spool)
                .values(
                    mailbox=mailbox,
                    source=source[:500],
                    sha256=digest,
                    size=len(raw),
                    envelope_from=(envelope_from or None) and envelope_from[:998],
                    acknowledge=acknowledge,
                    received_at=dt.datetime.now(dt.UTC),
                    state="pending",
                    attempts=0,
                )
                .returning(mail_spool.c.id)
            )
            return int(result.scalar_one())

    async def pending(self, limit: int = 100) -> list[Spooled]:
        async with self.db.read() as conn:
            rows = (
                await conn.execute(
                    select(mail_spool)
                    .where(mail_spool.c.state == "pending")
                    .order_by(mail_spool.c.id)
                    .limit(limit)
                )
            ).all()
        return [_spooled(r) for r in rows]

    async def get(self, item_id: int) -> Spooled:
        async with self.db.read() as conn:
            row = (await conn.execute(select(mail_spool).where(mail_spool.c.id == item_id))).one()
        return _spooled(row)

    async def raw(self, item: Spooled) -> bytes:
        return await self.files.read(item.sha256)

    async def done(self, conn: AsyncConnection, item: Spooled, outcome: dict[str, Any]) -> None:
        """Mark ``item`` processed, inside the transaction that stored its
        records. Only a pending row is marked: when another hub node processed
        it first (its transaction holds the row until it commits), this one
        gets ``ProcessedElsewhere`` and its transaction rolls back whole."""
        result = await conn.execute(
            update(mail_spool)
            .where(mail_spool.c.id == item.id, mail_spool.c.state == "pending")
            .values(state="done", outcome=outcome, attempts=item.attempts + 1)
        )
        if result.rowcount != 1:
            raise ProcessedElsewhere(item.id)

    async def failed(self, item: Spooled, error: str) -> bool:
        """Count a failed attempt; True when the message is now set aside."""
        attempts = item.attempts + 1
        state = "failed" if attempts >= MAX_ATTEMPTS else "pending"
        async with self.db.write() as conn:
            await conn.execute(
                update(mail_spool)
                .where(mail_spool.c.id == item.id)
                .values(state=state, attempts=attempts, error=error[:4000])
            )
        return state == "failed"


def _spooled(row: Any) -> Spooled:
    return Spooled(
        row.id,
        row.mailbox,
        row.source,
        row.sha256,
        row.size,
        row.envelope_from,
        row.acknowledge,
        row.attempts,
    )
