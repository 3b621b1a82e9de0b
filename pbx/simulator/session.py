"""One AMI client connection, as ``session_do`` in manager.c runs it.

The banner goes out at once, with no blank line after it. Actions are read
and answered one at a time, in order; events reach the client only once it
has logged in, and only the classes it asked for. While an action blocks
(a synchronous Originate) the session's events wait and follow the reply,
as they do in Asterisk, whose session thread writes events between actions.
A client that goes 30 s without logging in, sends 64 KiB without ending an
action, or falls 16 MiB behind is disconnected.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from pbx.simulator.const import (
    AUTH_TIMEOUT_S,
    BANNER,
    EVENT_CLASSES,
    MAX_BUFFERED_BYTES,
)
from pbx.simulator.wire import Action, ActionReader, Overflow

logger = logging.getLogger(__name__)

Handler = Callable[["Session", Action], Awaitable[bool]]
"""Answers one action; returns False when the session must close after it."""


class Session:
    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        handler: Handler,
        version: str,
    ) -> None:
        self._reader = reader
        self._writer = writer
        self._handler = handler
        self._version = version
        self._held: list[bytes] | None = None
        self.authenticated = False
        self.event_classes: frozenset[str] = frozenset()
        self.challenge = ""
        self.closed = False
        peer = writer.get_extra_info("peername")
        self.peer = f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else str(peer)

    async def run(self) -> None:
        self.send(BANNER.format(version=self._version).encode("ascii"))
        parser = ActionReader()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + AUTH_TIMEOUT_S
        try:
            while not self.closed:
                timeout = None if self.authenticated else max(0.0, deadline - loop.time())
                try:
                    async with asyncio.timeout(timeout):
                        data = await self._reader.read(65536)
                except TimeoutError:
                    logger.info("AMI client %s did not log in within %ss", self.peer, timeout)
                    break
                if not data:
                    break
                try:
                    actions = parser.feed(data)
                except Overflow as overflow:
                    logger.warning("AMI client %s: %s; disconnecting", self.peer, overflow)
                    break
                for action in actions:
                    if not await self._handler(self, action):
                        self.closed = True
                        break
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            await self.close()

    # ------------------------------------------------------------ output

    def send(self, data: bytes) -> None:
        """Write now, or after the action in progress when it blocks."""
        if self.closed:
            return
        if self._held is not None:
            self._held.append(data)
            return
        self._write(data)

    def _write(self, data: bytes) -> None:
        transport = self._writer.transport
        if transport.is_closing():
            return
        self._writer.write(data)
        if transport.get_write_buffer_size() > MAX_BUFFERED_BYTES:
            logger.warning("AMI client %s is too far behind; disconnecting", self.peer)
            self.closed = True
            transport.abort()

    def hold_events(self) -> None:
        if self._held is None:
            self._held = []

    def release_events(self, reply: bytes) -> None:
        """The blocked action's reply, then the events that waited for it."""
        held, self._held = self._held or [], None
        self.send(reply)
        for data in held:
            self.send(data)

    @property
    def backlog(self) -> int:
        transport = self._writer.transport
        return 0 if transport.is_closing() else transport.get_write_buffer_size()

    # ------------------------------------------------------------ login

    def log_in(self, events: str) -> None:
        """``set_eventmask``: on/yes/true → everything, off/no/false →
        nothing, otherwise a list of classes; absent → everything."""
        self.authenticated = True
        value = events.strip().lower()
        if not value or value in ("on", "yes", "true", "y", "t", "1"):
            self.event_classes = EVENT_CLASSES
        elif value in ("off", "no", "false", "n", "f", "0"):
            self.event_classes = frozenset()
        else:
            wanted = {part.strip() for part in value.split(",")}
            self.event_classes = (
                EVENT_CLASSES if "all" in wanted else frozenset(wanted & EVENT_CLASSES)
            )

    # ------------------------------------------------------------ end

    async def close(self) -> None:
        self.closed = True
        with contextlib.suppress(ConnectionError, RuntimeError):
            if not self._writer.transport.is_closing():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(1.0):
                        await self._writer.drain()
            self._writer.close()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(1.0):
                    await self._writer.wait_closed()

    def abort(self) -> None:
        """Drop the connection at once, as a network failure would."""
        self.closed = True
        self._writer.transport.abort()
