"""The FastAGI listener: one short conversation per ``AGI()`` in the dialplan.

panoramisk ships a FastAGI ``Application``, but its 1.4 handler cannot serve
here: it waits for the environment with ``reader.read()`` in a loop that
never sees end of stream, so a client that disconnects early spins the loop
forever; it has no timeouts, so a silent client holds its connection for
good; it catches ``BaseException`` around routes, which swallows the
cancellation ``stop()`` relies on; and it fails on a caller name that is not
UTF-8. This server keeps its routing model (the script path picks a route)
on plain asyncio streams, with each of those handled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from crm_core.access import Actor
from crm_core.records.service import RecordService
from crm_core.settings import PbxSettings
from crm_core.users import UserDirectory
from pbx.agi.hooks import DialplanHooks, Route
from pbx.agi.protocol import AgiError, AgiSession, read_request

if TYPE_CHECKING:
    from crm_core.runtime import Runtime

logger = logging.getLogger(__name__)

ROUTES = ("lookup", "ticket-status")
"""The script paths the dialplan may use: ``agi://host:port/<route>``."""

ENVIRONMENT_TIMEOUT_S = 5.0
"""Asterisk sends its environment at once; a client silent this long is dropped."""

MAX_SESSIONS = 256
"""More simultaneous AGI calls than this means something is wrong; refuse, don't pile up."""

LINE_LIMIT = 16 * 1024


class AgiServer:
    """Serves the dialplan hooks on ``pbx.agi_host:pbx.agi_port``.

    Reads go through the record service as ``actor`` (the system actor), so
    they see what the CRM allows it and nothing goes around access control.
    """

    def __init__(
        self,
        records: RecordService,
        actor: Actor,
        users: UserDirectory,
        settings: PbxSettings,
    ) -> None:
        self.settings = settings
        self.hooks = DialplanHooks(records, users, actor, settings.agi_timeout_ms / 1000)
        self.routes: dict[str, Route] = self.hooks.routes()
        self._server: asyncio.Server | None = None
        self._sessions: set[asyncio.Task[None]] = set()

    @classmethod
    def from_runtime(cls, runtime: Runtime) -> AgiServer:
        return cls(runtime.records, runtime.system_actor, runtime.users, runtime.settings.pbx)

    @property
    def port(self) -> int:
        """The bound port, also when the settings asked for port 0."""
        if self._server is None or not self._server.sockets:
            raise RuntimeError("the AGI server is not listening")
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._serve, self.settings.agi_host, self.settings.agi_port, limit=LINE_LIMIT
        )
        logger.info("FastAGI listening on %s:%d", self.settings.agi_host, self.port)

    async def stop(self) -> None:
        """Stop listening, end the conversations under way and wait for them."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        sessions = list(self._sessions)
        for task in sessions:
            task.cancel()
        await asyncio.gather(*sessions, return_exceptions=True)
        if server is not None:
            await server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        if len(self._sessions) >= MAX_SESSIONS:
            logger.warning("%d AGI calls under way; refusing another", len(self._sessions))
            await _close(writer)
            return
        self._sessions.add(task)
        try:
            await self._converse(reader, writer)
        finally:
            self._sessions.discard(task)
            await _close(writer)

    async def _converse(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        try:
            async with asyncio.timeout(ENVIRONMENT_TIMEOUT_S):
                request = await read_request(reader)
            route = self.routes.get(request.route, self.hooks.unknown_route)
            await route(AgiSession(reader, writer), request)
        except TimeoutError:
            logger.info("AGI client %s sent no environment in %ss", peer, ENVIRONMENT_TIMEOUT_S)
        except AgiError as exc:
            logger.info("AGI conversation with %s ended early: %s", peer, exc)
        except Exception:
            logger.exception("AGI conversation with %s failed", peer)


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(ConnectionError, OSError):
        await writer.wait_closed()
