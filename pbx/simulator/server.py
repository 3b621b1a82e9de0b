"""The TCP listener and event fan-out.

An event is encoded once, as manager.c does in ``__manager_event_sessions_va``:
``Event``, ``Privilege: <class>,all``, ``Timestamp`` (when ``timestampevents``
is on), then the fields; every logged-in session that reads that class gets
the same bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from pbx.simulator.pbx import Event
from pbx.simulator.session import Handler, Session
from pbx.simulator.wire import block, epoch

logger = logging.getLogger(__name__)

LOW_WATER_BYTES = 1 << 20
STALL_S = 30.0


def encode(event: Event, timestamps: bool) -> bytes:
    head = [("Event", event.name), ("Privilege", f"{event.category},all")]
    if timestamps:
        head.append(("Timestamp", epoch(event.time)))
    return block(head + event.fields)


class AmiServer:
    def __init__(
        self, host: str, port: int, version: str, handler: Handler, *, timestamps: bool
    ) -> None:
        self.host = host
        self.requested_port = port
        self.version = version
        self.timestamps = timestamps
        self.sessions: set[Session] = set()
        self._handler = handler
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def port(self) -> int:
        if self._server is None or not self._server.sockets:
            raise RuntimeError("the AMI simulator is not listening")
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, self.host, self.requested_port)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        session = Session(reader, writer, self._handler, self.version)
        self.sessions.add(session)
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        logger.info("AMI client %s connected", session.peer)
        try:
            await session.run()
        except Exception:
            logger.exception("AMI session %s failed", session.peer)
        finally:
            self.sessions.discard(session)
            if task is not None:
                self._tasks.discard(task)
            logger.info("AMI client %s disconnected", session.peer)

    def broadcast(self, event: Event) -> None:
        wanting = [
            s
            for s in self.sessions
            if s.authenticated and not s.closed and event.category in s.event_classes
        ]
        if not wanting:
            return
        data = encode(event, self.timestamps)
        for session in wanting:
            session.send(data)

    async def drained(self) -> None:
        """Until every client has read all but ``LOW_WATER_BYTES`` of what was
        sent; a flood waits here so that it measures the reader, not a buffer.
        A client that reads nothing for ``STALL_S`` is dropped."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STALL_S
        while any(s.backlog > LOW_WATER_BYTES for s in self.sessions):
            if loop.time() >= deadline:
                for session in [s for s in self.sessions if s.backlog > LOW_WATER_BYTES]:
                    logger.warning("AMI client %s stopped reading; disconnecting", session.peer)
                    session.abort()
                return
            await asyncio.sleep(0.001)

    def drop_all(self) -> int:
        sessions = list(self.sessions)
        for session in sessions:
            session.abort()
        return len(sessions)

    async def stop(self) -> None:
        """Close the listener and every connection; sessions end on their own
        (cancelling a stream handler makes asyncio log a spurious error)."""
        if self._server is not None:
            self._server.close()
        self.drop_all()
        tasks = list(self._tasks)
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=2.0)
            for task in late:
                task.cancel()
        if self._server is not None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(2.0):
                    await self._server.wait_closed()
            self._server = None
