"""A hub with the workflow engine running on a fresh database, and the mail
channel's ``mail.send`` service sending through a real SMTP relay."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from crm_core.access import Actor
from mail.outbox import Relay
from mail.sending import send_service
from mail.system import MailSystem
from tests.agent_ui.conftest import hub, hub_settings  # noqa: F401 - the console hub, for timeline tests
from tests.conftest import Crm
from tests.smtp_relay import Relayed, start_relay
from workflows import build_engine
from workflows.definitions import Workflow, check_workflow
from workflows.engine import Engine
from workflows.timed import TimedWorkflows


@dataclass
class Flows:
    crm: Crm
    engine: Engine
    timed: TimedWorkflows
    mail: Relayed
    """What the relay was given."""

    @property
    def records(self):  # type: ignore[no-untyped-def]
        return self.crm.records

    @property
    def admin(self) -> Actor:
        return self.crm.admin

    async def add(
        self,
        module: str,
        trigger: dict[str, Any],
        actions: list[dict[str, Any]],
        conditions: dict[str, Any] | None = None,
        name: str = "rule",
    ) -> Workflow:
        checked = check_workflow(
            self.records.catalog,
            {
                "module": module,
                "name": name,
                "trigger": trigger,
                "actions": actions,
                "conditions": conditions or {"all": []},
            },
        )
        wf = await self.engine.store.add(checked, self.admin.user_id)
        await self.timed.workflow_saved(wf)
        return wf

    async def settled(self) -> None:
        async with asyncio.timeout(20):
            await self.engine.settled()

    async def runs(self, **kw: Any) -> list[dict[str, Any]]:
        from workflows import runlog

        return await runlog.runs(self.engine.db, **kw)


async def eventually(check: Callable[[], Awaitable[bool]], timeout_s: float = 15) -> None:
    async with asyncio.timeout(timeout_s):
        while not await check():  # noqa: ASYNC110 - the state is in the database
            await asyncio.sleep(0.02)


@pytest.fixture
async def flows(crm: Crm) -> AsyncIterator[Flows]:
    relayed = Relayed()
    relay = await start_relay(relayed)
    mail = MailSystem.build(crm.runtime)
    mail.outbox.relay = Relay("127.0.0.1", relay.sockets[0].getsockname()[1])
    mail.outbox.start()
    withdraw = crm.runtime.hub.services.provide("mail.send", send_service(mail.sender))
    engine, timed, deliveries = build_engine(crm.runtime)
    engine.poll_s = engine.runner.poll_s = 0.05
    deliveries.first_retry_s = 0.05
    await engine.start()
    try:
        yield Flows(crm, engine, timed, relayed)
    finally:
        await engine.stop()
        await deliveries.close()
        withdraw()
        await mail.outbox.stop()
        relay.close()
        await relay.wait_closed()
