"""Inbound mail throughput: messages per second over SMTP into tickets (spool
on disk, parse, thread, contact, ticket, Emails record, history, events), on
SQLite, beside aiosmtpd accepting the same messages with a handler that only
writes their bytes to a file, in the same run.

Senders run in other processes (as mail servers would), each keeping one SMTP
session open and sending its share of the messages one after another.

    python -m bench.mail_ingest [--messages 600] [--senders 4]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import smtplib
import time
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope, Session

from bench.common import data_dir, open_runtime, until
from mail.smtp import MailboxHandler, SmtpServer
from mail.system import MailSystem

MAILBOX = "support@switchboard.example"


def message(n: int) -> bytes:
    return (
        f"From: Клиент {n} <client{n % 50}@client.example.ru>\r\nTo: {MAILBOX}\r\n"
        f"Subject: Не работает связь, заявка {n}\r\nMessage-ID: <bench-{n}@client.example.ru>\r\n"
        "Date: Mon, 17 Jun 2024 10:00:00 +0300\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "Здравствуйте! С утра не работает телефон в офисе, просим помочь.\r\n"
        * 20
    ).encode()


def send_share(port: int, first: int, count: int) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        for n in range(first, first + count):
            client.sendmail(f"client{n % 50}@client.example.ru", [MAILBOX], message(n))


def ready(_: int) -> bool:
    return True


class Senders:
    """Sending processes, started (and their imports done) before any clock runs."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.pool = multiprocessing.get_context("spawn").Pool(count)
        self.pool.map(ready, range(count))

    async def send(self, port: int, messages: int) -> None:
        share = messages // self.count
        jobs = [
            self.pool.apply_async(send_share, (port, i * share, share)) for i in range(self.count)
        ]
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, lambda: [job.get() for job in jobs])

    def close(self) -> None:
        self.pool.close()
        self.pool.join()


class WriteToDisk:
    """The baseline handler: accept any recipient, append the bytes to a file."""

    def __init__(self, path: Path) -> None:
        self.handle = path.open("ab")
        self.accepted = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        self.handle.write(content if isinstance(content, bytes) else content.encode())
        self.accepted += 1
        return "250 OK"


async def raw_rate(path: Path, messages: int, senders: Senders) -> float:
    handler = WriteToDisk(path / "raw.mbox")
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    started = time.perf_counter()
    await senders.send(port, messages)
    elapsed = time.perf_counter() - started
    server.close()
    await server.wait_closed()
    handler.handle.close()
    assert handler.accepted == messages
    return messages / elapsed


async def ticket_rate(path: Path, messages: int, senders: Senders) -> tuple[float, int]:
    runtime = await open_runtime(path, environ={"SWITCHBOARD__LOGGING__LEVEL": "WARNING"})
    system = MailSystem.build(runtime)
    await system.mailboxes.add(MAILBOX, "ticket")
    smtp = SmtpServer(
        MailboxHandler(system.mailboxes, system.spool, system.processor.wake),
        host="127.0.0.1",
        port=0,
        hostname="switchboard.example",
        max_message_bytes=1 << 20,
    )
    await smtp.start()
    system.processor.start()
    processed = 0

    def count(_item: object, _result: object) -> None:
        nonlocal processed
        processed += 1

    system.processor.on_result = count
    started = time.perf_counter()
    await senders.send(smtp.port, messages)
    await until(lambda: processed >= messages, 0.005)
    elapsed = time.perf_counter() - started
    tickets = await runtime.records.count(runtime.system_actor, "HelpDesk")
    await smtp.stop()
    await system.processor.stop()
    await runtime.close()
    return messages / elapsed, tickets


async def main(messages: int, count: int) -> None:
    messages -= messages % count
    senders = Senders(count)
    try:
        with data_dir() as path:
            raw = await raw_rate(path, messages, senders)
        with data_dir() as path:
            tickets_per_s, tickets = await ticket_rate(path, messages, senders)
    finally:
        senders.close()
    print(f"{messages} messages of {len(message(0))} bytes from {count} sending processes")
    print(f"aiosmtpd, handler writing bytes to a file: {raw:8.1f} messages/s (baseline)")
    print(f"SMTP → spool → tickets (SQLite):           {tickets_per_s:8.1f} messages/s")
    print(f"ratio tickets / raw accept:                {tickets_per_s / raw:.2f}")
    print(f"tickets created: {tickets}")


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--senders", type=int, default=4)
    args = parser.parse_args()
    asyncio.run(main(args.messages, args.senders))


if __name__ == "__main__":
    cli()
