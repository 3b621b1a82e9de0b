"""One message that reaches the CRM both ways, by SMTP (a real session
through smtplib to the aiosmtpd server) and through an IMAP mailbox the
poller reads (a real dovecot), whichever comes first: both copies are
spooled, the second is recognised by its Message-ID and fingerprint although
the way through the mailbox added headers, and the message is stored, and
acknowledged, once."""

from __future__ import annotations

import asyncio
import smtplib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from dovecot_server import (
    SUPPORT,
    Dovecot,
    RecordingSpool,
    letter,
    make_poller,
    settled_titles,
    until,
)
from sqlalchemy import select

from crm_core.storage.schema import mail_spool
from mail.smtp import MailboxHandler, SmtpServer
from mail.system import MailSystem

SENDER = "petr@client.example.ru"


@pytest.fixture
async def smtp(system: MailSystem) -> AsyncIterator[SmtpServer]:
    server = SmtpServer(
        MailboxHandler(system.mailboxes, system.spool, system.processor.wake),
        host="127.0.0.1",
        port=0,
        hostname="switchboard.example",
        max_message_bytes=1024 * 1024,
    )
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def send(port: int, raw: bytes) -> dict[str, Any]:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.ehlo("mx.client.example.ru")
        return client.sendmail(SENDER, [SUPPORT], raw)


def as_delivered_to_the_mailbox(raw: bytes) -> bytes:
    """The copy in the IMAP mailbox: the message with the trace headers its
    way there added on top."""
    return (
        b"Return-Path: <petr@client.example.ru>\r\n"
        b"Delivered-To: support@switchboard.example\r\n"
        b"Received: from mx.client.example.ru (mx.client.example.ru [192.0.2.7])\r\n"
        b"\tby imap.switchboard.example with ESMTPS id 4f2a;"
        b" Mon, 17 Jun 2024 10:00:02 +0300\r\n" + raw
    )


async def spooled(crm: Any) -> list[Any]:
    async with crm.runtime.db.read() as conn:
        query = select(mail_spool).order_by(mail_spool.c.id)
        return list((await conn.execute(query)).all())


async def emails(crm: Any, direction: str) -> list[Any]:
    page = await crm.records.list_records(crm.admin, "Emails", limit=100)
    return [e for e in page.records if e.get("direction") == direction]


@pytest.mark.parametrize("first", ["smtp", "imap"])
async def test_a_message_by_smtp_and_by_imap_is_stored_once(
    crm: Any, dovecot: Dovecot, system: MailSystem, smtp: SmtpServer, first: str
) -> None:
    raw = letter("Дважды", "twice@client.example.ru")
    poller = make_poller(crm, system, RecordingSpool(system), dovecot.account())

    async def by_smtp() -> None:
        assert await asyncio.to_thread(send, smtp.port, raw) == {}

    async def by_imap() -> None:
        await asyncio.to_thread(dovecot.append, as_delivered_to_the_mailbox(raw))
        poller.start()

    ways = [by_smtp, by_imap] if first == "smtp" else [by_imap, by_smtp]
    try:
        await ways[0]()
        await settled_titles(crm, system, ["Дважды"])
        await ways[1]()

        async def both_processed() -> bool:
            await system.processor.settled()
            rows = await spooled(crm)
            return len(rows) == 2 and all(r.state == "done" for r in rows)

        await until(both_processed)
    finally:
        await poller.stop()
    rows = await spooled(crm)
    sources = [r.source.split(":")[0] for r in rows]
    assert sources == ([first, "imap" if first == "smtp" else "smtp"])
    assert rows[0].sha256 != rows[1].sha256  # not the same bytes: the same message
    assert rows[0].outcome["outcome"] == "new_ticket"
    assert rows[1].outcome["outcome"] == "duplicate"
    await settled_titles(crm, system, ["Дважды"])
    [received] = await emails(crm, "inbound")
    assert received.get("message_id") == "twice@client.example.ru"
    assert len(await emails(crm, "outbound")) == 1  # one acknowledgement
