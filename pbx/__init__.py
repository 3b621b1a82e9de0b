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
        from pbx.telephony import Telephony

        settings = runtime.settings.pbx
        host, port, simulator = settings.host, settings.port, None
        if settings.simulator:
            from pbx.builtin_pbx import start_simulator

            simulator = await start_simulator(runtime)
            host, port = "127.0.0.1", simulator.port
        telephony = Telephony(runtime, ami_host=host, ami_port=port)
        await telephony.start()

        async def stop() -> None:
            await telephony.stop()
            if simulator is not None:
                await simulator.stop()

        return stop


channel = PbxChannel()
