"""Notices for one agent's console: a record was assigned to them, or a
customer wrote on a ticket of theirs (by email, or a reply on the portal).

A subscriber of the hub turns durable record events into live ``notice``
events addressed to the one user concerned. Who that is comes from the
event itself or, for a customer's email, from the ticket it was filed on,
read as the system; the console shows the notice only with the record's
label, which its owner may see anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from crm_core.access import Actor
from crm_core.hub import Event, Hub, LiveEvent
from crm_core.records.service import RecordService

logger = logging.getLogger(__name__)

QUEUE_LIMIT = 10_000
NOT_ASSIGNMENTS = frozenset({"Emails", "Calls", "Comments"})
"""Records that get an owner as a matter of course, not as a task for them."""


class Notifier:
    def __init__(self, hub: Hub, records: RecordService, system: Actor) -> None:
        self.hub = hub
        self.records = records
        self.system = system
        self._queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=QUEUE_LIMIT)
        self._task: asyncio.Task[None] | None = None
        self._unsubscribe: Callable[[], None] = lambda: None

    def start(self) -> None:
        self._unsubscribe = self.hub.subscribe(self._deliver)
        self._task = asyncio.create_task(self._run(), name="console-notices")

    async def stop(self) -> None:
        self._unsubscribe()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def _deliver(self, ev: Event | LiveEvent) -> None:
        # Inside the hub's publish: only enqueue. Notices are a courtesy; under
        # a flood the oldest are the ones worth least, so newer ones wait.
        if isinstance(ev, Event) and ev.type == "record" and ev.op in ("create", "update"):
            with contextlib.suppress(asyncio.QueueFull):
                self._queue.put_nowait(ev)

    async def _run(self) -> None:
        while True:
            ev = await self._queue.get()
            try:
                await self.notice_for(ev)
            except Exception:
                logger.exception("could not work out a notice for event %s", ev.id)

    async def notice_for(self, ev: Event) -> None:
        owner = _new_owner(ev)
        if owner is not None and owner != ev.actor_id and ev.module not in NOT_ASSIGNMENTS:
            await self._send(owner, "assigned", ev.module, ev.record_id, _label(ev))
        if ev.module == "Emails" and ev.op == "create":
            await self._customer_wrote(ev)
        if ev.module == "Comments" and ev.op == "create":
            await self._customer_commented(ev)

    async def _customer_wrote(self, ev: Event) -> None:
        email = ev.payload.get("record") or {}
        ticket_id = email.get("parent_id")
        if email.get("direction") == "inbound" and ticket_id:
            await self._tell_ticket_owner(int(ticket_id))

    async def _customer_commented(self, ev: Event) -> None:
        """A customer's reply on the portal is a comment in their name."""
        comment = ev.payload.get("record") or {}
        ticket_id = comment.get("related_to")
        if comment.get("customer") and ticket_id:
            await self._tell_ticket_owner(int(ticket_id))

    async def _tell_ticket_owner(self, ticket_id: int) -> None:
        if await self.records.module_of(ticket_id) != "HelpDesk":
            return
        ticket = await self.records.get(self.system, "HelpDesk", ticket_id)
        owner = ticket.get("assigned_user_id")
        if owner is not None:
            await self._send(int(owner), "customer_wrote", "HelpDesk", ticket.id, ticket.label)

    async def _send(
        self, user_id: int, kind: str, module: str | None, record_id: int | None, label: str
    ) -> None:
        payload: dict[str, Any] = {
            "kind": kind,
            "module": module,
            "record_id": record_id,
            "label": label,
        }
        await self.hub.publish_live("notice", kind, payload, audience=[user_id])


def _new_owner(ev: Event) -> int | None:
    if ev.op == "create":
        owner = (ev.payload.get("record") or {}).get("assigned_user_id")
    else:
        change = (ev.payload.get("changes") or {}).get("assigned_user_id")
        owner = change[1] if isinstance(change, list) and len(change) == 2 else None
    return int(owner) if isinstance(owner, int | str) and str(owner).isdigit() else None


def _label(ev: Event) -> str:
    if ev.op == "create":
        return str((ev.payload.get("record") or {}).get("label") or "")
    return str(ev.payload.get("label") or "")
