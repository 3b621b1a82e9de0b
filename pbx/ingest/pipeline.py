"""The live ingest: every AMI event through the correlator and the queue
board; the signals they produce become screen pops, live updates and Calls
records.

``on_event`` runs inside the AMI protocol's data callback, so it only does
in-memory work; anything that touches the database runs in tasks of its own,
and storing finished calls is batched by CallLog.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Mapping
from typing import Any

from crm_core.access import Actor
from crm_core.hub import Hub
from crm_core.records.service import RecordService
from pbx.correlation.call import Call
from pbx.correlation.clock import EventClock
from pbx.correlation.correlator import Correlator, Signal
from pbx.ingest.call_log import CallLog
from pbx.ingest.cards import CallerCards
from pbx.ingest.directory import ExtensionDirectory
from pbx.queues import QueueBoard

logger = logging.getLogger(__name__)

Message = Mapping[str, Any]


class CallIngest:
    def __init__(
        self,
        *,
        records: RecordService,
        hub: Hub,
        actor: Actor,
        directory: ExtensionDirectory,
        call_log: CallLog,
        queues: QueueBoard,
        region: str,
        clock: EventClock | None = None,
    ) -> None:
        self.records = records
        self.hub = hub
        self.actor = actor
        self.directory = directory
        self.call_log = call_log
        self.queues = queues
        self.correlator = Correlator(region, clock)
        self.cards = CallerCards(records, actor)
        self.events = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._order: dict[str, asyncio.Lock] = {}

    # ------------------------------------------------------------ AMI input

    def on_event(self, message: Message) -> None:
        self.events += 1
        self.queues.feed(message)
        for signal in self.correlator.feed(message):
            self.on_signal(signal)

    def on_signal(self, signal: Signal) -> None:
        call = signal.call
        if signal.kind == "ringing" and signal.extension:
            self._spawn(call, self.screen_pop(call, signal.extension))
        elif signal.kind == "answered":
            self._spawn(call, self._publish("answered", call, signal.extension))
        elif signal.kind == "ended":
            self.queues.call_ended(call)
            self.call_log.put(call)
            self._spawn(call, self._publish("ended", call, None))

    def resync(self, channels: list[Message], queue_status: list[Message]) -> None:
        """After a (re)connect: what Asterisk says is live replaces what we
        believed; calls that vanished meanwhile end here."""
        entries = [m for m in queue_status if m.get("Event") == "QueueEntry"]
        for signal in self.correlator.resync(channels, entries):
            self.on_signal(signal)
        self.queues.resync(queue_status)

    # ---------------------------------------------------------- live output

    async def screen_pop(self, call: Call, extension: str) -> None:
        if call.end is not None or call.answered_by not in (None, extension):
            return  # hung up, or picked up elsewhere, before the card was ready
        user = await self.directory.user_at(extension)
        if user is None:
            return  # a phone nobody in the CRM sits at
        payload = _call_payload(call, extension)
        # As the agent may see it: what a page load would show them.
        payload["match"] = await self.cards.card(call.caller, user.actor())
        await self.hub.publish_live("call", "ringing", payload, audience=[user.id])

    async def _publish(self, op: str, call: Call, extension: str | None) -> None:
        """Answered and ended go to the consoles of the agents the call
        involved; supervisors follow queues through the queue statistics."""
        payload = _call_payload(call, extension)
        if op == "ended":
            payload.update(
                outcome=str(call.outcome),
                wait_s=call.wait_s,
                talk_s=call.talk_s,
                answered_by=call.answered_by,
            )
        audience = await self._agents_of(call)
        if audience:
            await self.hub.publish_live("call", op, payload, audience=audience)

    async def _agents_of(self, call: Call) -> set[int]:
        extensions = {*call.agents_rung, call.answered_by}
        if call.direction is not None and call.direction.value != "inbound":
            extensions.add(call.caller)
        users = set()
        for extension in extensions:
            user = await self.directory.user_at(extension)
            if user is not None:
                users.add(user.id)
        return users

    def _spawn(self, call: Call, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` after the call's earlier updates: a screen pop that
        needs the database must not reach a screen after the hang-up."""
        lock = self._order.setdefault(call.linkedid, asyncio.Lock())

        async def in_order() -> None:
            async with lock:
                await work
            if call.end is not None and not lock.locked():
                self._order.pop(call.linkedid, None)

        task = asyncio.create_task(in_order())
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("live update failed", exc_info=task.exception())

    async def settle(self) -> None:
        """Wait for screen pops and updates already under way (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


def _call_payload(call: Call, extension: str | None) -> dict[str, Any]:
    return {
        "linkedid": call.linkedid,
        "extension": extension,
        "direction": str(call.direction) if call.direction else None,
        "caller": call.caller,
        "caller_name": call.caller_name,
        "callee": call.callee,
        "queue": call.queue,
        "started": call.start,
    }
