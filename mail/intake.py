"""One accepted message into the CRM: a new ticket or lead, a reply in its
thread, a bounce on the message it reports, or only stored.

Everything a message makes (the sender's contact, the ticket, the Emails
record, a comment, the documents of its attachments) and the spool row marked
done are one transaction (``RecordService.together``): a crash stores all of
it or none, and the row stays pending until it is all stored. The same message
arriving again (twice over SMTP, over SMTP and IMAP, by import, re-polled) is
recognised by its Message-ID together with a fingerprint of its content, and
becomes nothing new.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from crm_core.access import Actor
from crm_core.metadata.fields import CONTROL_CHARS_RE, EMAIL_RE
from crm_core.records.documents import Upload
from crm_core.records.model import Condition, Op, Record
from crm_core.records.service import RecordService
from crm_core.records.unit import WriteUnit
from mail.bounces import Bounce, read_bounce
from mail.loop_guard import (
    AUTO_REPLY_HEADER,
    AUTO_SUBMITTED,
    BULK,
    DELIVERY_REPORT,
    MAILING_LIST,
    NO_SENDER,
    OWN_ADDRESS,
    SYSTEM_SENDER,
    auto_reply_allowed,
    reason_code,
)
from mail.mailboxes import Creates, Mailbox, Mailboxes
from mail.parsing import ParsedMessage, parse_message
from mail.spool import Spool, Spooled
from mail.threads import Sender, identify, referenced_email, tagged_ticket

logger = logging.getLogger(__name__)

AUTOMATIC = frozenset(
    {
        OWN_ADDRESS,
        DELIVERY_REPORT,
        AUTO_SUBMITTED,
        AUTO_REPLY_HEADER,
        SYSTEM_SENDER,
        BULK,
        MAILING_LIST,
        NO_SENDER,
    }
)
"""Why the loop guard refuses an automatic reply, for mail no person wrote:
an out-of-office note, a list, our own mail come back. It is stored, in its
thread when it has one, but opens no ticket, adds no comment and reopens
nothing (an out-of-office answer to a closing message must not reopen it)."""
TEXT_LIMIT = 65_535
NO_SUBJECT = "(no subject)"
SOURCE = "mail"


class Outcome(StrEnum):
    NEW_TICKET = "new_ticket"
    REPLY = "reply"
    NEW_LEAD = "new_lead"
    BOUNCE = "bounce"
    DUPLICATE = "duplicate"
    STORED = "stored"


@dataclass(frozen=True)
class Result:
    message_id: str | None
    outcome: Outcome
    record: str | None
    """The ticket or lead number the message made or joined."""
    auto_reply_allowed: bool
    auto_reply_reason: str
    email_id: int | None
    """The Emails record (None for a duplicate)."""
    defects: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["outcome"] = self.outcome.value
        data["defects"] = list(self.defects)
        return data


def fingerprint(message: ParsedMessage) -> str:
    """What makes two copies the same message, whatever headers the way it
    travelled added (Received, Delivered-To, an IMAP server's own)."""
    parts = [
        message.from_addr.address if message.from_addr else "",
        ",".join(a.address for a in message.to),
        message.subject,
        message.date.isoformat() if message.date else "",
        message.text,
        message.html or "",
        *sorted(hashlib.sha256(a.data).hexdigest() for a in message.attachments),
    ]
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "replace")).hexdigest()


