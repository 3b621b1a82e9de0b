"""Background traffic: random calls at a given rate, until stopped.

Arrivals are a Poisson process in simulated time (so ``speed`` scales the
rate you see), and each arrival plays a scenario drawn from a contact
centre's mix with randomised durations. Calls overlap freely: queue callers
wait while members are busy, and desks already on a call are not picked to
place or take a direct call.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from typing import Any

from pbx.simulator.const import Device
from pbx.simulator.flow import World

logger = logging.getLogger(__name__)

MIX: tuple[tuple[str, int], ...] = (
    ("queue_answered", 32),
    ("queue_abandoned", 8),
    ("queue_ring_no_answer", 7),
    ("queue_hold", 6),
    ("direct_answered", 6),
    ("direct_missed", 5),
    ("direct_voicemail", 4),
    ("direct_busy", 2),
    ("direct_failed", 2),
    ("internal", 8),
    ("click_to_call", 10),
    ("blind_transfer", 4),
    ("attended_transfer", 4),
    ("agent_pause", 2),
)

Start = Callable[[str, dict[str, Any]], "asyncio.Task[list[dict[str, Any]]]"]


def pick(rng: random.Random) -> str:
    names = [name for name, _ in MIX]
    weights = [weight for _, weight in MIX]
    return rng.choices(names, weights)[0]


def params_for(world: World, name: str) -> dict[str, Any] | None:
    """Random, plausible parameters; None when the call cannot happen now
    (no desk free to place or take it)."""
    rng = world.rng
    idle = [
        a.extension
        for a in world.config.agents
        if world.pbx.devices.get(a.extension) is Device.NOT_INUSE
    ]
    queues = [q.name for q in world.config.queues]
    talk = round(rng.uniform(20, 240))
    if name in ("queue_answered", "queue_ring_no_answer", "queue_hold"):
        params: dict[str, Any] = {"queue": rng.choice(queues), "talk_s": talk}
        params["ring_s"] = round(rng.uniform(2, 12))
        params["hangup_by"] = rng.choice(("caller", "agent"))
        if name == "queue_hold":
            params["hold_s"] = round(rng.uniform(10, 90))
        return params
    if name == "queue_abandoned":
        return {"queue": rng.choice(queues), "wait_s": round(rng.uniform(5, 60))}
    if name in ("blind_transfer", "attended_transfer"):
        queue = rng.choice(queues)
        members = {m for q in world.config.queues if q.name == queue for m in q.members}
        targets = [e for e in idle if e not in members] or idle
        if not targets:
            return None
        return {"queue": queue, "target": rng.choice(targets), "talk_s": round(talk / 3)}
    if name.startswith("direct_"):
        if not idle:
            return None
        params = {"extension": rng.choice(idle)}
        if name == "direct_answered":
            params.update(ring_s=round(rng.uniform(2, 15)), talk_s=talk)
        if name == "direct_failed":
            params["status"] = rng.choice(("CHANUNAVAIL", "CONGESTION"))
        return params
    if name == "internal":
        if len(idle) < 2:
            return None
        caller, callee = rng.sample(idle, 2)
        return {"caller": caller, "callee": callee, "talk_s": talk, "answer": rng.random() > 0.15}
    if name == "click_to_call":
        if not idle:
            return None
        return {"agent": rng.choice(idle), "talk_s": talk, "ring_s": round(rng.uniform(4, 20))}
    if name == "agent_pause":
        in_queues = sorted({m for q in world.config.queues for m in q.members})
        if not in_queues:
            return None
        reason = rng.choice(("Обед", "Перерыв", "Обучение"))
        return {"agent": rng.choice(in_queues), "reason": reason, "pause_s": rng.randrange(60, 900)}
    return {}


class Traffic:
    """Start with ``start()``; ``stop()`` stops new arrivals (calls in progress
    are the simulator's to stop)."""

    def __init__(self, world: World, calls_per_minute: float, start: Start) -> None:
        if calls_per_minute < 0:
            raise ValueError("calls_per_minute must not be negative")
        self.world = world
        self.calls_per_minute = calls_per_minute
        self._start = start
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self.calls_per_minute > 0 and self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                self._arrivals(), name="ami-simulator-traffic"
            )

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _arrivals(self) -> None:
        clock, rng = self.world.clock, self.world.rng
        clock.pin()
        rate_per_s = self.calls_per_minute / 60.0
        while True:
            await clock.sleep(rng.expovariate(rate_per_s))
            name = pick(rng)
            params = params_for(self.world, name)
            if params is None:
                logger.debug("traffic: no desk free for %s, skipped", name)
                continue
            self._start(name, params)
