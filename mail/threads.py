"""Which conversation a message continues.

The ticket number in the subject ([TT-000123]) is asked first, since it
survives mail clients that drop headers; then the ids in In-Reply-To and
References, against every message the CRM sent or received. A tag naming a
ticket that does not exist, or one the sender has nothing to do with, is
not trusted (anyone can type a number): the message opens a new ticket.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from crm_core.access import Actor
from crm_core.records.model import Condition, Op, Record, Sort
from crm_core.records.service import RecordService

IDS_ASKED = 50
"""References of a long thread: the newest this many are enough."""


@dataclass(frozen=True)
class Sender:
    """The records a sender's address belongs to."""

    address: str | None
    contacts: tuple[Record, ...]
    leads: tuple[Record, ...]
    accounts: tuple[int, ...]
    """Accounts of those contacts, and accounts holding the address itself."""

    @property
    def contact(self) -> Record | None:
        return self.contacts[0] if self.contacts else None


async def identify(records: RecordService, system: Actor, address: str | None) -> Sender:
    if not address:
        return Sender(None, (), (), ())
    found = await records.lookup_email(system, address)
    contacts: list[Record] = []
    leads: list[Record] = []
    accounts: list[int] = []
    for match in found:
        record = await records.get(system, match.module, match.id)
        if match.module == "Contacts":
            contacts.append(record)
            if record.get("account_id"):
                accounts.append(int(record.get("account_id")))
        elif match.module == "Leads":
            leads.append(record)
        elif match.module == "Accounts":
            accounts.append(record.id)
    return Sender(address, tuple(contacts), tuple(leads), tuple(dict.fromkeys(accounts)))


def ticket_tag(subject: str, prefix: str) -> str | None:
    found = re.search(r"\[\s*(" + re.escape(prefix) + r"\d+)\s*\]", subject, re.IGNORECASE)
    return found[1].upper() if found else None


async def tagged_ticket(
    records: RecordService, system: Actor, subject: str, sender: Sender
) -> Record | None:
    """The ticket the subject names, when the sender belongs to it."""
    prefix = (await records.numbering(system, "HelpDesk"))["prefix"]
    tag = ticket_tag(subject, prefix)
    if tag is None:
        return None
    page = await records.list_records(
        system, "HelpDesk", conditions=[Condition("ticket_no", Op.EQ, tag)], limit=1
    )
    if not page.records:
        return None
    ticket = page.records[0]
    contact_ids = {c.id for c in sender.contacts}
    if ticket.get("contact_id") in contact_ids or (
        ticket.get("parent_id") is not None and ticket.get("parent_id") in sender.accounts
    ):
        return ticket
    return None


async def referenced_email(
    records: RecordService, system: Actor, ids: Sequence[str]
) -> Record | None:
    """The newest message of ours that ``ids`` (In-Reply-To, References) name."""
    wanted = list(dict.fromkeys(i for i in ids if i))[-IDS_ASKED:]
    if not wanted:
        return None
    page = await records.list_records(
        system,
        "Emails",
        conditions=[Condition("message_id", Op.IN, wanted)],
        sort=Sort("date_start", descending=True),
        limit=1,
    )
    return page.records[0] if page.records else None


REPLY_PREFIX_RE = re.compile(
    r"^\s*((re|fw|fwd|aw|wg|отв|пер|ответ)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE
)


def bare_subject(subject: str) -> str:
    """The subject without the Re:/Fwd:/Отв: a mail client puts before it."""
    return REPLY_PREFIX_RE.sub("", subject).strip()


async def open_ticket_titled(
    records: RecordService, system: Actor, subject: str, sender: Sender
) -> Record | None:
    """The sender's newest open ticket with this title (vtiger's lookup by
    subject), for a rule that files such messages as replies."""
    title = bare_subject(subject)
    if not title or not (sender.contacts or sender.accounts):
        return None
    page = await records.list_records(
        system,
        "HelpDesk",
        conditions=[
            Condition("ticket_title", Op.EQ, title),
            Condition("ticketstatus", Op.NE, "Closed"),
        ],
        sort=Sort("modifiedtime", descending=True),
        limit=20,
    )
    contact_ids = {c.id for c in sender.contacts}
    for ticket in page.records:
        if ticket.get("contact_id") in contact_ids or ticket.get("parent_id") in sender.accounts:
            return ticket
    return None
