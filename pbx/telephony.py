"""The telephony channel's life: what starts, in which order, and how it stops.

On start: the ingest
(call log, queue board, correlator), the hub services for click-to-call and
supervisors, the FastAGI server, and, once this node holds the ``pbx.ami``
singleton, the AMI connection. Stopping reverses that, and stores every call
already finished before the database closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from panoramisk.message import Message

from crm_core.access import Tool
from crm_core.runtime import Runtime
from crm_core.storage.singleton import Singleton
from pbx.agi import AgiServer
from pbx.ami import AmiLink
from pbx.commands import TelephonyCommands
from pbx.ingest.call_log import CallLog
from pbx.ingest.callbacks import CallBacks
from pbx.ingest.directory import ExtensionDirectory
from pbx.ingest.pipeline import CallIngest
from pbx.live import QueuePublisher
from pbx.queues import QueueBoard

logger = logging.getLogger(__name__)

Stop = Callable[[], Awaitable[None]]


class Telephony:
    """Everything the channel runs, reachable from tests and benchmarks."""

    def __init__(self, runtime: Runtime, *, ami_host: str, ami_port: int) -> None:
        settings = runtime.settings.pbx
        self.runtime = runtime
        self.directory = ExtensionDirectory(runtime.users, runtime.db)
        self.callbacks = CallBacks(
            runtime.records,
            runtime.system_actor,
            self.directory,
            window_minutes=settings.callback_window_minutes,
            queue_groups=settings.queue_groups,
            language=runtime.settings.locale.language,
        )
        self.call_log = CallLog(
            runtime.records,
            runtime.system_actor,
            self.directory,
            on_stored=self.callbacks.after_stored,
        )
        self.queues = QueueBoard(
            service_level_s=settings.service_level_s,
            window_s=settings.stats_window_minutes * 60.0,
        )
        self.publisher = QueuePublisher(
            runtime.hub,
            self.queues,
            lambda actor: runtime.records.policy.has_tool(actor, Tool.SUPERVISE),
        )
        self.queues.on_change = self.publisher.changed
        self.ingest = CallIngest(
            records=runtime.records,
            hub=runtime.hub,
            actor=runtime.system_actor,
            directory=self.directory,
            call_log=self.call_log,
            queues=self.queues,
            region=runtime.settings.locale.default_region,
        )
        self.link = AmiLink(
            host=ami_host,
            port=ami_port,
            username=settings.username,
            secret=settings.secret.get_secret_value(),
            on_event=self.ingest.on_event,
            on_connected=self._resync,
            max_delay_s=settings.reconnect_max_delay_s,
        )
        self.singleton = Singleton(runtime.db, "pbx.ami")
        self.agi = AgiServer.from_runtime(runtime)
        self._withdraw: list[Callable[[], None]] = []
        self._leader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.directory.load()
        self.call_log.start()
        self.publisher.start()
        self._withdraw.append(
            self.runtime.hub.services.provide("pbx.queues", self.publisher.service)
        )
        settings = self.runtime.settings.pbx
        commands = TelephonyCommands(
            self.runtime.records,
            self.runtime.users,
            self.send,
            region=self.runtime.settings.locale.default_region,
            agent_channel=settings.agent_channel,
            originate_context=settings.originate_context,
            originate_timeout_s=settings.originate_timeout_s,
        )
        self._withdraw.append(commands.register(self.runtime.hub))
        await self.agi.start()
        self._leader = asyncio.create_task(self._lead(), name="pbx-leader")

    async def _lead(self) -> None:
        """Stand by until this node holds the lock, then connect; let go of
        AMI when the lock is lost, since another node may lead by then, and
        stand by again."""
        while True:
            await self._await_lock()
            self.link.start()
            await self.singleton.lost()
            logger.warning("leaving AMI to the node that holds %s now", self.singleton.name)
            await self.link.stop()
            # A standby whose database stayed reachable should win the lock.
            await asyncio.sleep(self.singleton.retry_s)

    async def _await_lock(self) -> None:
        """A request for the lock that fails (PostgreSQL restarting, failing
        over, out of reach) is asked again: were the leader task to end, this
        node would never take over, and ``stop`` would raise the stale error."""
        while True:
            try:
                await self.singleton.acquire()
                return
            except Exception as exc:
                logger.warning(
                    "could not ask for the %s lock (%s); asking again in %s s",
                    self.singleton.name,
                    exc,
                    self.singleton.retry_s,
                )
                await asyncio.sleep(self.singleton.retry_s)

    async def _resync(self, link: AmiLink) -> None:
        """Asterisk's own view replaces ours after every (re)connect."""
        queue_status = await link.request({"Action": "QueueStatus"}, as_list=True)
        channels = await link.request({"Action": "CoreShowChannels"}, as_list=True)
        self.ingest.resync(_items(channels, "CoreShowChannel"), _items(queue_status, None))

    async def stop(self) -> None:
        for withdraw in self._withdraw:
            withdraw()
        if self._leader is not None:
            self._leader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._leader
        await self.agi.stop()
        await self.link.stop()
        await self.ingest.settle()
        await self.call_log.stop()
        await self.publisher.stop()
        await self.singleton.release()

    async def send(self, action: dict[str, Any]) -> Message:
        return await self.link.send(action)


def _items(reply: Any, event: str | None) -> list[Message]:
    """The item events of a list reply (not the Response, not the Complete)."""
    messages = reply if isinstance(reply, list) else [reply]
    return [
        m
        for m in messages
        if m.get("Event")
        and not str(m.get("Event")).endswith("Complete")
        and (event is None or m.get("Event") == event)
    ]
