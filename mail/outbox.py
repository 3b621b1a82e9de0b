"""Mail on its way out, and the task that hands it to the relay.

A reply is queued in the same transaction that stores its Emails record, so
an agent's answer is never stored without being sent nor sent without being
stored. The sender then tries the relay; a relay that is down or answers 4xx
leaves the message queued, tried again later with growing pauses; a 5xx
refusal or too many failures mark it failed, on its Emails record too, for a
person to see.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update

from crm_core.access import Actor
from crm_core.records.service import RecordService
from crm_core.records.unit import WriteUnit
from crm_core.storage.database import Database
from crm_core.storage.files import FileStore
from crm_core.storage.schema import mail_outbox
from mail.worker import WakeableWorker

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_PAUSE_S = 30.0
LONGEST_PAUSE_S = 3600.0


@dataclass(frozen=True)
class Relay:
    host: str
    port: int
    starttls: bool = False
    username: str = ""
    password: str = ""
    timeout_s: float = 30.0


class Outbox(WakeableWorker):
    task_name = "mail-outbox"

    def __init__(
        self, db: Database, files: FileStore, records: RecordService, system: Actor, relay: Relay
    ) -> None:
        super().__init__()
        self.db = db
        self.files = files
        self.records = records
        self.system = system
        self.relay = relay
        self.first_pause_s = FIRST_PAUSE_S
        self._told_no_relay = False

    async def queue(
        self,
        unit: WriteUnit,
        *,
        email_id: int,
        raw: bytes,
        envelope_from: str,
        recipients: Sequence[str],
    ) -> None:
        """Queue ``raw`` for sending, inside the caller's transaction."""
        digest = await self.files.put(raw)
        now = dt.datetime.now(dt.UTC)
        await unit.conn.execute(
            insert(mail_outbox).values(
                email_id=email_id,
                sha256=digest,
                envelope_from=envelope_from,
                recipients=list(recipients),
                state="queued",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )

    async def _run(self) -> None:
        while True:
            try:
                await self.send_due()
                pause = await self._until_next()
            except Exception:
                logger.exception("the outbox stopped short; trying again")
                pause = self.first_pause_s
            self._idle.set()
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(pause):
                    await self._wake.wait()
            self._idle.clear()

    async def send_due(self) -> int:
        if not self.relay.host:
            if not self._told_no_relay:
                logger.warning("no mail relay is set ([mail] relay_host): mail waits in the outbox")
                self._told_no_relay = True
            return 0
        now = dt.datetime.now(dt.UTC)
        async with self.db.read() as conn:
            rows = (
                await conn.execute(
                    select(mail_outbox)
                    .where(mail_outbox.c.state == "queued", mail_outbox.c.next_attempt_at <= now)
                    .order_by(mail_outbox.c.id)
                    .limit(100)
                )
            ).all()
        for row in rows:
            await self._send(row)
        return len(rows)

    async def _until_next(self) -> float | None:
        if not self.relay.host:
            return None  # nothing can be sent until a relay is set (and the hub restarted)
        async with self.db.read() as conn:
            due = (
                await conn.execute(
                    select(mail_outbox.c.next_attempt_at)
                    .where(mail_outbox.c.state == "queued")
                    .order_by(mail_outbox.c.next_attempt_at)
                    .limit(1)
                )
            ).scalar_one_or_none()
        if due is None:
            return None
        return max(0.0, float((due - dt.datetime.now(dt.UTC)).total_seconds()))

    async def _send(self, row: Any) -> None:
        raw = await self.files.read(row.sha256)
        try:
            await asyncio.to_thread(self._deliver, row.envelope_from, row.recipients, raw)
        except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused) as exc:
            permanent = _permanent(exc)
            await self._failed(row, f"{type(exc).__name__}: {exc}", permanent=permanent)
            return
        except (OSError, smtplib.SMTPException) as exc:
            await self._failed(row, f"{type(exc).__name__}: {exc}", permanent=False)
            return
        async with self.db.write() as conn:
            await conn.execute(
                update(mail_outbox)
                .where(mail_outbox.c.id == row.id)
                .values(state="sent", attempts=row.attempts + 1, last_error=None)
            )
        await self._flag(row.email_id, "SENT", None)

    def _deliver(self, sender: str, recipients: list[str], raw: bytes) -> None:
        relay = self.relay
        with smtplib.SMTP(relay.host, relay.port, timeout=relay.timeout_s) as client:
            client.ehlo()
            if relay.starttls:
                client.starttls()
                client.ehlo()
            if relay.username:
                client.login(relay.username, relay.password)
            client.sendmail(sender, recipients, raw)

    async def _failed(self, row: Any, error: str, *, permanent: bool) -> None:
        attempts = row.attempts + 1
        given_up = permanent or attempts >= MAX_ATTEMPTS
        pause = min(self.first_pause_s * 2 ** (attempts - 1), LONGEST_PAUSE_S)
        async with self.db.write() as conn:
            await conn.execute(
                update(mail_outbox)
                .where(mail_outbox.c.id == row.id)
                .values(
                    state="failed" if given_up else "queued",
                    attempts=attempts,
                    last_error=error[:4000],
                    next_attempt_at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=pause),
                )
            )
        logger.warning(
            "message %d not sent (%s)%s", row.id, error, "; given up" if given_up else ""
        )
        await self._flag(row.email_id, "FAILED" if given_up else "QUEUED", error)

    async def _flag(self, email_id: int, flag: str, note: str | None) -> None:
        values: dict[str, Any] = {"email_flag": flag}
        if note:
            values["delivery_notes"] = note[:4000]
        await self.records.update(self.system, "Emails", email_id, values)


def _permanent(exc: smtplib.SMTPException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    code = getattr(exc, "smtp_code", 0)
    return isinstance(code, int) and code >= 500
