"""Caller cards for the screen pop: read once per caller, shown to each
ringing agent as that agent may see them.

A queue that rings every free agent at once would read the same card once
per agent, in the very moment the call arrives. Instead the card is read
once as the system user and narrowed for each agent in memory
(``RecordService.viewable``: the owner rules a page load applies in its
query, hidden fields removed), so a burst of calls costs one read per caller.
A card is kept for a few seconds: long enough for a ring-all, short enough
that an agent a transfer reaches minutes later sees what changed meanwhile.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crm_core.access import Actor
from crm_core.errors import SwitchboardError
from crm_core.records.model import Condition, Op, Record, Sort
from crm_core.records.service import RecordService
from pbx.ingest.caller import PREFERENCE

SHOWN = 5
"""Open tickets and recent calls on a card."""
READ = 2 * SHOWN
"""Related rows read per card, so that most agents still see SHOWN after
narrowing; one who may see few of them sees fewer."""
MATCHES_READ = 5
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


@dataclass(frozen=True)
class CallerFacts:
    """What the CRM holds about a number, as the system user reads it."""

    matches: list[Record]
    """Every record with the number, the preferred first."""
    tickets: dict[int, list[Record]]
    """Open tickets of each match (its own, or its account's), newest first."""
    calls: dict[int, list[Record]]
    """Recent calls with each match, newest first."""


class CallerCards:
    def __init__(
        self,
        records: RecordService,
        system: Actor,
        *,
        keep_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.records = records
        self.system = system
        self.keep_s = keep_s
        self.clock = clock
        self.reads = 0
        self._facts: dict[str, tuple[float, asyncio.Future[CallerFacts]]] = {}

    async def card(self, number: str | None, actor: Actor) -> dict[str, Any] | None:
        """The caller card for ``number`` as ``actor`` may see it; None when
        the number is on no record they can view."""
        if not number:
            return None
        facts = await self.facts(number)
        for candidate in facts.matches:
            record = self.records.viewable(actor, candidate)
            if record is not None:
                break
        else:
            return None
        tickets = self._narrowed(actor, facts.tickets[candidate.id])
        calls = self._narrowed(actor, facts.calls[candidate.id])
        return {
            "record": {
                "module": record.module.name,
                "id": record.id,
                "label": record.label,
                "values": {
                    k: _iso(record.get(k)) for k in CARD_FIELDS if record.get(k) not in (None, "")
                },
            },
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

    async def facts(self, number: str) -> CallerFacts:
        """The shared read for ``number``: one at a time, kept ``keep_s``."""
        now = self.clock()
        for key, (read_at, _) in list(self._facts.items()):
            if now - read_at < self.keep_s:
                break  # entries are in the order they were read
            del self._facts[key]
        kept = self._facts.get(number)
        if kept is None:
            kept = (now, asyncio.ensure_future(self._read(number)))
            self._facts[number] = kept
        try:
            return await asyncio.shield(kept[1])
        except Exception:
            if self._facts.get(number) is kept:
                del self._facts[number]  # the next ring tries again
            raise

    def _narrowed(self, actor: Actor, records: list[Record]) -> list[Record]:
        shown: list[Record] = []
        for candidate in records:
            record = self.records.viewable(actor, candidate)
            if record is not None:
                shown.append(record)
                if len(shown) == SHOWN:
                    break
        return shown

    async def _read(self, number: str) -> CallerFacts:
        self.reads += 1
        async with self.records.snapshot():
            return await self._read_facts(number)

    async def _read_facts(self, number: str) -> CallerFacts:
        found = await self.records.lookup_phone(self.system, number)
        found = sorted(found, key=lambda m: (PREFERENCE.get(m.module, len(PREFERENCE)), m.id))
        matches = [
            await self.records.get(self.system, m.module, m.id) for m in found[:MATCHES_READ]
        ]
        tickets: dict[int, list[Record]] = {}
        calls: dict[int, list[Record]] = {}
        for record in matches:
            tickets[record.id] = await self._open_tickets(record)
            calls[record.id] = await self._list(
                "Calls",
                [Condition("customer", Op.EQ, record.id)],
                Sort("starttime", descending=True),
            )
        return CallerFacts(matches, tickets, calls)

    async def _open_tickets(self, record: Record) -> list[Record]:
        if record.module.name == "Contacts":
            about = Condition("contact_id", Op.EQ, record.id)
        elif record.module.name == "Accounts":
            about = Condition("parent_id", Op.EQ, record.id)
        elif record.get("account_id") is not None:
            about = Condition("parent_id", Op.EQ, record.get("account_id"))
        else:
            return []
        return await self._list(
            "HelpDesk",
            [Condition("ticketstatus", Op.NE, "Closed"), about],
            Sort("modifiedtime", descending=True),
        )

    async def _list(self, module: str, conditions: list[Condition], sort: Sort) -> list[Record]:
        try:
            page = await self.records.list_records(
                self.system, module, conditions=conditions, sort=sort, limit=READ
            )
        except SwitchboardError:
            return []
        return page.records


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
