"""Workflow rules, SLAs and stored timers, acting through the record service.

Registered with the hub through the ``switchboard.channels`` entry point and
switched on or off by ``channels.workflows`` in the settings. The engine
reads the event log from its stored cursor (``workflows.engine``), runs
actions as the system user (``workflows.actions``), and keeps its timers in
the database (``workflows.timers``), so a restart loses and doubles nothing.
"""

from __future__ import annotations

import logging

from crm_core.channels import Stop
from crm_core.runtime import Runtime
from workflows.admin import admin_service, runs_service
from workflows.deliveries import Deliveries
from workflows.engine import Engine
from workflows.reminders import Reminders
from workflows.sla import build_sla
from workflows.sla import provide as provide_sla
from workflows.timed import TimedWorkflows

logger = logging.getLogger(__name__)


def build_engine(runtime: Runtime) -> tuple[Engine, TimedWorkflows, Deliveries]:
    engine = Engine(
        db=runtime.db,
        hub=runtime.hub,
        records=runtime.records,
        users=runtime.users,
        access=runtime.access,
        system=runtime.system_actor,
        time_zone=runtime.settings.locale.time_zone,
        language=runtime.settings.locale.language,
    )
    timed = TimedWorkflows(engine)
    timed.register()
    deliveries = Deliveries(engine)
    deliveries.register()
    return engine, timed, deliveries


class WorkflowsChannel:
    name = "workflows"

    async def start(self, runtime: Runtime) -> Stop:
        engine, timed, deliveries = build_engine(runtime)
        reminders = Reminders(engine)
        reminders.register()
        sla = build_sla(engine)
        await engine.start()
        await reminders.start()
        services = runtime.hub.services
        withdraws = [
            services.provide("workflows.admin", admin_service(engine, timed)),
            services.provide("workflows.runs", runs_service(engine)),
            *provide_sla(services, sla),
        ]
        logger.info(
            "workflows: %d active, reading events after %d",
            len(engine.store.active_all()),
            await engine.cursor(),
        )

        async def stop() -> None:
            for withdraw in withdraws:
                withdraw()
            await reminders.stop()
            await engine.stop()
            await deliveries.close()

        return stop


channel = WorkflowsChannel()
