"""Filing one message: the records it makes, inside the intake's transaction.

Each method makes what one outcome needs (a ticket with its contact, a lead,
a reply in a thread, a bounce on the message it reports) and always the
Emails record of the message itself; values are cut and cleaned to what the
fields take, since mail may carry anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from crm_core.metadata.fields import CONTROL_CHARS_RE, EMAIL_RE
from crm_core.records.documents import Upload
from crm_core.records.model import Record
from crm_core.records.unit import WriteUnit
from mail.bounces import Bounce
from mail.mailboxes import Mailbox
from mail.parsing import Attachment, ParsedMessage
from mail.threads import Sender

TEXT_LIMIT = 65_535
NO_SUBJECT = "(no subject)"
SOURCE = "mail"


@dataclass(frozen=True)
class AttachmentLimits:
    max_bytes: int
    blocked_extensions: frozenset[str]
    """Lower-case, with the dot (".exe"): files nobody should open from a ticket."""

    def refusal(self, attachment: Attachment) -> str | None:
        """Why ``attachment`` is not kept, or None when it is."""
        name = attachment.filename or "attachment"
        if attachment.size > self.max_bytes:
            return f"{name}: {attachment.size} bytes, more than {self.max_bytes} allowed"
        if PurePosixPath(name.lower()).suffix in self.blocked_extensions:
            return f"{name}: a file of a blocked type"
        return None


@dataclass
class Filing:
    unit: WriteUnit
    message: ParsedMessage
    digest: str
    """The message's fingerprint, kept on its Emails record for de-duplication."""
    mailbox: Mailbox
    sender: Sender
    limits: AttachmentLimits
    create_contacts: bool = True
    """Whether a ticket from an unknown sender creates their contact."""

    @property
    def left_out(self) -> list[str]:
        """Attachments not kept, and why: noted on the message's Emails record."""
        return [
            reason
            for a in self.message.attachments
            if a.data and (reason := self.limits.refusal(a)) is not None
        ]

    async def ticket(self, owner: int | None) -> tuple[Record, Record | None, Record]:
        """A new ticket (and the sender's contact, when unknown): the ticket,
        its contact and the message's Emails record."""
        contact = self.sender.contact or (
            await self.contact(owner) if self.create_contacts else None
        )
        values = {
            "ticket_title": line(self.message.subject, 255) or NO_SUBJECT,
            "description": text(self.message.text),
            "contact_id": contact.id if contact else None,
            "parent_id": contact.get("account_id") if contact else None,
            "ticketstatus": "Open",
            "assigned_user_id": owner,
        }
        ticket = await self.unit.create("HelpDesk", present(values), source=SOURCE)
        email = await self.email(ticket, contact)
        await self.attachments(ticket)
        return ticket, contact, email

    async def lead(self, owner: int | None) -> tuple[Record, Record]:
        values = {
            "lastname": person_name(self.message),
            "email": sender_address(self.message),
            "company": company(self.message),
            "description": text(self.message.text),
            "assigned_user_id": owner,
        }
        lead = await self.unit.create("Leads", present(values), source=SOURCE)
        email = await self.email(lead, None)
        await self.attachments(lead)
        return lead, email

    async def contact(self, owner: int | None) -> Record | None:
        """A contact for an unknown sender; None when there is no address."""
        address = sender_address(self.message)
        if address is None:
            return None
        first, _, last = person_name(self.message).rpartition(" ")
        values = {
            "lastname": last or address,
            "firstname": first,
            "email": address,
            "assigned_user_id": owner,
        }
        return await self.unit.create("Contacts", present(values), source=SOURCE)

    async def reply(self, thread: Record, *, reopen_closed: bool) -> Record:
        """The message in its thread; on a ticket also a comment, and a closed
        ticket reopened when so configured."""
        email = await self.email(thread, self.sender.contact)
        await self.attachments(thread)
        if thread.module.name == "HelpDesk":
            comment = {
                "commentcontent": text(self.message.text) or NO_SUBJECT,
                "related_to": thread.id,
                "customer": self.sender.contact.id if self.sender.contact else None,
            }
            await self.unit.create("Comments", present(comment), source=SOURCE)
            if reopen_closed and thread.get("ticketstatus") == "Closed":
                await self.unit.update("HelpDesk", thread.id, {"ticketstatus": "Open"})
        return email

    async def bounce(
        self, bounce: Bounce, original: Record | None, thread: Record | None
    ) -> Record:
        """The report in the thread of the message it reports, which is marked bounced."""
        if original is not None:
            notes = "; ".join(
                f"{r.address}: {r.action} {r.status or ''} {r.diagnostic or ''}".strip()
                for r in bounce.recipients
            )
            await self.unit.update(
                "Emails",
                original.id,
                {"email_flag": "BOUNCED", "delivery_notes": text(notes) or None},
            )
        return await self.email(thread, None, flag="BOUNCED")

    async def email(
        self, parent: Record | None, contact: Record | None, *, flag: str = "RECEIVED"
    ) -> Record:
        message = self.message
        html = message.html if message.html and len(message.html) <= TEXT_LIMIT else None
        values = {
            "subject": line(message.subject, 998) or NO_SUBJECT,
            "from_email": sender_address(message),
            "from_name": line(message.from_addr.name, 255) if message.from_addr else None,
            "saved_toid": line(", ".join(a.address for a in message.to), 4000),
            "ccmail": line(", ".join(a.address for a in message.cc), 4000),
            "date_start": message.date or dt.datetime.now(dt.UTC),
            "parent_id": parent.id if parent else None,
            "contact_id": contact.id if contact else None,
            "email_flag": flag,
            "direction": "inbound",
            "mailbox": self.mailbox.address,
            "message_id": line(message.message_id or "", 998),
            "in_reply_to": line(message.in_reply_to[0] if message.in_reply_to else "", 998),
            "mail_references": text(" ".join(message.references)),
            "content_hash": self.digest,
            "description": text(message.text),
            "body_html": text(html or ""),
            "assigned_user_id": self.mailbox.owner_id,
            "delivery_notes": text("\n".join(f"not kept: {r}" for r in self.left_out)),
        }
        return await self.unit.create("Emails", present(values), source=SOURCE)

    async def attachments(self, record: Record) -> None:
        for attachment in self.message.attachments:
            if not attachment.data or self.limits.refusal(attachment) is not None:
                continue
            name = attachment.filename or "attachment"
            await self.unit.create_document(
                {"notes_title": line(name, 255) or "attachment"},
                Upload(name, attachment.content_type, attachment.data),
                attach_to=(record.module.name, record.id),
                source=SOURCE,
            )


def number(record: Record | None) -> str | None:
    """A ticket's or lead's number (TT-000123), what import reports."""
    if record is None:
        return None
    numbering = record.module.numbering
    return record.get(numbering.field) if numbering else None


def sender_address(message: ParsedMessage) -> str | None:
    if message.from_addr is None:
        return None
    address = message.from_addr.address.strip().lower()
    return address if EMAIL_RE.match(address) else None


def person_name(message: ParsedMessage) -> str:
    name = line(message.from_addr.name if message.from_addr else "", 80)
    if name:
        return name
    address = sender_address(message)
    return line(address.partition("@")[0], 80) if address else "Unknown sender"


def company(message: ParsedMessage) -> str:
    address = sender_address(message)
    return address.partition("@")[2] if address else "Unknown"


def line(value: str, limit: int) -> str:
    """One line of text a text field takes: no control characters, cut to size."""
    return " ".join(CONTROL_CHARS_RE.sub(" ", value).split())[:limit]


def text(value: str) -> str:
    cleaned = CONTROL_CHARS_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return cleaned[:TEXT_LIMIT]


def present(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "")}
