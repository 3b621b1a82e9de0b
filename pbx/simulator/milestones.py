"""Points a test can wait for, with time stopped there.

At instant speed a whole call is over before a test's next line runs, so
"send CoreShowChannels while 101 rings" needs the simulation to stop at that
moment. A watch is armed before the scenario starts; when the scenario
reaches the point the clock is held (``hold=True``), so nothing moves until
the test calls ``release()``. The scenario finishes the step it is in (the
events of one instant) before the test sees the point: the state the test
reads is always a consistent one.

Kinds and their subject: ``ringing``/``answered``/``talking``/``held`` (an
extension), ``queued`` (a queue name), ``ended`` (a Linkedid).
"""

from __future__ import annotations

import asyncio
from collections.abc import Generator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal

from pbx.simulator.clock import VirtualClock

Kind = Literal["ringing", "answered", "talking", "held", "queued", "ended"]
KINDS: frozenset[str] = frozenset({"ringing", "answered", "talking", "held", "queued", "ended"})


@dataclass(frozen=True, slots=True)
class Reached:
    kind: str
    subject: str
    linkedid: str
    channel: str | None = None
    """The channel concerned (the ringing phone leg, the caller in a queue)."""
    uniqueid: str | None = None


class Watch:
    """Await it (or ``async with`` it) to get the ``Reached`` point."""

    def __init__(self, board: Milestones, kind: str, subject: str | None, hold: bool) -> None:
        self.kind = kind
        self.subject = subject
        self.hold = hold
        self._board = board
        self._future: asyncio.Future[Reached] = asyncio.get_running_loop().create_future()
        self._holding = False

    def matches(self, kind: str, subject: str) -> bool:
        return kind == self.kind and self.subject in (None, subject)

    def _hit(self, reached: Reached) -> None:
        if self._future.done():
            return
        if self.hold:
            self._board.clock.hold()
            self._holding = True
        self._future.set_result(reached)

    def release(self) -> None:
        """Let time run again (only if this watch stopped it)."""
        if self._holding:
            self._holding = False
            self._board.clock.release()

    def cancel(self) -> None:
        self._board.forget(self)
        self.release()
        self._future.cancel()

    def __await__(self) -> Generator[Any, None, Reached]:
        return self._future.__await__()

    async def __aenter__(self) -> Reached:
        return await self._future

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


class Milestones:
    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock
        self._watches: list[Watch] = []

    def watch(self, kind: str, subject: str | None = None, *, hold: bool = True) -> Watch:
        if kind not in KINDS:
            raise ValueError(f"unknown milestone {kind!r}; one of {sorted(KINDS)}")
        watch = Watch(self, kind, subject, hold)
        self._watches.append(watch)
        return watch

    def forget(self, watch: Watch) -> None:
        if watch in self._watches:
            self._watches.remove(watch)

    def fire(
        self,
        kind: Kind,
        subject: str,
        linkedid: str,
        channel: str | None = None,
        uniqueid: str | None = None,
    ) -> None:
        if not self._watches:
            return
        reached = Reached(kind, subject, linkedid, channel, uniqueid)
        for watch in [w for w in self._watches if w.matches(kind, subject)]:
            self._watches.remove(watch)
            watch._hit(reached)

    def cancel_pending(self) -> None:
        for watch in list(self._watches):
            watch.cancel()
