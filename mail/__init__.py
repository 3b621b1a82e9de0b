"""Email channel: inbound SMTP and IMAP into records.

Registered with the hub through the ``switchboard.channels`` entry point and
switched on or off by ``channels.mail`` in the settings. Mail flows
smtp or imap → spool → processor → intake → records.
"""

from __future__ import annotations

import logging
import ssl
from typing import Any

from crm_core.access import Actor
from crm_core.channels import Stop
from crm_core.errors import InvalidRequest
from crm_core.hub.services import Handler
from crm_core.runtime import Runtime
from mail.admin import admin_service
from mail.sending import send_service
from mail.smtp import MailboxHandler, SmtpServer
from mail.system import MailSystem

logger = logging.getLogger(__name__)


class MailChannel:
    name = "mail"

    async def start(self, runtime: Runtime) -> Stop:
        settings = runtime.settings.mail
        system = MailSystem.build(runtime)
        system.processor.start()  # first, what an earlier run accepted
        system.outbox.start()  # and what it had still to send
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
        for poller in system.pollers:
            if await system.mailboxes.get(poller.account.mailbox) is None:
                logger.warning(
                    "mail: %s feeds %s, which is not a mailbox: its mail is only stored",
                    poller.name,
                    poller.account.mailbox,
                )
            poller.start()

        services = runtime.hub.services
        withdraws = [
            services.provide("mail.reply", reply_service(system)),
            services.provide("mail.send", send_service(system.sender)),
            services.provide(
                "mail.admin", admin_service(runtime.records, system.mailboxes, system.rules)
            ),
        ]

        async def stop() -> None:
            for withdraw in withdraws:
                withdraw()
            await server.stop()
            for poller in system.pollers:
                await poller.stop()
            await system.processor.stop()
            await system.outbox.stop()

        return stop


def reply_service(system: MailSystem) -> Handler:
    """``mail.reply``: an agent's answer to a ticket's customer, for the API."""

    async def reply(actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        ticket_id, body, cc = payload.get("ticket_id"), payload.get("body"), payload.get("cc")
        if not isinstance(ticket_id, int) or isinstance(ticket_id, bool):
            raise InvalidRequest(detail="ticket_id must be a ticket's id")
        if not isinstance(body, str):
            raise InvalidRequest(detail="body must be text")
        if cc is not None and not (isinstance(cc, list) and all(isinstance(a, str) for a in cc)):
            raise InvalidRequest(detail="cc must be a list of addresses")
        email = await system.replies.reply(actor, ticket_id, body, cc)
        return {
            "email_id": email.id,
            "message_id": email.get("message_id"),
            "subject": email.get("subject"),
            "to": email.get("saved_toid"),
            "state": "queued",
        }

    return reply


channel = MailChannel()
