"""A background task woken by whoever gives it work: the spool processor
(woken by each accepted message) and the outbox (woken by each queued one).
``settled`` lets a caller wait until the work given so far is done."""

from __future__ import annotations

import asyncio
import contextlib


class WakeableWorker:
    task_name = "mail-worker"

    def __init__(self) -> None:
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()
        self._idle.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.task_name)
        self.wake()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def wake(self) -> None:
        self._idle.clear()
        self._wake.set()

    async def settled(self) -> None:
        """Until the work given so far is done (tests, import)."""
        await self._idle.wait()

    async def _run(self) -> None:
        raise NotImplementedError
