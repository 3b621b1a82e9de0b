"""A real SMTP relay for tests of mail the CRM sends: an aiosmtpd server on a
free loopback port that keeps every message it is given, parsed."""

from __future__ import annotations

import asyncio
import email
from email.message import Message
from email.policy import default

from aiosmtpd.smtp import SMTP, Envelope, Session


class Relayed:
    """What the relay was given: (envelope sender, recipients, message)."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], Message]] = []
        self.arrived = asyncio.Event()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        parsed = email.message_from_bytes(envelope.original_content or b"", policy=default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))
        self.arrived.set()
        return "250 OK"


async def start_relay(relayed: Relayed, port: int = 0) -> asyncio.Server:
    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: SMTP(relayed), "127.0.0.1", port)
