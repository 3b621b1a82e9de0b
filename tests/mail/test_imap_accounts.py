"""Several ``[[mail.imap]]`` accounts, from the settings file on: each is
polled by a poller of its own at the same time, files its mail in its own CRM
mailbox, keeps its own place in its folder and holds its own node lock, so
on several hub nodes different accounts may be polled by different nodes."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dovecot_server import (
    PASSWORD,
    SUPPORT,
    USER,
    WAIT_S,
    Dovecot,
    letter,
    mailboxes_of_emails,
    running,
    titles,
    until,
)
from sqlalchemy import select

from crm_core.runtime import Runtime
from crm_core.settings import USER_FILE_NAME, load_settings
from crm_core.storage.database import Database
from crm_core.storage.schema import imap_state
from mail import channel
from mail.imap import ImapPoller
from mail.spool import Spool
from mail.system import MailSystem

SALES = "sales@switchboard.example"
SALES_USER, SALES_PASSWORD = "sales", "pr0dazhi"
DECLARED = f'"{SUPPORT}" = "ticket", "{SALES}" = "lead"'


@pytest.fixture
def two_users(tmp_path: Path) -> Iterator[Dovecot]:
    with running(tmp_path, users={USER: PASSWORD, SALES_USER: SALES_PASSWORD}) as server:
        yield server


def runtime_with_accounts(
    crm: Any, database_url: str, dovecot: Dovecot, mailboxes: str = DECLARED
) -> Runtime:
    """The test's hub, its settings read again from a file declaring both
    accounts, and ``mailboxes``."""
    data_dir = crm.runtime.settings.data_dir
    accounts = "".join(
        f"""
[[mail.imap]]
host = "127.0.0.1"
port = {dovecot.port}
ssl = false
username = "{user}"
password = "{password}"
mailbox = "{mailbox}"
poll_s = 3600
"""
        for user, password, mailbox in [
            (USER, PASSWORD, SUPPORT),
            (SALES_USER, SALES_PASSWORD, SALES),
        ]
    )
    (data_dir / USER_FILE_NAME).write_text(
        f'[mail]\ndomain = "switchboard.example"\nmailboxes = {{ {mailboxes} }}\n{accounts}',
        encoding="utf-8",
    )
    settings = load_settings(
        data_dir,
        {"SWITCHBOARD__DATABASE__URL": database_url, "SWITCHBOARD__MAIL__SMTP_PORT": "0"},
    )
    return dataclasses.replace(crm.runtime, settings=settings)


def deliver_one_each(dovecot: Dovecot) -> None:
    dovecot.append(letter("Нет связи", "support-1@client"), user=USER)
    dovecot.append(
        letter("Хотим купить", "sales-1@shop", to=SALES, sender="Анна <anna@shop.example.ru>"),
        user=SALES_USER,
    )


async def filed(crm: Any, system: MailSystem | None = None) -> dict[str, str]:
    if system is not None:
        await system.processor.settled()
    return await mailboxes_of_emails(crm)


EXPECTED = {"Нет связи": SUPPORT, "Хотим купить": SALES}


async def test_two_accounts_polled_at_once_land_in_their_own_mailboxes(
    crm: Any, two_users: Dovecot, database_url: str
) -> None:
    system = MailSystem.build(runtime_with_accounts(crm, database_url, two_users))
    support, sales = system.pollers
    assert (support.account.username, support.account.mailbox) == (USER, SUPPORT)
    assert (sales.account.username, sales.account.mailbox) == (SALES_USER, SALES)
    system.processor.start()
    for poller in system.pollers:
        poller.start()
    try:
        # Both wait in IDLE at the same moment: one poller taking the accounts
        # in turn would sit in the first one's IDLE and never see the second.
        async with asyncio.timeout(WAIT_S):
            await asyncio.gather(support.idling.wait(), sales.idling.wait())
        await asyncio.to_thread(deliver_one_each, two_users)

        async def both_filed() -> bool:
            return await filed(crm, system) == EXPECTED

        await until(both_filed)

        # Each keeps its own place: the UID it got to, once it marked the message.
        async def places() -> list[tuple[str, str, int]]:
            async with crm.runtime.db.read() as conn:
                rows = (await conn.execute(select(imap_state))).all()
            return sorted((r.account, r.folder, r.last_uid) for r in rows)

        async def both_marked() -> bool:
            return await places() == [
                (f"{USER}@127.0.0.1:{two_users.port}", "INBOX", 1),
                (f"{SALES_USER}@127.0.0.1:{two_users.port}", "INBOX", 1),
            ]

        await until(both_marked)
    finally:
        for poller in system.pollers:
            await poller.stop()
        await system.processor.stop()
    assert await titles(crm) == ["Нет связи"]
    assert await titles(crm, "Leads", "lastname") == ["Анна"]
    assert b"\\Seen" in two_users.flags(user=USER)[1]
    assert b"\\Seen" in two_users.flags(user=SALES_USER)[1]
    # Each holds a node lock of its own, named by host, user and folder.
    assert support.lock.name == f"mail.imap:{USER}@127.0.0.1:{two_users.port}:INBOX"
    assert sales.lock.name == f"mail.imap:{SALES_USER}@127.0.0.1:{two_users.port}:INBOX"


async def test_the_running_channel_polls_every_account_and_stops_them(
    crm: Any, two_users: Dovecot, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Here sales@ is not a mailbox: the channel says so, and its mail is kept
    as Emails records but makes no lead."""
    caplog.set_level(logging.WARNING, logger="mail")
    only_support = f'"{SUPPORT}" = "ticket"'
    stop = await channel.start(runtime_with_accounts(crm, database_url, two_users, only_support))
    try:
        await asyncio.to_thread(deliver_one_each, two_users)

        async def both_filed() -> bool:
            return await filed(crm) == EXPECTED

        await until(both_filed)
    finally:
        await stop()
    assert any(f"feeds {SALES}, which is not a mailbox" in m for m in caplog.messages)
    assert not any(f"feeds {SUPPORT}," in m for m in caplog.messages)
    assert await titles(crm) == ["Нет связи"]
    assert await titles(crm, "Leads", "lastname") == []
    left = [t.get_name() for t in asyncio.all_tasks() if t.get_name().startswith("mail-")]
    assert left == []
    # Stopped means stopped: mail arriving now waits, unread, for the next start.
    uid = await asyncio.to_thread(two_users.append, letter("Позже", "later@client"))
    await asyncio.sleep(1)
    assert b"\\Seen" not in two_users.flags()[uid]


