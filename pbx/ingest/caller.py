"""Who is calling: the record a number belongs to, as a given user may see it.

Contacts come first (a person), then leads, then accounts (a switchboard
number shared by a whole company).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crm_core.access import Actor
from crm_core.errors import SwitchboardError
from crm_core.records.model import Condition, LookupMatch, Op, Record, Sort
from crm_core.records.service import RecordService

PREFERENCE = {"Contacts": 0, "Leads": 1, "Accounts": 2}
OPEN_TICKETS_SHOWN = 5
RECENT_CALLS_SHOWN = 5


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


async def match_caller(
    records: RecordService, actor: Actor, number: str | None
) -> CallerMatch | None:
    if not number:
        return None
    return await best_match(records, actor, await records.lookup_phone(actor, number))


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


async def caller_card(records: RecordService, actor: Actor, match: CallerMatch) -> dict[str, Any]:
    """What an agent needs before picking up: the record, its open tickets and
    the last calls with it."""
    record = await records.get(actor, match.module, match.id)
    ticket_conditions = [Condition("ticketstatus", Op.NE, "Closed")]
    if match.module == "Contacts":
        ticket_conditions.append(Condition("contact_id", Op.EQ, match.id))
    elif match.account_id is not None:
        ticket_conditions.append(Condition("parent_id", Op.EQ, match.account_id))
    else:
        ticket_conditions = []
    tickets: list[Record] = []
    if ticket_conditions:
        tickets = await _visible(
            records,
            actor,
            "HelpDesk",
            ticket_conditions,
            Sort("modifiedtime", descending=True),
            OPEN_TICKETS_SHOWN,
        )
    calls = await _visible(
        records,
        actor,
        "Calls",
        [Condition("customer", Op.EQ, match.id)],
        Sort("starttime", descending=True),
        RECENT_CALLS_SHOWN,
    )
    return {
        "record": {**match.ref(), "values": _card_values(record)},
        "open_tickets": [
            {
                "id": t.id,
                "ticket_no": t.get("ticket_no"),
                "title": t.get("ticket_title"),
                "status": t.get("ticketstatus"),
                "priority": t.get("ticketpriorities"),
            }
            for t in tickets
        ],
        "recent_calls": [
            {
                "id": c.id,
                "starttime": _iso(c.get("starttime")),
                "direction": c.get("direction"),
                "status": c.get("callstatus"),
                "agent_extension": c.get("agent_extension"),
            }
            for c in calls
        ],
    }


CARD_FIELDS = (
    "firstname",
    "lastname",
    "accountname",
    "company",
    "email",
    "email1",
    "phone",
    "mobile",
    "title",
    "vip",
    "account_id",
    "assigned_user_id",
)


def _card_values(record: Record) -> dict[str, Any]:
    return {k: _iso(record.get(k)) for k in CARD_FIELDS if record.get(k) not in (None, "")}


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


async def _visible(
    records: RecordService,
    actor: Actor,
    module: str,
    conditions: list[Condition],
    sort: Sort,
    limit: int,
) -> list[Record]:
    """A related list, or nothing when the user may not view that module."""
    try:
        page = await records.list_records(
            actor, module, conditions=conditions, sort=sort, limit=limit
        )
    except SwitchboardError:
        return []
    return page.records
