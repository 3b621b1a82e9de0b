"""What we write to customers: an agent's reply from a ticket, and the
acknowledgement of a new ticket.

Both are stored as an outbound Emails record in the ticket's thread and queued
in the outbox in one transaction. A reply answers the thread's latest message
(In-Reply-To, References) from the mailbox the customer wrote to, as the agent;
an acknowledgement is a template in the customer's language, sent only when the
loop guard allows an automatic reply and the sender has not had too many.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from crm_core.access import Actor
from crm_core.errors import FieldError, ValidationFailed
from crm_core.records.model import Condition, Op, Record, Sort
from crm_core.records.service import RecordService
from crm_core.records.unit import WriteUnit
from mail.compose import Outgoing, Templates, language_of, new_message_id, tagged_subject
from mail.filing import SOURCE, number, present
from mail.loop_guard import AutoReplyLimiter
from mail.outbox import Outbox

THREAD_IDS = 20
"""References carry the thread's newest this many ids."""


class Replies:
    def __init__(
        self,
        records: RecordService,
        outbox: Outbox,
        templates: Templates,
        *,
        domain: str,
        fallback_mailbox: str,
        acknowledgements_per_hour: int = 3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.records = records
        self.outbox = outbox
        self.templates = templates
        self.domain = domain
        self.fallback_mailbox = fallback_mailbox
        """Replies go from the mailbox the customer last wrote to, else this."""
        self.limiter = AutoReplyLimiter(acknowledgements_per_hour, 3600.0, clock)

    async def reply(
        self, actor: Actor, ticket_id: int, body: str, cc: list[str] | None = None
    ) -> Record:
        """An agent's answer to the ticket's customer; returns its Emails record."""
        if not body.strip():
            raise ValidationFailed("Emails", [FieldError("body", "is empty")])
        ticket = await self.records.get(actor, "HelpDesk", ticket_id)
        contact_id = ticket.get("contact_id")
        contact = await self.records.get(actor, "Contacts", contact_id) if contact_id else None
        address = contact.get("email") if contact else None
        if not address:
            raise ValidationFailed(
                "Emails", [FieldError("to", "the ticket's contact has no email address")]
            )
        thread = await self._thread(ticket)
        latest_in = next((e for e in thread if e.get("direction") == "inbound"), None)
        mailbox = (latest_in.get("mailbox") if latest_in else None) or self.fallback_mailbox
        outgoing = Outgoing(
            from_address=mailbox,
            from_name="",
            to=[address],
            cc=cc or [],
            subject=tagged_subject(ticket.get("ticket_title") or "", number(ticket), reply=True),
            body=body,
            message_id=new_message_id(number(ticket), self.domain),
            in_reply_to=_answered_id(latest_in, thread),
            references=[e.get("message_id") for e in reversed(thread) if e.get("message_id")],
        )

        async def work(unit: WriteUnit) -> Record:
            return await self._queue(unit, outgoing, ticket, contact)

        email = await self.records.together(actor, work)
        self.outbox.wake()
        return email

    async def acknowledge(
        self,
        unit: WriteUnit,
        ticket: Record,
        contact: Record | None,
        message: Any,
        mailbox: str,
    ) -> Record | None:
        """Queue the acknowledgement of a new ticket, inside the intake's
        transaction; None when the sender has had enough automatic mail."""
        address = contact.get("email") if contact else None
        if not address or not self.limiter.allow(address):
            return None
        language = language_of(message.subject, message.text)
        subject, body = self.templates.render(
            "acknowledgement",
            language,
            ticket_no=number(ticket) or "",
            subject=message.subject,
            name=(message.from_addr.name if message.from_addr else "") or "",
        )
        outgoing = Outgoing(
            from_address=mailbox,
            from_name="",
            to=[address],
            subject=tagged_subject(subject, number(ticket), reply=False),
            body=body,
            message_id=new_message_id(number(ticket), self.domain),
            in_reply_to=message.message_id,
            references=[*message.references, message.message_id]
            if message.message_id
            else list(message.references),
            automatic=True,
        )
        return await self._queue(unit, outgoing, ticket, contact)

    async def _queue(
        self, unit: WriteUnit, outgoing: Outgoing, ticket: Record, contact: Record | None
    ) -> Record:
        raw = outgoing.as_bytes()
        email = await unit.create(
            "Emails",
            present(
                {
                    "subject": outgoing.subject[:998],
                    "from_email": outgoing.from_address,
                    "saved_toid": ", ".join(outgoing.to),
                    "ccmail": ", ".join(outgoing.cc) or None,
                    "date_start": dt.datetime.now(dt.UTC),
                    "parent_id": ticket.id,
                    "contact_id": contact.id if contact else None,
                    "email_flag": "QUEUED",
                    "direction": "outbound",
                    "mailbox": outgoing.from_address,
                    "message_id": outgoing.message_id,
                    "in_reply_to": outgoing.in_reply_to,
                    "mail_references": " ".join(outgoing.references) or None,
                    "description": outgoing.body,
                }
            ),
            source=SOURCE,
        )
        await self.outbox.queue(
            unit,
            email_id=email.id,
            raw=raw,
            envelope_from=outgoing.from_address,
            recipients=[*outgoing.to, *outgoing.cc],
        )
        return email

    async def _thread(self, ticket: Record) -> list[Record]:
        """The ticket's messages, newest first."""
        page = await self.records.list_records(
            self.outbox.system,
            "Emails",
            conditions=[Condition("parent_id", Op.EQ, ticket.id)],
            sort=Sort("date_start", descending=True),
            limit=THREAD_IDS,
        )
        return page.records


def _answered_id(latest_in: Record | None, thread: list[Record]) -> str | None:
    """The id a reply answers: the customer's latest message, not our own
    acknowledgement of it; the newest message when the customer wrote none."""
    answered = latest_in or (thread[0] if thread else None)
    return (answered.get("message_id") or None) if answered is not None else None
