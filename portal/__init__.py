"""Customer self-service portal and public web forms.

Registered with the hub through the ``switchboard.channels`` entry point and
switched on or off by ``channels.portal`` in the settings.
"""

from __future__ import annotations

import logging

from crm_core.channels import Stop
from crm_core.runtime import Runtime
from portal.site import start_site
from portal.webforms import start_webforms

logger = logging.getLogger(__name__)


class PortalChannel:
    name = "portal"

    async def start(self, runtime: Runtime) -> Stop:
        logger.info("portal channel attached to the hub (last event %d)", runtime.hub.last_event_id)
        stop_site = await start_site(runtime)
        stop_webforms = start_webforms(runtime)

        async def stop() -> None:
            stop_webforms()
            stop_site()
            logger.info("portal channel detached")

        return stop


channel = PortalChannel()
