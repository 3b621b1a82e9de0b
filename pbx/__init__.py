"""Telephony channel: Asterisk AMI ingest, FastAGI hooks and the AMI simulator.

Registered with the hub through the ``switchboard.channels`` entry point and
switched on or off by ``channels.pbx`` in the settings.
"""

from __future__ import annotations

import logging

from crm_core.channels import Stop
from crm_core.runtime import Runtime

logger = logging.getLogger(__name__)


class PbxChannel:
    name = "pbx"

    async def start(self, runtime: Runtime) -> Stop:
        logger.info("pbx channel attached to the hub (last event %d)", runtime.hub.last_event_id)

        async def stop() -> None:
            logger.info("pbx channel detached")

        return stop


channel = PbxChannel()
