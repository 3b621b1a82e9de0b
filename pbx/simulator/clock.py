"""Simulated time: exact durations, deterministic order, adjustable speed.

Every scenario sleeps on this clock, never on ``asyncio.sleep``. A single
driver task wakes sleepers strictly in order of their simulated wake time, so
events from concurrent calls come out with non-decreasing timestamps whatever
the speed, and a scenario that waits 12 s produces timestamps exactly 12 s
apart. ``speed`` only decides how much real time the driver lets pass between
two wake-ups: 1.0 for the demo, 1000 to watch a day go by, ``0`` (or
``math.inf``) for no real waiting at all.

Each task keeps its own notion of "now" (a context variable): the time it was
last woken at, moved on by a few microseconds per event emitted at that
instant, so that timestamps never go backwards. Other code (a client's Ping,
a QueuePause) reads the shared time, which in real-time mode moves on between
wake-ups but never past the next one.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import math
from contextvars import ContextVar
from dataclasses import dataclass, field

TICK_S = 0.000137
"""How far an emitted event moves its task's clock: real events are never
simultaneous, and the gap is far below the whole seconds durations are read in."""


@dataclass(order=True)
class _Sleeper:
    wake_at: float
    seq: int
    future: asyncio.Future[bool] = field(compare=False)


class VirtualClock:
    """``start(at)`` inside a running loop; ``stop()`` cancels the driver."""

    def __init__(self, speed: float) -> None:
        if speed < 0 or math.isnan(speed):
            raise ValueError("speed must be 0 (no waiting) or a positive factor")
        self._speed = speed
        self._base = 0.0
        self._base_real = 0.0
        self._heap: list[_Sleeper] = []
        self._seq = 0
        self._holds = 0
        self._last_event = -math.inf
        self._changed: asyncio.Event | None = None
        self._driver: asyncio.Task[None] | None = None
        self._local: ContextVar[float | None] = ContextVar(f"sim_time_{id(self)}", default=None)

    @property
    def instant(self) -> bool:
        return self._speed == 0 or math.isinf(self._speed)

    @property
    def speed(self) -> float:
        return self._speed

    @speed.setter
    def speed(self, value: float) -> None:
        if value < 0 or math.isnan(value):
            raise ValueError("speed must be 0 (no waiting) or a positive factor")
        self._rebase()
        self._speed = value
        self._poke()

    def start(self, at: float) -> None:
        """Simulated time begins at ``at`` (an epoch) now."""
        loop = asyncio.get_running_loop()
        self._base = at
        self._base_real = loop.time()
        self._changed = asyncio.Event()
        self._driver = loop.create_task(self._drive(), name="ami-simulator-clock")

    async def stop(self) -> None:
        if self._driver is not None:
            self._driver.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._driver
            self._driver = None
        for sleeper in self._heap:
            if not sleeper.future.done():
                sleeper.future.cancel()
        self._heap.clear()

    # ------------------------------------------------------------ reading

    def now(self) -> float:
        local = self._local.get()
        return self.shared_now() if local is None else local

    def shared_now(self) -> float:
        """The time outside any scenario: frozen while held or in instant mode."""
        if self.instant or self._holds:
            return self._base
        elapsed = (asyncio.get_running_loop().time() - self._base_real) * self._speed
        now = self._base + max(0.0, elapsed)
        if self._heap:
            now = min(now, self._heap[0].wake_at)
        return max(now, self._base)

    def pin(self) -> float:
        """Give the calling task its own timeline, starting at the shared time.
        A scenario calls this first, so that its durations count from one instant."""
        now = self.shared_now()
        self._local.set(now)
        return now

    def tick(self) -> float:
        """The time for one emitted event: never before the previous event's
        (whichever task sent it), and the task's clock moves on to it."""
        local = self._local.get()
        stamp = max(self.shared_now() if local is None else local, self._last_event + TICK_S)
        self._last_event = stamp
        if local is not None:
            self._local.set(stamp)
        return stamp

    # ------------------------------------------------------------ waiting

    async def sleep(self, seconds: float, wake: asyncio.Future[bool] | None = None) -> bool:
        """Wait ``seconds`` of simulated time. Returns False when ``wake`` (a
        future the caller may resolve early, e.g. on a Hangup action) ended
        the wait first; the task's clock is then the shared time of that moment."""
        start = self.now()
        future: asyncio.Future[bool] = (
            wake if wake is not None else asyncio.get_running_loop().create_future()
        )
        self._seq += 1
        heapq.heappush(self._heap, _Sleeper(start + max(0.0, seconds), self._seq, future))
        self._poke()
        elapsed = await future
        self._local.set(start + seconds if elapsed else max(start, self.shared_now()))
        return elapsed

    def hold(self) -> None:
        """Stop time (nested): nothing wakes until every hold is released."""
        self._rebase()
        self._holds += 1

    def release(self) -> None:
        if self._holds == 0:
            return
        self._holds -= 1
        if self._holds == 0:
            self._rebase_real()
            self._poke()

    # ------------------------------------------------------------ driver

    def _rebase(self) -> None:
        self._base = self.shared_now()
        self._rebase_real()

    def _rebase_real(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._base_real = asyncio.get_running_loop().time()

    def _poke(self) -> None:
        if self._changed is not None:
            self._changed.set()

    async def _drive(self) -> None:
        assert self._changed is not None
        changed = self._changed
        while True:
            while self._heap and self._heap[0].future.done():
                heapq.heappop(self._heap)  # woken early or cancelled
            if self._holds or not self._heap:
                changed.clear()
                await changed.wait()
                continue
            wake_at = self._heap[0].wake_at
            if not self.instant:
                delay = (wake_at - self.shared_now()) / self._speed
                if delay > 0:
                    changed.clear()
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(delay):
                            await changed.wait()
                    continue
            sleeper = heapq.heappop(self._heap)
            if sleeper.future.done():
                continue
            self._base = max(self._base, sleeper.wake_at)
            self._rebase_real()
            sleeper.future.set_result(True)
            # Let the woken task run its step before anyone later wakes.
            await asyncio.sleep(0)
