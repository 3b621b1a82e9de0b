"""Real SMTP sessions (smtplib) against the running server: mail for a
mailbox is answered 250 only once stored and becomes a ticket; anyone else
gets 550, an oversized message 552, and a message sent twice is one ticket."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from mail_corpus import CORPUS
from test_intake import AUTOMATIC, BOUNCES

from crm_core.records.model import Condition, Op
from mail.smtp import MailboxHandler, SmtpServer
from mail.system import MailSystem

SUPPORT = "support@switchboard.example"
LIMIT = 64 * 1024


@pytest.fixture
async def server(crm: Any) -> AsyncIterator[tuple[MailSystem, SmtpServer]]:
    system = MailSystem.build(crm.runtime)
    await system.mailboxes.add(SUPPORT, "ticket")
    smtp = SmtpServer(
        MailboxHandler(system.mailboxes, system.spool, system.processor.wake),
        host="127.0.0.1",
        port=0,
        hostname="switchboard.example",
        max_message_bytes=LIMIT,
    )
    await smtp.start()
    system.processor.start()
    try:
        yield system, smtp
    finally:
        await smtp.stop()
        await system.processor.stop()


def letter(subject: str, message_id: str, body: str = "Здравствуйте! Не работает связь.") -> str:
    return (
        f"From: Пётр <petr@client.example.ru>\r\nTo: {SUPPORT}\r\nSubject: {subject}\r\n"
        f"Message-ID: <{message_id}>\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )


def send(port: int, recipients: list[str], data: str | bytes) -> dict[str, Any]:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.ehlo("client.example.ru")
        payload = data.encode() if isinstance(data, str) else data
        return client.sendmail("petr@client.example.ru", recipients, payload)


async def tickets(crm: Any) -> list[Any]:
    return (await crm.records.list_records(crm.admin, "HelpDesk", limit=100)).records


async def test_mail_for_a_mailbox_becomes_a_ticket_once(
    crm: Any, server: tuple[MailSystem, SmtpServer]
) -> None:
    system, smtp = server
    refused = await asyncio.to_thread(
        send, smtp.port, [SUPPORT], letter("Нет связи", "one@client.example.ru")
    )
    assert refused == {}
    await asyncio.wait_for(system.processor.settled(), 10)
    [ticket] = await tickets(crm)
    assert ticket.get("ticket_title") == "Нет связи"
    assert "Не работает связь" in ticket.get("description")
    # The same message again (a sender's retry, a second route): no second ticket.
    await asyncio.to_thread(
        send, smtp.port, [SUPPORT], letter("Нет связи", "one@client.example.ru")
    )
    await asyncio.wait_for(system.processor.settled(), 10)
    assert len(await tickets(crm)) == 1
    emails = await crm.records.list_records(
        crm.admin,
        "Emails",
        conditions=[
            Condition("parent_id", Op.EQ, ticket.id),
            Condition("direction", Op.EQ, "inbound"),
        ],
    )
    assert len(emails.records) == 1


async def test_unknown_recipients_are_refused(
    crm: Any, server: tuple[MailSystem, SmtpServer]
) -> None:
    _, smtp = server
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        await asyncio.to_thread(
            send, smtp.port, ["nobody@switchboard.example"], letter("?", "two@client")
        )
    code, reply = refused.value.recipients["nobody@switchboard.example"]
    assert code == 550
    assert b"no such mailbox" in reply
    # One good recipient among bad ones is still delivered, to it alone.
    partly = await asyncio.to_thread(
        send, smtp.port, ["nobody@switchboard.example", SUPPORT], letter("Часть", "three@client")
    )
    assert list(partly) == ["nobody@switchboard.example"]


async def test_a_message_over_the_limit_is_refused_and_nothing_stored(
    crm: Any, server: tuple[MailSystem, SmtpServer]
) -> None:
    system, smtp = server
    huge = letter("Большое вложение", "big@client", body="x" * (LIMIT + 10))
    with pytest.raises((smtplib.SMTPSenderRefused, smtplib.SMTPDataError)) as refused:
        await asyncio.to_thread(send, smtp.port, [SUPPORT], huge)
    assert refused.value.smtp_code == 552
    assert await system.spool.pending() == []
    await asyncio.to_thread(send, smtp.port, [SUPPORT], letter("После", "after-big@client"))
    await asyncio.wait_for(system.processor.settled(), 30)
    assert [t.get("ticket_title") for t in await tickets(crm)] == ["После"]


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate and its key, made by openssl."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=switchboard.example",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


async def test_starttls_when_a_certificate_is_configured(
    crm: Any, certificate: tuple[Path, Path]
) -> None:
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    system = MailSystem.build(crm.runtime)
    await system.mailboxes.add(SUPPORT, "ticket")
    smtp = SmtpServer(
        MailboxHandler(system.mailboxes, system.spool, system.processor.wake),
        host="127.0.0.1",
        port=0,
        hostname="switchboard.example",
        max_message_bytes=LIMIT,
        tls_context=context,
    )
    await smtp.start()
    system.processor.start()

    def send_over_tls() -> str:
        trust = ssl.create_default_context(cafile=str(cert))
        trust.check_hostname = False
        with smtplib.SMTP("127.0.0.1", smtp.port, timeout=10) as client:
            client.ehlo("client.example.ru")
            assert client.has_extn("starttls")
            client.starttls(context=trust)
            client.ehlo("client.example.ru")
            client.sendmail("petr@client.example.ru", [SUPPORT], letter("Шифр", "tls@c").encode())
            return str(client.sock.version())  # type: ignore[union-attr]

    try:
        version = await asyncio.to_thread(send_over_tls)
        await asyncio.wait_for(system.processor.settled(), 10)
    finally:
        await smtp.stop()
        await system.processor.stop()
    assert version.startswith("TLS")
    assert [t.get("ticket_title") for t in await tickets(crm)] == ["Шифр"]


async def test_the_corpus_over_smtp_gives_what_import_gives(
    crm: Any, server: tuple[MailSystem, SmtpServer]
) -> None:
    """Every corpus message sent in a real SMTP session ends as the same kind
    of outcome as when imported (test_intake holds the expected outcomes)."""
    system, smtp = server
    await system.mailboxes.add("sales@switchboard.example", "lead")
    outcomes: list[str] = []
    system.processor.on_result = lambda _item, result: outcomes.append(result.outcome.value)
    names = sorted(p.name for p in CORPUS.glob("*.eml"))
    small = [n for n in names if (CORPUS / n).stat().st_size < LIMIT]
    assert len(small) >= 30
    for name in small:
        await asyncio.to_thread(send_raw, smtp.port, (CORPUS / name).read_bytes())
    await asyncio.wait_for(system.processor.settled(), 30)
    # One session after another, processed in the order accepted.
    assert len(outcomes) == len(small)
    for name, outcome in zip(small, outcomes, strict=True):
        stem = name.removesuffix(".eml")
        expected = "bounce" if stem in BOUNCES else "stored" if stem in AUTOMATIC else "new_ticket"
        assert outcome == expected, name


def send_raw(port: int, raw: bytes) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.ehlo("client.example.ru")
        client.sendmail("", [SUPPORT], raw)
