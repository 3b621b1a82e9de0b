"""The submission log: what each submission became, and the rate limit's count.

Accepted submissions are logged inside the transaction that stores their
record, so the log never claims a record that was rolled back; spam and
refused submissions are logged on their own, with each field's reason cut
short rather than the whole of what was sent (it may be anything).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.storage.database import Database
from crm_core.storage.schema import web_form_submission
from portal.webforms.const import RECENT_LIMIT


async def log(
    conn: AsyncConnection,
    *,
    form_id: int,
    address: str,
    outcome: str,
    now: dt.datetime,
    module: str | None = None,
    record_id: int | None = None,
    detail: dict[str, Any] | None = None,
    nonce: str | None = None,
) -> None:
    await conn.execute(
        insert(web_form_submission).values(
            form_id=form_id,
            address=address,
            outcome=outcome,
            module=module,
            record_id=record_id,
            detail=detail or {},
            challenge_nonce=nonce,
            submitted_at=now,
        )
    )


class SubmissionLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def log(self, **kw: Any) -> None:
        async with self.db.write() as conn:
            await log(conn, **kw)

    async def count_since(self, address: str, since: dt.datetime) -> int:
        async with self.db.read() as conn:
            found = await conn.execute(
                select(func.count())
                .select_from(web_form_submission)
                .where(
                    web_form_submission.c.address == address,
                    web_form_submission.c.submitted_at >= since,
                )
            )
            return int(found.scalar_one())

    async def oldest_since(self, address: str, since: dt.datetime) -> dt.datetime | None:
        async with self.db.read() as conn:
            found = await conn.execute(
                select(func.min(web_form_submission.c.submitted_at)).where(
                    web_form_submission.c.address == address,
                    web_form_submission.c.submitted_at >= since,
                )
            )
            value: Any = found.scalar_one_or_none()
        if isinstance(value, str):  # SQLite hands an aggregate back untyped
            value = dt.datetime.fromisoformat(value)
        if not isinstance(value, dt.datetime):
            return None
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)

    async def nonce_used(self, nonce: str) -> bool:
        async with self.db.read() as conn:
            found = await conn.execute(
                select(web_form_submission.c.id).where(
                    web_form_submission.c.challenge_nonce == nonce
                )
            )
            return found.first() is not None

    async def recent(self, form_id: int | None, limit: int = 50) -> list[dict[str, Any]]:
        stmt = select(web_form_submission).order_by(web_form_submission.c.id.desc())
        if form_id is not None:
            stmt = stmt.where(web_form_submission.c.form_id == form_id)
        async with self.db.read() as conn:
            rows = (await conn.execute(stmt.limit(max(1, min(limit, RECENT_LIMIT))))).all()
        return [
            {
                "id": r.id,
                "form_id": r.form_id,
                "address": r.address,
                "outcome": r.outcome,
                "module": r.module,
                "record_id": r.record_id,
                "detail": r.detail,
                "submitted_at": r.submitted_at.isoformat(),
            }
            for r in rows
        ]
