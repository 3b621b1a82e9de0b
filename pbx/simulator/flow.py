"""One scenario run: its waits on the clock, its hang-ups, its answer key.

A scenario is a coroutine that drives the PBX through a call; the ``Flow``
is what it holds on to. Waiting goes through ``wait`` so that a client's
``Hangup`` action can end a wait early: the wait raises ``PartyGone`` for a
channel the current step knows how to lose (the caller while it waits, a
ringing phone, a party of a conversation). A hang-up of a channel the step
cannot lose stays pending until a step that can.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Collection, Coroutine
from dataclasses import dataclass
from typing import Any

from pbx.simulator.channels import Channel
from pbx.simulator.clock import VirtualClock
from pbx.simulator.config import PbxConfig
from pbx.simulator.const import Cause
from pbx.simulator.ledger import CallRecord
from pbx.simulator.milestones import Milestones
from pbx.simulator.pbx import Pbx
from pbx.simulator.queueing import QueueDesk


class PartyGone(Exception):
    """A client hung this channel up during the wait."""

    def __init__(self, channel: Channel, cause: int) -> None:
        super().__init__(channel.name)
        self.channel = channel
        self.cause = cause


@dataclass
class World:
    """Everything a scenario may touch."""

    config: PbxConfig
    clock: VirtualClock
    rng: random.Random
    pbx: Pbx
    desk: QueueDesk
    milestones: Milestones
    spawn: Callable[[Coroutine[Any, Any, Any]], asyncio.Task[Any]]
    """Run a coroutine as a tracked background task (stopped with the simulator)."""


class Flow:
    def __init__(self, world: World, name: str) -> None:
        self.world = world
        self.name = name
        self.pbx = world.pbx
        self.desk = world.desk
        self.clock = world.clock
        self.rng = world.rng
        self.config = world.config
        self.records: list[CallRecord] = []
        self._pending: list[tuple[Channel, int]] = []
        self._handles: frozenset[Channel] = frozenset()
        self._wake: asyncio.Future[bool] | None = None

    async def wait(self, seconds: float, handles: Collection[Channel] = ()) -> None:
        """Let ``seconds`` of simulated time pass. Device states changed by the
        step that ends here are published first, as Asterisk's arrive after
        the channel events that caused them."""
        self.pbx.flush_devices()
        self._handles = frozenset(handles)
        gone = self._take_pending()
        if gone is not None:
            raise gone
        self._wake = asyncio.get_running_loop().create_future()
        try:
            elapsed = await self.clock.sleep(seconds, self._wake)
        finally:
            self._wake = None
        if not elapsed:
            gone = self._take_pending()
            if gone is not None:
                raise gone

    async def wait_until(self, moment: float, handles: Collection[Channel] = ()) -> None:
        await self.wait(max(0.0, moment - self.clock.now()), handles)

    def request_hangup(self, channel: Channel, cause: int = Cause.NORMAL_CLEARING) -> None:
        self._pending.append((channel, cause))
        if channel in self._handles and self._wake is not None and not self._wake.done():
            self._wake.set_result(False)

    def _take_pending(self) -> PartyGone | None:
        for index, (channel, cause) in enumerate(self._pending):
            if channel.uniqueid not in self.pbx.channels:
                continue
            if channel in self._handles:
                del self._pending[index]
                return PartyGone(channel, cause)
        return None

    def expected(self) -> list[dict[str, Any]]:
        """The logical calls this run produced, in the order they ended."""
        done = [r for r in self.records if r.countable]
        return [r.summary() for r in sorted(done, key=lambda r: r.end or 0.0)]