@pytest.mark.postgres
async def test_on_several_nodes_each_account_has_a_lock_of_its_own(
    crm: Any, two_users: Dovecot, database_url: str
) -> None:
    """A second node stands by for the account the first one polls, but
    takes the other account, whose lock is free; it takes the first when
    that node stops."""
    system = MailSystem.build(runtime_with_accounts(crm, database_url, two_users))
    other_node = Database(database_url)
    other_spool = Spool(other_node, system.spool.files)
    support_here = system.pollers[0]
    support_there, sales_there = (
        ImapPoller(p.account, other_node, other_spool, system.processor.wake, backoff_min_s=0.1)
        for p in system.pollers
    )
    support_there.lock.retry_s = 0.2
    system.processor.start()
    support_here.start()
    try:
        await asyncio.wait_for(support_here.connected.wait(), WAIT_S)
        support_there.start()
        sales_there.start()
        await asyncio.wait_for(sales_there.idling.wait(), WAIT_S)
        await asyncio.to_thread(deliver_one_each, two_users)

        async def both_filed() -> bool:
            return await filed(crm, system) == EXPECTED

        await until(both_filed)
        assert not support_there.connected.is_set()  # standing by
        await support_here.stop()
        await asyncio.wait_for(support_there.connected.wait(), WAIT_S)
        await asyncio.to_thread(two_users.append, letter("После смены", "handover@client"))
        await until(lambda: has_title(crm, system, "После смены"))
    finally:
        for poller in (support_here, support_there, sales_there):
            await poller.stop()
        await system.processor.stop()
        await other_node.close()
    assert await titles(crm) == ["Нет связи", "После смены"]


async def has_title(crm: Any, system: MailSystem, title: str) -> bool:
    await system.processor.settled()
    return title in await titles(crm)
