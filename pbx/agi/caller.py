"""Who is calling, in the terms the dialplan routes by: a name, VIP, an owner.

The record is chosen as the screen pop chooses it (a contact before a lead
before an account), so the name on the agent's phone and the card on the
agent's screen agree. The owner is the account's: a customer's calls go to
the salesperson who owns the company, whoever owns the individual contact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crm_core.access import Actor
from crm_core.errors import AccessDenied, NotFound
from crm_core.records.model import Record
from crm_core.records.service import RecordService
from crm_core.users import UserDirectory
from pbx.ingest.caller import preferred

CALLER_NAME_MAX = 50
"""Long enough for "Firstname Lastname" or a company, short enough for a phone display."""

NUMBER_RE = re.compile(r"\+?[0-9 ()./-]{1,40}")
"""What a caller ID may look like before it is worth a database query."""


@dataclass(frozen=True)
class Caller:
    record: str
    name: str
    vip: bool
    owner_extension: str


def display_name(label: str, limit: int = CALLER_NAME_MAX) -> str:
    """``label`` fit for a phone display: printable characters only, one line,
    runs of whitespace collapsed, at most ``limit`` characters. Letters of any
    script are kept, so a Cyrillic name arrives as written."""
    printable = "".join(ch if ch.isprintable() else " " for ch in label)
    return " ".join(printable.split())[:limit].rstrip()


async def find_caller(
    records: RecordService, users: UserDirectory, actor: Actor, number: str
) -> Caller | None:
    """The caller behind ``number``, or None when no record holds it."""
    if not NUMBER_RE.fullmatch(number):
        return None
    matches = await records.lookup_phone(actor, number)
    if not matches:
        return None
    best = preferred(matches)
    record = await records.get(actor, best.module, best.id)
    account = await _account_of(records, actor, record)
    vip = bool(record.get("vip")) or (account is not None and bool(account.get("vip")))
    owner_id = (account or record).get("assigned_user_id")
    return Caller(
        record=f"{best.module}:{best.id}",
        name=display_name(record.label),
        vip=vip,
        owner_extension=await _extension(users, owner_id),
    )


async def _account_of(records: RecordService, actor: Actor, record: Record) -> Record | None:
    if record.module.name == "Accounts":
        return record
    account_id = record.get("account_id") if record.module.name == "Contacts" else None
    if account_id is None:
        return None
    try:
        return await records.get(actor, "Accounts", account_id)
    except (NotFound, AccessDenied):
        return None


async def _extension(users: UserDirectory, owner_id: int | None) -> str:
    """The owner's extension; empty for a group, an inactive user or no phone,
    so the dialplan falls back to the queue."""
    if owner_id is None:
        return ""
    try:
        user = await users.get(owner_id)
    except NotFound:
        return ""
    if not user.active or not user.phone_extension:
        return ""
    return user.phone_extension
