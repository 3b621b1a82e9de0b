"""Telephony as the rest of the hub sees it: queue statistics on the hub,
at most once a second per queue however busy the queue is."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from crm_core.access import Actor
from crm_core.hub import Hub
from pbx.queues import QueueBoard

PUBLISH_EVERY_S = 1.0


class QueuePublisher:
    def __init__(self, hub: Hub, board: QueueBoard, may_supervise: Callable[[Actor], bool]) -> None:
        self.hub = hub
        self.board = board
        self.may_supervise = may_supervise
        self._dirty: set[str] = set()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def changed(self, queue: str) -> None:
        self._dirty.add(queue)
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="queue-stats")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            dirty, self._dirty = self._dirty, set()
            for stats in self.board.snapshot_of(dirty):
                # Live to every console: numbers of waiting callers stay out of it.
                stats["callers"] = [{**c, "caller": None} for c in stats["callers"]]
                await self.hub.publish_live("queue", "stats", stats)
            await asyncio.sleep(PUBLISH_EVERY_S)

    async def service(self, actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        """``pbx.queues``: the wallboard's first paint, before live updates.
        Waiting callers' numbers are for supervisors only."""
        queue = payload.get("queue")
        stats = self.board.snapshot(queue if isinstance(queue, str) else None)
        if not self.may_supervise(actor):
            for item in stats:
                item["callers"] = [{**c, "caller": None} for c in item["callers"]]
        return {"queues": stats}
