"""Tickets' SLA clocks, kept in step with the event log, and their timers.

The tracker reads the same events as the workflow engine, in order, from the
engine's stored cursor (``Engine.on_event``), and applies each to the
ticket's clock at the time the event happened: a new ticket starts the clock
of the policy it falls under; "Wait For Response" pauses it and any other
open status resumes it; Closed meets the resolution target and a reopen runs
it on; a change of priority (or of any field a policy asks about) can put
the ticket under another policy. The first answer the customer can see
meets the first response: an outbound email on the ticket written by a
staff member (``mail.reply``), or a staff comment that is not private (the
portal shows those). Automatic mail (acknowledgements, workflow emails) is
written by the system user and does not count.

Each clock change stores the event's id with it, so an event read again
after a crash changes nothing, and sets the target's stored jobs (the due
time, the reminder) in the same transaction. A job re-reads the clock when
it runs: one that no longer fits (the ticket was answered, paused, its due
time moved) does nothing or waits for the new time.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.access import Operation
from crm_core.errors import NotFound, SwitchboardError
from crm_core.hub import Event
from crm_core.records.model import Record
from crm_core.records.unit import WriteUnit
from workflows.sla.calendar import Hours
from workflows.sla.choice import choose, watched_fields
from workflows.sla.clock import TARGETS, Clock, Target
from workflows.sla.deadlines import KIND, due_of, job_key, schedule
from workflows.sla.escalation import Escalated, escalate, remind
from workflows.sla.policies import Policy
from workflows.sla.store import SlaStore
from workflows.timers import Again, Done, Job, Outcome, Retry, utcnow

if TYPE_CHECKING:
    from workflows.engine import Engine

logger = logging.getLogger(__name__)

WAITING = frozenset({"Wait For Response"})
CLOSED = frozenset({"Closed"})
TRIES = 5
"""How often a clock change is tried again when another writer got there first."""

Change = Callable[[Clock, Hours], Awaitable[None]]


class SlaTracker:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.store = SlaStore(engine.db)
        self.skew = dt.timedelta()
        """Added to the times the tracker reads (an event's, now): tests move
        it to let a ticket's hours pass at once. Times it stores are instants."""

    def register(self) -> None:
        self.engine.on_event.append(self.on_event)
        self.engine.runner.handle(KIND, self.run_job)

    def now(self) -> dt.datetime:
        return utcnow() + self.skew

    # -- events -----------------------------------------------------------------

    async def on_event(self, ev: Event) -> None:
        at = _aware(ev.created_at) + self.skew
        if ev.type == "relation":
            ticket_id = _contract_linked(ev)
            if ticket_id is not None:
                await self._changed(ticket_id, ev.id, {}, at, rechoose=True)
            return
        if ev.type != "record" or ev.record_id is None:
            return
        if ev.module == "HelpDesk":
            if ev.op == "create":
                await self._start(ev.record_id, ev.id, at)
            elif ev.op == "update":
                changes = dict(ev.payload.get("changes") or {})
                await self._changed(ev.record_id, ev.id, changes, at)
            elif ev.op in ("delete", "purge", "restore"):
                await self._deleted(ev.record_id, ev.op)
            return
        ticket_id = self._answered(ev)
        if ticket_id is not None:

            async def respond(clock: Clock, hours: Hours) -> None:
                clock.respond(at, hours)

            await self.apply(ticket_id, ev.id, respond)

    def _answered(self, ev: Event) -> int | None:
        """The ticket a staff answer visible to the customer was given on."""
        if ev.op != "create" or ev.actor_id is None or ev.actor_id == self.engine.system.user_id:
            return None
        record = ev.payload.get("record") or {}
        if ev.module == "Emails" and record.get("direction") == "outbound":
            ticket = record.get("parent_id")
        elif ev.module == "Comments" and not record.get("is_private"):
            ticket = None if record.get("customer") else record.get("related_to")
        else:
            return None
        return int(ticket) if isinstance(ticket, int) else None

    async def _ticket(self, ticket_id: int) -> Record | None:
        try:
            return await self.engine.records.get(self.engine.system, "HelpDesk", ticket_id)
        except NotFound:
            return None

    async def _start(self, ticket_id: int, event_id: int, at: dt.datetime) -> None:
        ticket = await self._ticket(ticket_id)
        if ticket is None:
            return
        policy = await choose(
            self.engine.records,
            self.engine.system,
            await self.store.policies(active_only=True),
            ticket,
        )
        if policy is None:
            return
        hours = await self.store.hours(policy.calendar_id)
        clock = Clock(
            policy_id=policy.id,
            calendar_id=policy.calendar_id,
            remind_before_s=_remind_s(policy),
            targets={name: Target(budget_s=m * 60.0) for name, m in policy.targets.items()},
            waiting=ticket.get("ticketstatus") in WAITING,
            closed=ticket.get("ticketstatus") in CLOSED,
        )
        clock.start(at, hours)
        async with self.engine.db.write() as conn:
            if not await self.store.save(conn, ticket_id, clock, version=None, event_id=event_id):
                return  # started already (this event, read again)
            await self._schedule(conn, ticket_id, clock)
        await self._changed_state(ticket_id, clock)

    async def _changed(
        self,
        ticket_id: int,
        event_id: int,
        changes: dict[str, Any],
        at: dt.datetime,
        *,
        rechoose: bool = False,
    ) -> None:
        policies = await self.store.policies(active_only=True)
        rechoose = rechoose or bool(watched_fields(policies) & set(changes))
        if await self.store.clock(ticket_id) is None:
            if rechoose:
                await self._start(ticket_id, event_id, at)
            return
        status = changes["ticketstatus"][1] if "ticketstatus" in changes else None

        async def change(clock: Clock, hours: Hours) -> None:
            if rechoose:
                hours = await self._rechoose(clock, hours, policies, ticket_id, at)
            if status is not None:
                clock.close(at, hours, status in CLOSED)
                clock.wait(at, hours, status in WAITING)

        await self.apply(ticket_id, event_id, change)

    async def _rechoose(
        self,
        clock: Clock,
        hours: Hours,
        policies: list[Policy],
        ticket_id: int,
        at: dt.datetime,
    ) -> Hours:
        """Put the clock under the policy the ticket now falls under (a
        ticket that falls under none keeps the one it had)."""
        ticket = await self._ticket(ticket_id)
        if ticket is None:
            return hours
        policy = await choose(self.engine.records, self.engine.system, policies, ticket)
        if policy is None:
            return hours
        budgets = {name: m * 60.0 for name, m in policy.targets.items()}
        same = (
            policy.id == clock.policy_id
            and policy.calendar_id == clock.calendar_id
            and _remind_s(policy) == clock.remind_before_s
            and budgets == {n: t.budget_s for n, t in clock.targets.items()}
        )
        if same:
            return hours
        new_hours = await self.store.hours(policy.calendar_id)
        clock.retarget(
            at,
            hours,
            policy_id=policy.id,
            calendar_id=policy.calendar_id,
            remind_before_s=_remind_s(policy),
            budgets=budgets,
            new_hours=new_hours,
        )
        return new_hours

    async def _deleted(self, ticket_id: int, op: str) -> None:
        found = await self.store.clock(ticket_id)
        if found is None:
            return
        async with self.engine.db.write() as conn:
            if op == "restore":
                await self._schedule(conn, ticket_id, found[0])
                return
            for name in TARGETS:
                for what in ("due", "remind"):
                    await self.engine.timers.cancel(conn, job_key(ticket_id, name, what))
            if op == "purge":
                await self.store.forget(conn, ticket_id)

    async def apply(self, ticket_id: int, event_id: int | None, change: Change) -> bool:
        """Change the ticket's clock, once per event; False when it has none."""
        for _ in range(TRIES):
            found = await self.store.clock(ticket_id)
            if found is None:
                return False
            clock, version, last_event = found
            if event_id is not None and last_event >= event_id:
                return True
            await change(clock, await self.store.hours(clock.calendar_id))
            async with self.engine.db.write() as conn:
                saved = await self.store.save(
                    conn, ticket_id, clock, version=version, event_id=event_id
                )
                if saved:
                    await self._schedule(conn, ticket_id, clock)
            if saved:
                await self._changed_state(ticket_id, clock)
                return True
        logger.warning("SLA clock of ticket %d kept changing under us; left as it is", ticket_id)
        return True

    async def _schedule(self, conn: AsyncConnection, ticket_id: int, clock: Clock) -> None:
        await schedule(self.engine.timers, conn, ticket_id, clock)

    # -- timer jobs -------------------------------------------------------------

    async def run_job(self, job: Job) -> Outcome:
        ticket_id = int(job.payload["ticket_id"])
        name, what = str(job.payload["target"]), str(job.payload["what"])
        for _ in range(TRIES):
            found = await self.store.clock(ticket_id)
            if found is None:
                return Done()
            clock, version, _last = found
            now = self.now()
            at = due_of(clock, name) if what == "due" else clock.remind_at(name)
            if at is None:
                return Done()  # met, paused, breached or reminded already: stale
            if at > now:
                return Again(at)  # the due time moved later
            if what == "due":
                done = await self._breach(ticket_id, clock, version, name, now)
            else:
                done = await self._remind(ticket_id, clock, version, name, now)
            if done:
                return Done()
        return Retry(1.0, f"the SLA clock of ticket {ticket_id} kept changing")

    async def _remind(
        self, ticket_id: int, clock: Clock, version: int, name: str, now: dt.datetime
    ) -> bool:
        target = clock.targets[name]
        target.reminded = True
        async with self.engine.db.write() as conn:
            if not await self.store.save(conn, ticket_id, clock, version=version):
                return False
            await self._schedule(conn, ticket_id, clock)
        if target.due_at is None or target.due_at <= now:
            return True  # too late to remind: the breach's job follows
        ticket = await self._ticket(ticket_id)
        policy = await self._policy(clock)
        if ticket is None or policy is None:
            return True
        minutes = max(0, round((target.due_at - now).total_seconds() / 60))
        notices = await remind(self.engine, ticket, policy.reminder, name, minutes)
        await self.engine.send_notices(notices)
        return True

    async def _breach(
        self, ticket_id: int, clock: Clock, version: int, name: str, now: dt.datetime
    ) -> bool:
        clock.breach(name, now)
        clock.targets[name].escalated = True
        policy = await self._policy(clock)
        actions = policy.escalation if policy is not None else []
        engine = self.engine

        async def work(unit: WriteUnit) -> Escalated | None:
            if not await self.store.save(unit.conn, ticket_id, clock, version=version):
                return None
            await self._schedule(unit.conn, ticket_id, clock)
            ticket = await unit.records.load_for(
                unit.writer,
                engine.system,
                engine.records.catalog.module("HelpDesk"),
                ticket_id,
                Operation.VIEW,
            )
            return await escalate(engine, unit, ticket, actions, name)

        try:
            result = await engine.records.together(engine.system, work)
        except NotFound:
            return True  # the ticket is gone (deleted): nothing to escalate
        except SwitchboardError as exc:
            logger.warning("SLA escalation of ticket %d failed: %s", ticket_id, exc.message)

            async def without_actions(unit: WriteUnit) -> Escalated | None:
                if not await self.store.save(unit.conn, ticket_id, clock, version=version):
                    return None
                await self._schedule(unit.conn, ticket_id, clock)
                return Escalated()

            result = await engine.records.together(engine.system, without_actions)
        if result is None:
            return False
        logger.info("SLA %s of ticket %d breached: %s", name, ticket_id, result.done)
        await engine.send_notices(result.notices)
        await self._changed_state(ticket_id, clock)
        return True

    async def _policy(self, clock: Clock) -> Policy | None:
        if clock.policy_id is None:
            return None
        try:
            return await self.store.policy(clock.policy_id)
        except NotFound:
            return None

    # -- what the console sees --------------------------------------------------

    async def _changed_state(self, ticket_id: int, clock: Clock) -> None:
        """Tell the consoles of those who may see the ticket (a live ``sla``
        event, under the same access rule as the ticket's page)."""
        ticket = await self._ticket(ticket_id)
        if ticket is None:
            return
        records = self.engine.records
        owner = ticket.get("assigned_user_id")
        audience = [
            user.id
            for user in await self.engine.users.all()
            if user.active
            and records.policy.record_allowed(
                user.actor(), ticket.module, int(owner) if owner else None, Operation.VIEW
            )
        ]
        self.engine.runner.wake()
        await self.engine.hub.publish_live(
            "sla",
            "changed",
            {"module": "HelpDesk", "record_id": ticket_id, "sla": clock.summary()},
            audience=audience,
        )

    async def state(self, ticket_id: int) -> dict[str, Any] | None:
        found = await self.store.clock(ticket_id)
        return found[0].summary() if found is not None else None


def _contract_linked(ev: Event) -> int | None:
    """The ticket a service contract was linked to or unlinked from."""
    sides = [ev.payload.get("left"), ev.payload.get("right")]
    modules = {str(side[0]): side[1] for side in sides if isinstance(side, list) and len(side) == 2}
    ticket = modules.get("HelpDesk")
    return int(ticket) if "ServiceContracts" in modules and isinstance(ticket, int) else None


def _remind_s(policy: Policy) -> float | None:
    minutes = policy.remind_before_minutes
    return minutes * 60.0 if minutes is not None else None


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
