"""Workflow rules, SLAs and stored timers, acting through the record service.

Registered with the hub through the ``switchboard.channels`` entry point and
switched on or off by ``channels.workflows`` in the settings.
"""

from __future__ import annotations

import logging

from crm_core.channels import Stop
from crm_core.runtime import Runtime

logger = logging.getLogger(__name__)


class WorkflowsChannel:
    name = "workflows"

    async def start(self, runtime: Runtime) -> Stop:
        logger.info(
            "workflows channel attached to the hub (last event %d)", runtime.hub.last_event_id
        )

        async def stop() -> None:
            logger.info("workflows channel detached")

        return stop


channel = WorkflowsChannel()
