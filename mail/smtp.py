"""The SMTP server customers' mail arrives by (aiosmtpd, on the hub's loop).

It accepts mail only for the CRM's mailboxes (550 for anyone else), refuses
a message over the size limit with 552 as it streams in, and answers 250 only
once the message is in the spool, durable on disk; if storing fails the
sender is told 451 and tries again later, as SMTP senders do. Processing
happens after the answer, so a slow rule never holds a sender up.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Callable
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from mail.mailboxes import Mailboxes
from mail.spool import Spool

logger = logging.getLogger(__name__)


class MailboxHandler:
    def __init__(self, mailboxes: Mailboxes, spool: Spool, accepted: Callable[[], None]) -> None:
        self.mailboxes = mailboxes
        self.spool = spool
        self.accepted = accepted

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        box = await self.mailboxes.get(address)
        if box is None:
            return f"550 5.1.1 <{address}>: no such mailbox here"
        envelope.rcpt_tos.append(box.address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content
        if not isinstance(raw, bytes):
            raw = str(raw).encode("utf-8", "surrogateescape")
        peer = session.peer[0] if isinstance(session.peer, tuple) else str(session.peer)
        ids = []
        try:
            for mailbox in dict.fromkeys(envelope.rcpt_tos):
                ids.append(
                    await self.spool.accept(
                        raw,
                        mailbox=mailbox,
                        source=f"smtp:{peer}",
                        envelope_from=envelope.mail_from or None,
                    )
                )
        except Exception:
            logger.exception("could not store a message from %s", peer)
            return "451 4.3.0 The message could not be stored; please try again later"
        self.accepted()
        return f"250 2.0.0 OK: queued as {','.join(map(str, ids))}"


class SmtpServer:
    def __init__(
        self,
        handler: MailboxHandler,
        *,
        host: str,
        port: int,
        hostname: str,
        max_message_bytes: int,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        self.handler = handler
        self.host = host
        self.port = port
        self.hostname = hostname
        self.max_message_bytes = max_message_bytes
        self.tls_context = tls_context
        self._server: asyncio.Server | None = None

    def _protocol(self) -> Any:
        return SMTP(
            self.handler,
            data_size_limit=self.max_message_bytes,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=self.hostname,
            ident="Switchboard ESMTP",
            tls_context=self.tls_context,
            timeout=60,
        )

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._protocol, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        logger.info("SMTP server on %s:%d", self.host, self.port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
