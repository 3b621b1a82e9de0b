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

import hashlib
import logging
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from crm_core.access import Actor
from crm_core.records.model import Condition, Op, Record
from crm_core.records.service import RecordService
from crm_core.records.unit import WriteUnit
from mail.bounces import Bounce, read_bounce
from mail.filing import AttachmentLimits, Filing, line, number, sender_address
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
from mail.replies import Replies
from mail.rules import Action, MailRules, Rule
from mail.spool import Spool, Spooled
from mail.threads import (
    identify,
    open_ticket_titled,
    referenced_email,
    tagged_ticket,
)

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
        rules: MailRules,
        *,
        reopen_closed: bool = True,
        replies: Replies | None = None,
        limits: AttachmentLimits | None = None,
        create_contacts: bool = True,
    ) -> None:
        self.records = records
        self.system = system
        self.spool = spool
        self.mailboxes = mailboxes
        self.rules = rules
        self.reopen_closed = reopen_closed
        self.replies = replies
        """Acknowledges new tickets when given; imported mail never is."""
        self.limits = limits or AttachmentLimits(records.max_file_bytes, frozenset())
        self.create_contacts = create_contacts

    async def process(self, item: Spooled, mailbox: Mailbox) -> Result:
        raw = await self.spool.raw(item)
        message = parse_message(raw)
        own = [m.address for m in await self.mailboxes.all()]
        allowed, reason = auto_reply_allowed(message, own)
        digest = fingerprint(message)
        earlier = await self._earlier_copy(message, digest)
        if earlier is not None:
            result = Result(
                message.message_id,
                Outcome.DUPLICATE,
                number(await self._parent_of(earlier)),
                False,
                "duplicate: this message was received before",
                None,
                message.defects,
            )
            async with self.records.db.write() as conn:
                await self.spool.done(conn, item, result.as_json())
            return result
        bounce = read_bounce(message, raw)
        sender = await identify(self.records, self.system, sender_address(message))
        thread = None
        if bounce is None:
            thread = await tagged_ticket(self.records, self.system, message.subject, sender)
            if thread is None:
                thread = await self._thread_of(message)
        rules = await self.rules.for_mailbox(mailbox.address)
        titled = None
        if any(r.action is Action.UPDATE_TICKET for r in rules):
            titled = await open_ticket_titled(self.records, self.system, message.subject, sender)
        original = await self._original_of(bounce) if bounce else None
        bounced_thread = await self._parent_of(original) if original else None

        async def work(unit: WriteUnit) -> Result:
            filing = Filing(
                unit, message, digest, mailbox, sender, self.limits, self.create_contacts
            )
            if bounce is not None:
                email = await filing.bounce(bounce, original, bounced_thread)
                outcome, record = Outcome.BOUNCE, number(bounced_thread)
            elif reason_code(reason) in AUTOMATIC:
                known = thread or sender.contact or (sender.leads[0] if sender.leads else None)
                email = await filing.email(known, sender.contact)
                outcome, record = Outcome.STORED, number(thread)
            elif thread is not None:
                email = await filing.reply(thread, reopen_closed=self.reopen_closed)
                outcome, record = Outcome.REPLY, number(thread)
            else:
                may_acknowledge = allowed and item.acknowledge
                outcome, record, email = await self._new(
                    filing, mailbox, rules, titled, may_acknowledge
                )
            bounced = outcome is Outcome.BOUNCE
            result = Result(
                message.message_id,
                outcome,
                record,
                allowed and not bounced,
                "bounce" if bounced else reason,
                email.id,
                message.defects,
            )
            await self.spool.done(unit.conn, item, result.as_json())
            return result

        return await self.records.together(self.system, work)

    async def _new(
        self,
        filing: Filing,
        mailbox: Mailbox,
        rules: list[Rule],
        titled: Record | None,
        may_acknowledge: bool,
    ) -> tuple[Outcome, str | None, Record]:
        """A message that continues no thread: the first rule that matches and
        can act, else what the mailbox makes."""
        for rule in rules:
            if rule.matches(filing.message):
                owner = rule.assign_to or mailbox.owner_id
                done = await self._act(filing, rule.action, owner, titled, may_acknowledge)
                if done is not None:
                    return done
        owner = mailbox.owner_id
        sender = filing.sender
        if mailbox.creates is Creates.TICKET:
            done = await self._act(filing, Action.CREATE_TICKET, owner, None, may_acknowledge)
        elif mailbox.creates is Creates.LEAD and not sender.contacts and not sender.leads:
            done = await self._act(filing, Action.CREATE_LEAD, owner, None, False)
        else:
            done = None
        if done is not None:
            return done
        known = sender.contact or (sender.leads[0] if sender.leads else None)
        return Outcome.STORED, None, await filing.email(known, sender.contact)

    async def _act(
        self,
        filing: Filing,
        action: Action,
        owner: int | None,
        titled: Record | None,
        may_acknowledge: bool,
    ) -> tuple[Outcome, str | None, Record] | None:
        """Carry out one action; None when it cannot apply to this message."""
        sender = filing.sender
        if action is Action.CREATE_TICKET:
            ticket, contact, email = await filing.ticket(owner)
            if may_acknowledge and self.replies is not None:
                await self.replies.acknowledge(
                    filing.unit, ticket, contact, filing.message, filing.mailbox.address
                )
            return Outcome.NEW_TICKET, number(ticket), email
        if action is Action.CREATE_LEAD:
            lead, email = await filing.lead(owner)
            return Outcome.NEW_LEAD, number(lead), email
        if action is Action.UPDATE_TICKET:
            if titled is None:
                return None
            email = await filing.reply(titled, reopen_closed=self.reopen_closed)
            return Outcome.REPLY, number(titled), email
        if action is Action.CREATE_CONTACT:
            contact = sender.contact or await filing.contact(owner)
            if contact is None:
                return None
            return Outcome.STORED, None, await filing.email(contact, contact)
        known = sender.contact or (sender.leads[0] if sender.leads else None)
        if known is None and sender.accounts:
            known = await self.records.get(self.system, "Accounts", sender.accounts[0])
        if known is None:
            return None
        return Outcome.STORED, None, await filing.email(known, sender.contact)

    # -------------------------------------------------------------- lookups

    async def _earlier_copy(self, message: ParsedMessage, digest: str) -> Record | None:
        conditions = [Condition("content_hash", Op.EQ, digest)]
        if message.message_id:
            conditions.append(Condition("message_id", Op.EQ, line(message.message_id, 998)))
        page = await self.records.list_records(
            self.system, "Emails", conditions=conditions, limit=1
        )
        return page.records[0] if page.records else None

    async def _original_of(self, bounce: Bounce) -> Record | None:
        """The message of ours a bounce reports on."""
        if not bounce.original_message_id:
            return None
        page = await self.records.list_records(
            self.system,
            "Emails",
            conditions=[Condition("message_id", Op.EQ, line(bounce.original_message_id, 998))],
            limit=1,
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