class Intake:
    def __init__(
        self,
        records: RecordService,
        system: Actor,
        spool: Spool,
        mailboxes: Mailboxes,
        *,
        reopen_closed: bool = True,
    ) -> None:
        self.records = records
        self.system = system
        self.spool = spool
        self.mailboxes = mailboxes
        self.reopen_closed = reopen_closed

    async def process(self, item: Spooled, mailbox: Mailbox) -> Result:
        raw = await self.spool.raw(item)
        message = parse_message(raw)
        own = [m.address for m in await self.mailboxes.all()]
        allowed, reason = auto_reply_allowed(message, own)
        automatic = reason_code(reason) in AUTOMATIC
        digest = fingerprint(message)
        earlier = await self._earlier_copy(message, digest)
        if earlier is not None:
            result = Result(
                message.message_id,
                Outcome.DUPLICATE,
                _number(await self._parent_of(earlier)),
                False,
                "duplicate: this message was received before",
                None,
                message.defects,
            )
            async with self.records.db.write() as conn:
                await self.spool.done(conn, item, result.as_json())
            return result
        bounce = read_bounce(message, raw)
        sender = await identify(self.records, self.system, _address(message))
        thread = None
        if bounce is None:
            thread = await tagged_ticket(self.records, self.system, message.subject, sender)
            if thread is None:
                thread = await self._thread_of(message)

        async def work(unit: WriteUnit) -> Result:
            if bounce is not None:
                result = await self._bounce(unit, message, digest, mailbox, bounce)
            elif automatic:
                known = thread or sender.contact or (sender.leads[0] if sender.leads else None)
                email = await self._email(unit, message, digest, mailbox, known, sender.contact)
                result = _result(message, Outcome.STORED, _number(thread), email)
            elif thread is not None:
                result = await self._reply(unit, message, digest, mailbox, sender, thread)
            else:
                result = await self._new(unit, message, digest, mailbox, sender)
            result = Result(
                result.message_id,
                result.outcome,
                result.record,
                allowed and result.outcome is not Outcome.BOUNCE,
                reason if result.outcome is not Outcome.BOUNCE else "bounce",
                result.email_id,
                message.defects,
            )
            await self.spool.done(unit.conn, item, result.as_json())
            return result

        return await self.records.together(self.system, work)

    # ------------------------------------------------------------ outcomes

    async def _new(
        self,
        unit: WriteUnit,
        message: ParsedMessage,
        digest: str,
        mailbox: Mailbox,
        sender: Sender,
    ) -> Result:
        owner = {"assigned_user_id": mailbox.owner_id} if mailbox.owner_id else {}
        if mailbox.creates is Creates.TICKET:
            contact = sender.contact or await self._new_contact(unit, message, owner)
            values: dict[str, Any] = {
                "ticket_title": _line(message.subject, 255) or NO_SUBJECT,
                "description": _text(message.text),
                "contact_id": contact.id if contact else None,
                "parent_id": contact.get("account_id") if contact else None,
                "ticketstatus": "Open",
                **owner,
            }
            ticket = await unit.create("HelpDesk", _present(values), source=SOURCE)
            email = await self._email(unit, message, digest, mailbox, ticket, contact)
            await self._attachments(unit, message, ticket)
            return _result(message, Outcome.NEW_TICKET, ticket.get("ticket_no"), email)
        if mailbox.creates is Creates.LEAD and not sender.contacts and not sender.leads:
            lead = await unit.create(
                "Leads",
                _present(
                    {
                        "lastname": _person_name(message),
                        "email": _address(message),
                        "company": _company(message),
                        "description": _text(message.text),
                        **owner,
                    }
                ),
                source=SOURCE,
            )
            email = await self._email(unit, message, digest, mailbox, lead, None)
            await self._attachments(unit, message, lead)
            return _result(message, Outcome.NEW_LEAD, lead.get("lead_no"), email)
        known = sender.contact or (sender.leads[0] if sender.leads else None)
        email = await self._email(unit, message, digest, mailbox, known, sender.contact)
        return _result(message, Outcome.STORED, None, email)

    async def _reply(
        self,
        unit: WriteUnit,
        message: ParsedMessage,
        digest: str,
        mailbox: Mailbox,
        sender: Sender,
        thread: Record,
    ) -> Result:
        email = await self._email(unit, message, digest, mailbox, thread, sender.contact)
        await self._attachments(unit, message, thread)
        if thread.module.name != "HelpDesk":
            return _result(message, Outcome.REPLY, _number(thread), email)
        await unit.create(
            "Comments",
            _present(
                {
                    "commentcontent": _text(message.text) or NO_SUBJECT,
                    "related_to": thread.id,
                    "customer": sender.contact.id if sender.contact else None,
                }
            ),
            source=SOURCE,
        )
        if self.reopen_closed and thread.get("ticketstatus") == "Closed":
            await unit.update("HelpDesk", thread.id, {"ticketstatus": "Open"})
        return _result(message, Outcome.REPLY, thread.get("ticket_no"), email)

    async def _bounce(
        self,
        unit: WriteUnit,
        message: ParsedMessage,
        digest: str,
        mailbox: Mailbox,
        bounce: Bounce,
    ) -> Result:
        """A delivery report joins the message it reports on, which is marked
        bounced; it never opens a ticket."""
        original = None
        if bounce.original_message_id:
            page = await self.records.list_records(
                self.system,
                "Emails",
                conditions=[Condition("message_id", Op.EQ, bounce.original_message_id)],
                limit=1,
            )
            original = page.records[0] if page.records else None
        parent = None
        if original is not None:
            notes = "; ".join(
                f"{r.address}: {r.action} {r.status or ''} {r.diagnostic or ''}".strip()
                for r in bounce.recipients
            )
            await unit.update(
                "Emails",
                original.id,
                {"email_flag": "BOUNCED", "delivery_notes": _text(notes) or None},
            )
            parent = await self._parent_of(original)
        email = await self._email(unit, message, digest, mailbox, parent, None, flag="BOUNCED")
        return _result(message, Outcome.BOUNCE, _number(parent) if parent else None, email)

    # ------------------------------------------------------------- records

    async def _email(
        self,
        unit: WriteUnit,
        message: ParsedMessage,
        digest: str,
        mailbox: Mailbox,
        parent: Record | None,
        contact: Record | None,
        *,
        flag: str = "RECEIVED",
    ) -> Record:
        sender = _address(message)
        html = message.html if message.html and len(message.html) <= TEXT_LIMIT else None
        values = {
            "subject": _line(message.subject, 998) or NO_SUBJECT,
            "from_email": sender,
            "from_name": _line(message.from_addr.name, 255) if message.from_addr else None,
            "saved_toid": _line(", ".join(a.address for a in message.to), 4000),
            "ccmail": _line(", ".join(a.address for a in message.cc), 4000),
            "date_start": message.date or dt.datetime.now(dt.UTC),
            "parent_id": parent.id if parent else None,
            "contact_id": contact.id if contact else None,
            "email_flag": flag,
            "direction": "inbound",
            "mailbox": mailbox.address,
            "message_id": _line(message.message_id or "", 998),
            "in_reply_to": _line(message.in_reply_to[0] if message.in_reply_to else "", 998),
            "mail_references": _text(" ".join(message.references)),
            "content_hash": digest,
            "description": _text(message.text),
            "body_html": _text(html or ""),
            "outcome": None,
            "assigned_user_id": mailbox.owner_id,
        }
        return await unit.create("Emails", _present(values), source=SOURCE)

    async def _new_contact(
        self, unit: WriteUnit, message: ParsedMessage, owner: dict[str, Any]
    ) -> Record | None:
        address = _address(message)
        if address is None:
            return None
        first, _, last = _person_name(message).rpartition(" ")
        values = {"lastname": last or address, "firstname": first, "email": address, **owner}
        return await unit.create("Contacts", _present(values), source=SOURCE)

    async def _attachments(self, unit: WriteUnit, message: ParsedMessage, record: Record) -> None:
        for attachment in message.attachments:
            if not attachment.data:
                continue
            name = attachment.filename or "attachment"
            await unit.create_document(
                {"notes_title": _line(name, 255) or "attachment"},
                Upload(name, attachment.content_type, attachment.data),
                attach_to=(record.module.name, record.id),
                source=SOURCE,
            )

    # -------------------------------------------------------------- lookups

    async def _earlier_copy(self, message: ParsedMessage, digest: str) -> Record | None:
        conditions = [Condition("content_hash", Op.EQ, digest)]
        if message.message_id:
            conditions.append(Condition("message_id", Op.EQ, _line(message.message_id, 998)))
        page = await self.records.list_records(
            self.system, "Emails", conditions=conditions, limit=1
        )
        return page.records[0] if page.records else None

    async def _thread_of(self, message: ParsedMessage) -> Record | None:
        email = await referenced_email(
            self.records, self.system, [*message.references, *message.in_reply_to]
        )
        return None if email is None else await self._parent_of(email)

    async def _parent_of(self, email: Record) -> Record | None:
        """The record an Emails record belongs to (its thread), if any."""
        parent_id = email.get("parent_id")
        module = await self.records.module_of(int(parent_id)) if parent_id else None
        if module is None:
            return None
        return await self.records.get(self.system, module, int(parent_id))


def _result(message: ParsedMessage, outcome: Outcome, record: str | None, email: Record) -> Result:
    return Result(message.message_id, outcome, record, True, "", email.id)


def _number(record: Record | None) -> str | None:
    if record is None:
        return None
    numbering = record.module.numbering
    return record.get(numbering.field) if numbering else None


def _address(message: ParsedMessage) -> str | None:
    if message.from_addr is None:
        return None
    address = message.from_addr.address.strip().lower()
    return address if EMAIL_RE.match(address) else None


def _person_name(message: ParsedMessage) -> str:
    name = _line(message.from_addr.name if message.from_addr else "", 80)
    if name:
        return name
    address = _address(message)
    return _line(address.partition("@")[0], 80) if address else "Unknown sender"


def _company(message: ParsedMessage) -> str:
    address = _address(message)
    return address.partition("@")[2] if address else "Unknown"


def _line(value: str, limit: int) -> str:
    """One line of text a text field takes: no control characters, cut to size."""
    return " ".join(CONTROL_CHARS_RE.sub(" ", value).split())[:limit]


def _text(value: str) -> str:
    cleaned = CONTROL_CHARS_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return cleaned[:TEXT_LIMIT]


def _present(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "")}
