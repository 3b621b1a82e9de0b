"""One supervised AMI connection: connect, log in, resynchronise, keep alive,
and reconnect with backoff when Asterisk or the network goes away.

panoramisk's Manager reconnects on a fixed timer and re-sends unanswered
actions; this subclass keeps its action bookkeeping and event dispatch but owns
the connection's life in one task, so the order is always: banner, Login,
FullyBooted, resynchronisation (the caller's ``on_connected``), then events.
Events go to a single consumer without panoramisk's per-event pattern
matching, because the ingest wants every event and the rate matters.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any

from panoramisk import Manager
from panoramisk.actions import Action
from panoramisk.message import Message

from pbx.ami.protocol import AmiProtocol, ConnectionGone

logger = logging.getLogger(__name__)

LOGIN_TIMEOUT_S = 10.0
FULLY_BOOTED_WAIT_S = 2.0
"""An AMI user without the ``system`` class never gets FullyBooted."""


class LoginFailed(ConnectionError):
    pass


class NotConnected(ConnectionError):
    pass


class AmiLink(Manager):  # type: ignore[misc]
    def __init__(
        self,
        *,
        host: str,
        port: int,
        username: str,
        secret: str,
        on_event: Callable[[Message], None],
        on_connected: Callable[[AmiLink], Awaitable[None]] | None = None,
        on_disconnected: Callable[[], None] | None = None,
        max_delay_s: float = 30.0,
        ping_interval_s: float = 20.0,
    ) -> None:
        super().__init__(
            host=host,
            port=port,
            username=username,
            secret=secret,
            events="on",
            encoding="utf-8",
            protocol_factory=AmiProtocol,
        )
        self.callbacks.clear()
        self.patterns.clear()
        self._on_event = on_event
        self._on_connected = on_connected
        self._on_disconnected = on_disconnected
        self.max_delay_s = max_delay_s
        self.ping_interval_s = ping_interval_s
        self.ready = asyncio.Event()
        """Set while logged in and resynchronised: actions may be sent."""
        self.connections = 0
        self.banner: str | None = None
        self._lost: asyncio.Future[None] | None = None
        self._booted: asyncio.Event = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # ---------------------------------------------------------------- control

    def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self._task = asyncio.create_task(self._run(), name="ami-link")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self.protocol is not None:
            self.protocol.close()
        self.ready.clear()

    async def send(self, action: dict[str, Any], *, as_list: bool = False) -> Any:
        """Send one action and return its reply (a list of messages for a list
        action). Raises NotConnected when AMI is down rather than queueing:
        a click-to-call must not dial minutes later."""
        if not self.ready.is_set() or self.protocol is None or self.protocol.closed:
            raise NotConnected("not connected to Asterisk")
        return await self._send(action, as_list=as_list)

    async def request(self, action: dict[str, Any], *, as_list: bool = False) -> Any:
        """Send on the current connection whether or not it is ready: for the
        resynchronisation ``on_connected`` runs before actions are let in."""
        return await self._send(action, as_list=as_list)

    async def _send(self, action: dict[str, Any], *, as_list: bool) -> Any:
        try:
            return await self.protocol.send(Action(dict(action), as_list=as_list), as_list=as_list)
        except ConnectionGone as exc:
            raise NotConnected(str(exc)) from exc

    # ------------------------------------------------------------- lifecycle

    async def _run(self) -> None:
        delay = 1.0
        while True:
            try:
                await self._session()
                delay = 1.0  # it worked for a while: start the backoff over
            except asyncio.CancelledError:
                raise
            except LoginFailed as exc:
                logger.error("AMI login to %s:%s refused: %s", self.host, self.port, exc)
                delay = self.max_delay_s
            except (OSError, TimeoutError, NotConnected) as exc:
                logger.warning("AMI connection to %s:%s: %s", self.host, self.port, exc)
            except Exception:
                logger.exception("AMI session failed")
            finally:
                self.ready.clear()
                if self.protocol is not None:
                    self.protocol.close()
                if self._on_disconnected is not None:
                    self._on_disconnected()
            # Full jitter keeps several hubs from reconnecting in step.
            await asyncio.sleep(random.uniform(0.5, 1.0) * delay)
            delay = min(delay * 2, self.max_delay_s)

    @property
    def host(self) -> str:
        return str(self.config["host"])

    @property
    def port(self) -> int:
        return int(self.config["port"])

    async def _session(self) -> None:
        loop = asyncio.get_running_loop()
        self._lost = loop.create_future()
        self._booted.clear()
        # asyncio.timeout rather than wait_for: on Python 3.11, wait_for
        # swallows a cancel that lands as its inner await finishes, and a
        # stopping hub would then go on reconnecting for ever.
        async with asyncio.timeout(LOGIN_TIMEOUT_S):
            _, protocol = await loop.create_connection(AmiProtocol, self.host, self.port)
        protocol.factory = self
        protocol.log = logger
        self.protocol = protocol
        async with asyncio.timeout(LOGIN_TIMEOUT_S):
            self.banner = await asyncio.shield(protocol.banner_seen)
        login = {
            "Action": "Login",
            "Username": self.config["username"],
            "Secret": self.config["secret"],
            "Events": "on",
        }
        async with asyncio.timeout(LOGIN_TIMEOUT_S):
            reply = await self._send(login, as_list=False)
        if not reply.success:
            raise LoginFailed(reply.get("Message") or "authentication failed")
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(FULLY_BOOTED_WAIT_S):
                await self._booted.wait()
        self.connections += 1
        logger.info("AMI connected to %s:%s (%s)", self.host, self.port, self.banner)
        if self._on_connected is not None:
            await self._on_connected(self)
        self.ready.set()
        pinger = asyncio.create_task(self._keepalive())
        try:
            await self._lost
        finally:
            pinger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pinger

    async def _keepalive(self) -> None:
        """A silent dead peer (a pulled cable) is noticed by a Ping that gets
        no answer, not by waiting for TCP to give up."""
        while True:
            await asyncio.sleep(self.ping_interval_s)
            try:
                async with asyncio.timeout(10):
                    await self._send({"Action": "Ping"}, as_list=False)
            except (TimeoutError, NotConnected):
                logger.warning("AMI ping unanswered; reconnecting")
                if self.protocol is not None:
                    self.protocol.close()
                self.connection_lost(None)
                return

    # ------------------------------------------------------ panoramisk hooks

    def dispatch(self, event: Message) -> list[str]:
        if event.get("Event") == "FullyBooted":
            self._booted.set()
        try:
            self._on_event(event)
        except Exception:
            logger.exception("AMI event consumer failed on %s", event.get("Event"))
        return []

    def connection_lost(self, exc: Exception | None) -> None:
        self.ready.clear()
        if self._lost is not None and not self._lost.done():
            self._lost.set_result(None)
