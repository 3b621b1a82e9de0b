"""A support desk with SLAs: the workflow engine of ``flows`` with the SLA
tracker on it and its hub services, the mail channel's ``mail.reply``, and
helpers that let a ticket's hours pass at once (the tracker's clock). The
timer runner is held; tests run due jobs with its ``run_due``."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import update

from crm_core.hub import Event, LiveEvent
from crm_core.storage.schema import timer_job
from mail import reply_service
from mail.system import MailSystem
from tests.workflows.conftest import Flows
from workflows.sla import build_sla, provide
from workflows.sla.deadlines import job_key
from workflows.sla.tracker import SlaTracker
from workflows.timers import utcnow

FIRST = "first_response"
RESOLUTION = "resolution"


@dataclass
class Desk:
    flows: Flows
    tracker: SlaTracker
    live: list[LiveEvent] = field(default_factory=list)

    @property
    def services(self):  # type: ignore[no-untyped-def]
        return self.flows.crm.runtime.hub.services

    async def admin(self, op: str, **payload: Any) -> dict[str, Any]:
        return await self.services.ask(
            "workflows.sla.admin", self.flows.admin, {"op": op, **payload}
        )

    async def policy(self, name: str = "p", **settings: Any) -> dict[str, Any]:
        return await self.admin("create_policy", name=name, **settings)

    async def state(self, ticket_id: int) -> dict[str, Any]:
        answer = await self.services.ask(
            "workflows.sla", self.flows.admin, {"ticket_id": ticket_id}
        )
        return answer["sla"]

    async def target(self, ticket_id: int, name: str) -> dict[str, Any]:
        return (await self.state(ticket_id))["targets"][name]

    async def job(self, ticket_id: int, name: str, what: str = "due") -> dict[str, Any]:
        [job] = await self.flows.engine.timers.jobs(job_key=job_key(ticket_id, name, what))
        return job

    async def ticket(self, **values: Any) -> int:
        record = await self.flows.records.create(
            self.flows.admin, "HelpDesk", {"ticket_title": "Не работает почта"} | values
        )
        await self.flows.settled()
        return record.id

    async def change(self, ticket_id: int, **values: Any) -> None:
        await self.flows.records.update(self.flows.admin, "HelpDesk", ticket_id, values)
        await self.flows.settled()

    def ago(self, **delta: float) -> None:
        """From now on the tracker lives ``delta`` in the past."""
        self.tracker.skew = -dt.timedelta(**delta)

    async def make_due(self, ticket_id: int, name: str, what: str = "due", **values: Any) -> None:
        async with self.flows.engine.db.write() as conn:
            await conn.execute(
                update(timer_job)
                .where(timer_job.c.job_key == job_key(ticket_id, name, what))
                .values(due_at=utcnow() - dt.timedelta(seconds=1), **values)
            )

    def notices(self, op: str = "workflow") -> list[LiveEvent]:
        return [ev for ev in self.live if ev.type == "notice" and ev.op == op]


def moment(text: str | None) -> dt.datetime:
    assert text is not None
    return dt.datetime.fromisoformat(text)


def near(a: dt.datetime, b: dt.datetime, seconds: float = 60) -> bool:
    return abs((a - b).total_seconds()) <= seconds


@pytest.fixture
async def desk(flows: Flows) -> AsyncIterator[Desk]:
    runtime = flows.crm.runtime
    tracker = build_sla(flows.engine)
    # Jobs run when a test says so (``run_due``, the runner's own pass), not
    # while the tracker's clock is turned back and due times look far off.
    await flows.engine.runner.stop()
    mail = MailSystem.build(runtime)
    withdraws = [
        *provide(runtime.hub.services, tracker),
        runtime.hub.services.provide("mail.reply", reply_service(mail)),
    ]
    found = Desk(flows, tracker)

    def watch(ev: Event | LiveEvent) -> None:
        if isinstance(ev, LiveEvent):
            found.live.append(ev)

    withdraws.append(runtime.hub.subscribe(watch))
    try:
        yield found
    finally:
        for withdraw in withdraws:
            withdraw()
