"""Caller cards for the screen pop: read once per caller, shown to each
ringing agent as that agent may see them.

A queue that rings every free agent at once would read the same card once
per agent, in the very moment the call arrives. Instead the card is read
once as the system user and narrowed for each agent in memory
(``RecordService.viewable``: the owner rules a page load applies in its
query, hidden fields removed), so a burst of calls costs one read per caller.
A card is kept for a few seconds: long enough for a ring-all, short enough
that an agent a transfer reaches minutes later sees what changed meanwhile.

Callers who ring while a read is under way wait for the next one, which
reads all of them together: a burst of calls (the morning's first minute, a
queue opening) costs a handful of queries, not a handful per caller.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crm_core.access import Actor
from crm_core.errors import SwitchboardError
from crm_core.records.model import Condition, LookupMatch, Op, Record, Sort
from crm_core.records.service import RecordService
from pbx.ingest.caller import PREFERENCE

SHOWN = 5
"""Open tickets and recent calls on a card."""
READ = 2 * SHOWN
"""Related rows read per card, so that most agents still see SHOWN after
narrowing; one who may see few of them sees fewer."""
MATCHES_READ = 5
BATCH = 200
"""Callers read together at most, so that a query's IN list stays short."""
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
        self._waiting: dict[str, asyncio.Future[CallerFacts]] = {}
        self._next_read: asyncio.Future[None] | None = None
        self._reading = asyncio.Lock()

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
        """The shared read for ``number``: with the callers ringing at the
        same moment, kept ``keep_s``."""
        now = self.clock()
        for key, (read_at, _) in list(self._facts.items()):
            if now - read_at < self.keep_s:
                break  # entries are in the order they were read
            del self._facts[key]
        kept = self._facts.get(number)
        if kept is None:
            kept = (now, asyncio.get_running_loop().create_future())
            self._facts[number] = kept
            self._waiting[number] = kept[1]
            if self._next_read is None:
                self._next_read = asyncio.ensure_future(self._read_waiting())
        try:
            return await asyncio.shield(kept[1])
        except Exception:
            if self._facts.get(number) is kept:
                del self._facts[number]  # the next ring tries again
            raise

    async def _read_waiting(self) -> None:
        """One read for every caller waiting; the next read, if callers ring
        meanwhile, starts when this one is done and takes all of them."""
        async with self._reading:
            await asyncio.sleep(0)  # callers of the same moment join
            waiting, self._waiting, self._next_read = self._waiting, {}, None
            numbers = list(waiting)
            for start in range(0, len(numbers), BATCH):
                chunk = numbers[start : start + BATCH]
                try:
                    found = await self._read(chunk)
                except Exception as exc:
                    for number in chunk:
                        waiting[number].set_exception(exc)
                        waiting[number].exception()  # seen: a ring may have stopped waiting
                    continue
                for number in chunk:
                    waiting[number].set_result(found[number])

    def _narrowed(self, actor: Actor, records: list[Record]) -> list[Record]:
        shown: list[Record] = []
        for candidate in records:
            record = self.records.viewable(actor, candidate)
            if record is not None:
                shown.append(record)
                if len(shown) == SHOWN:
                    break
        return shown

    async def _read(self, numbers: list[str]) -> dict[str, CallerFacts]:
        self.reads += 1
        async with self.records.snapshot():
            return await self._read_facts(numbers)

    async def _read_facts(self, numbers: list[str]) -> dict[str, CallerFacts]:
        found = await self.records.lookup_phones(self.system, numbers)
        chosen: dict[str, list[LookupMatch]] = {}
        for number in numbers:
            matches = sorted(
                {m.id: m for m in found.get(number, [])}.values(),
                key=lambda m: (PREFERENCE.get(m.module, len(PREFERENCE)), m.id),
            )
            chosen[number] = matches[:MATCHES_READ]
        read: dict[int, Record] = {}
        for module in {m.module for matches in chosen.values() for m in matches}:
            ids = {m.id for matches in chosen.values() for m in matches if m.module == module}
            read.update((r.id, r) for r in await self.records.get_many(self.system, module, ids))
        tickets = await self._open_tickets(list(read.values()))
        calls = await self._first_of_each(
            "Calls", "customer", list(read), [], Sort("starttime", descending=True)
        )
        facts: dict[str, CallerFacts] = {}
        for number, matches in chosen.items():
            records = [read[m.id] for m in matches if m.id in read]
            facts[number] = CallerFacts(
                records,
                {r.id: tickets.get(r.id, []) for r in records},
                {r.id: calls.get(r.id, []) for r in records},
            )
        return facts

    async def _open_tickets(self, records: list[Record]) -> dict[int, list[Record]]:
        """Each record's open tickets: a contact's own, an organisation's, or
        those of the organisation a record belongs to."""
        by_contact = [r.id for r in records if r.module.name == "Contacts"]
        account_of = {
            r.id: r.id if r.module.name == "Accounts" else r.get("account_id")
            for r in records
            if r.module.name != "Contacts"
        }
        accounts = sorted({a for a in account_of.values() if a is not None})
        still_open = [Condition("ticketstatus", Op.NE, "Closed")]
        newest = Sort("modifiedtime", descending=True)
        of_contact = await self._first_of_each(
            "HelpDesk", "contact_id", by_contact, still_open, newest
        )
        of_account = await self._first_of_each(
            "HelpDesk", "parent_id", accounts, still_open, newest
        )
        tickets = {contact: of_contact.get(contact, []) for contact in by_contact}
        for record_id, account in account_of.items():
            tickets[record_id] = of_account.get(account, []) if account is not None else []
        return tickets

    async def _first_of_each(
        self, module: str, field: str, ids: list[int], conditions: list[Condition], sort: Sort
    ) -> dict[Any, list[Record]]:
        try:
            return await self.records.first_of_each(
                self.system, module, field, ids, conditions=conditions, sort=sort, each=READ
            )
        except SwitchboardError:
            return {}


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
