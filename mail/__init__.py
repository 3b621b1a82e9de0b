"""Email channel: inbound SMTP (and, later, IMAP) into records.

Registered with the hub through the ``switchboard.channels`` entry point and
switched on or off by ``channels.mail`` in the settings. Mail flows
smtp → spool → processor → intake → records.
"""

from __future__ import annotations

import logging
import ssl

from crm_core.channels import Stop
from crm_core.runtime import Runtime
from mail.smtp import MailboxHandler, SmtpServer
from mail.system import MailSystem

logger = logging.getLogger(__name__)


class MailChannel:
    name = "mail"

    async def start(self, runtime: Runtime) -> Stop:
        settings = runtime.settings.mail
        system = MailSystem.build(runtime)
        system.processor.start()  # first, what an earlier run accepted
        tls = None
        if settings.tls_certificate:
            tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls.load_cert_chain(settings.tls_certificate, settings.tls_key or None)
        server = SmtpServer(
            MailboxHandler(system.mailboxes, system.spool, system.processor.wake),
            host=settings.smtp_host,
            port=settings.smtp_port,
            hostname=settings.domain,
            max_message_bytes=settings.max_message_bytes,
            tls_context=tls,
        )
        await server.start()
        boxes = ", ".join(m.address for m in await system.mailboxes.all()) or "none yet"
        logger.info("mail: SMTP on %s:%d for %s", settings.smtp_host, server.port, boxes)

        async def stop() -> None:
            await server.stop()
            await system.processor.stop()

        return stop


channel = MailChannel()
