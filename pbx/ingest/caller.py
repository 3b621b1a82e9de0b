"""Who is calling: the record a number belongs to.

Contacts come first (a person), then leads, then accounts (a switchboard
number shared by a whole company).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crm_core.access import Actor
from crm_core.records.model import LookupMatch
from crm_core.records.service import RecordService

PREFERENCE = {"Contacts": 0, "Leads": 1, "Accounts": 2}


@dataclass(frozen=True)
class CallerMatch:
    module: str
    id: int
    label: str
    account_id: int | None
    owner_id: int | None
    """The matched record's own owner (a contact's account may have another)."""

    def ref(self) -> dict[str, Any]:
        return {"module": self.module, "id": self.id, "label": self.label}


def preferred(matches: Sequence[LookupMatch]) -> LookupMatch:
    """A contact before a lead before an account; the oldest among equals.
    The screen pop and the dialplan lookup both choose this way."""
    return min(matches, key=lambda m: (PREFERENCE.get(m.module, len(PREFERENCE)), m.id))


async def best_match(
    records: RecordService, actor: Actor, matches: Sequence[LookupMatch]
) -> CallerMatch | None:
    """The record a call belongs to among the records holding its number."""
    if not matches:
        return None
    best = preferred(matches)
    record = await records.get(actor, best.module, best.id)
    if best.module == "Accounts":
        account_id: int | None = best.id
    else:
        account_id = record.get("account_id")
    owner_id = record.get("assigned_user_id")
    return CallerMatch(best.module, best.id, record.label, account_id, owner_id)
