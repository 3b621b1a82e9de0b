"""A ticket's status by its number, for the "where is my request" IVR branch.

A caller keys in digits (``123``), while a dialplan may pass the printed
number (``TT-000123``); both find the same ticket. Anything else is simply
not a ticket number: the IVR says so instead of failing.
"""

from __future__ import annotations

import re

from crm_core.access import Actor
from crm_core.records.model import Condition, Op
from crm_core.records.numbering import format_number
from crm_core.records.service import RecordService

TICKET_ARG_RE = re.compile(
    r"(?P<prefix>[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё0-9_/.-]{0,19}?)?(?P<digits>[0-9]{1,12})"
)
"""An optional prefix as numbering allows it (letters first), then the number."""


def ticket_numbers(raw: str, prefix: str, width: int) -> list[str]:
    """The spellings of ticket_no that ``raw`` may mean; empty when it is no number.

    Digits alone are read with today's prefix and width. A number typed with
    a prefix is tried as typed, so a ticket numbered before the prefix or the
    width changed is still found, and, when the prefix is today's, in today's
    width too (``TT-123`` finds ``TT-000123``).
    """
    text = raw.strip()
    match = TICKET_ARG_RE.fullmatch(text)
    if match is None:
        return []
    typed_prefix, digits = match.group("prefix"), match.group("digits")
    current = format_number(prefix, width, int(digits))
    if not typed_prefix:
        candidates = [current, f"{prefix}{digits}"]
    elif typed_prefix.upper() == prefix.upper():
        candidates = [current, f"{prefix}{digits}", text]
    else:
        candidates = [text, text.upper()]
    return list(dict.fromkeys(candidates))


async def ticket_status(records: RecordService, actor: Actor, raw: str) -> str | None:
    """The status of the ticket ``raw`` names, or None when there is no such ticket."""
    numbering = await records.numbering(actor, "HelpDesk")
    numbers = ticket_numbers(raw, str(numbering["prefix"]), int(numbering["width"]))
    if not numbers:
        return None
    page = await records.list_records(
        actor, "HelpDesk", conditions=[Condition("ticket_no", Op.IN, numbers)], limit=len(numbers)
    )
    found = {record.get("ticket_no"): record for record in page.records}
    for number in numbers:
        if number in found:
            return str(found[number].get("ticketstatus") or "")
    return None
