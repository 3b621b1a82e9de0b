"""The poller against dovecots that differ in what they offer, and folders
that change under it: without IDLE it polls every ``poll_s``; ``move_to``
moves a stored message out of the folder with MOVE, or with COPY and a
(UID) EXPUNGE where MOVE is missing; a folder renumbered (deleted and made
again) is read again from its first message and nothing is stored twice."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest
from dovecot_server import (
    WAIT_S,
    WITHOUT_IDLE,
    WITHOUT_MOVE,
    WITHOUT_MOVE_OR_UIDPLUS,
    Dovecot,
    RecordingSpool,
    letter,
    make_poller,
    running,
    settled_titles,
    titles,
    until,
)
from sqlalchemy import select

from crm_core.storage.schema import imap_state
from mail.system import MailSystem

# ---------------------------------------------------------------- no IDLE


async def test_without_idle_new_mail_comes_with_the_next_poll(
    crm: Any, tmp_path: Path, system: MailSystem, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="mail.imap")
    with running(tmp_path, capability=WITHOUT_IDLE) as dovecot:
        poller = make_poller(crm, system, RecordingSpool(system), dovecot.account(poll_s=0.3))
        poller.start()
        try:
            await asyncio.wait_for(poller.connected.wait(), WAIT_S)
            await asyncio.to_thread(dovecot.append, letter("Первый опрос", "poll-1@client"))
            await settled_titles(crm, system, ["Первый опрос"])
            await asyncio.to_thread(dovecot.append, letter("Второй опрос", "poll-2@client"))
            await settled_titles(crm, system, ["Первый опрос", "Второй опрос"])
            assert not poller.idling.is_set()
        finally:
            await poller.stop()
    assert f"{poller.name}: connected (polling)" in caplog.messages


async def test_without_idle_nothing_comes_before_the_next_poll(
    crm: Any, tmp_path: Path, system: MailSystem
) -> None:
    """The server does not announce IDLE, so the poller must not wait in it
    (dovecot would in fact let it, and deliver this mail at once)."""
    with running(tmp_path, capability=WITHOUT_IDLE) as dovecot:
        dovecot.append(letter("Сразу", "now@client"))
        poller = make_poller(crm, system, RecordingSpool(system), dovecot.account(poll_s=3600))
        poller.start()
        try:
            await settled_titles(crm, system, ["Сразу"])
            await asyncio.to_thread(dovecot.append, letter("Через час", "hour@client"))
            await asyncio.sleep(2)
            await system.processor.settled()
            assert await titles(crm) == ["Сразу"]
            assert not poller.idling.is_set()
        finally:
            await poller.stop()


# ---------------------------------------------------------------- move_to


@pytest.mark.parametrize(
    "capability",
    ["", WITHOUT_MOVE, WITHOUT_MOVE_OR_UIDPLUS],
    ids=["move", "copy-uid-expunge", "copy-expunge"],
)
async def test_stored_mail_is_moved_out_of_the_folder(
    crm: Any, tmp_path: Path, system: MailSystem, capability: str
) -> None:
    with running(tmp_path, capability=capability) as dovecot:
        dovecot.append(letter("Первое", "move-1@client"))
        dovecot.append(letter("Второе", "move-2@client"))
        spool = RecordingSpool(system)
        poller = make_poller(crm, system, spool, dovecot.account(move_to="Обработано"))
        poller.start()

        async def moved(*expected: str) -> bool:
            inbox = await asyncio.to_thread(dovecot.message_ids)
            done = await asyncio.to_thread(dovecot.message_ids, "Обработано")
            return inbox == [] and done == list(expected)

        try:
            await settled_titles(crm, system, ["Первое", "Второе"])
            await until(lambda: moved("<move-1@client>", "<move-2@client>"))
            # Waiting in IDLE over the emptied folder, it takes the next one too.
            await asyncio.wait_for(poller.idling.wait(), WAIT_S)
            await asyncio.to_thread(dovecot.append, letter("Третье", "move-3@client"))
            await settled_titles(crm, system, ["Первое", "Второе", "Третье"])
            await until(lambda: moved("<move-1@client>", "<move-2@client>", "<move-3@client>"))
        finally:
            await poller.stop()
    assert spool.uids == [1, 2, 3]  # a moved message is not fetched again


# ---------------------------------------------------------------- UIDVALIDITY


def renumber(dovecot: Dovecot, folder: str, *raws: bytes) -> int:
    """Delete ``folder``, make it again with ``raws`` in it; its new UIDVALIDITY."""
    with dovecot.client() as client:
        client.delete_folder(folder)
        client.create_folder(folder)
    for raw in raws:
        dovecot.append(raw, folder)
    return dovecot.uidvalidity(folder)


@pytest.mark.parametrize("while_running", [False, True], ids=["restarted", "running"])
async def test_a_renumbered_folder_is_read_again_and_nothing_stored_twice(
    crm: Any, dovecot: Dovecot, system: MailSystem, while_running: bool
) -> None:
    folder = "Поддержка"
    with dovecot.client() as client:
        client.create_folder(folder)
    first, second = letter("Старое", "old@client"), letter("Ещё старое", "older@client")
    dovecot.append(first, folder)
    dovecot.append(second, folder)
    before = dovecot.uidvalidity(folder)
    spool = RecordingSpool(system)
    account = dovecot.account(folder=folder)
    # Dovecot says nothing to a session waiting in a folder that is deleted
    # and made again: the poller finds out when its IDLE ends, so make it short.
    poller = make_poller(crm, system, spool, account, idle_s=1.0)
    poller.start()
    try:
        await settled_titles(crm, system, ["Старое", "Ещё старое"])
        await until(lambda: state_is(crm, before, 2))
        if not while_running:
            await poller.stop()
        # UIDs 1 and 2 again, for a new message and a copy of an old one.
        after = await asyncio.to_thread(
            renumber,
            dovecot,
            folder,
            letter("Новое", "new@client"),
            first,
            letter("Ещё", "more@client"),
        )
        assert after != before
        if not while_running:
            poller = make_poller(crm, system, spool, account)
            poller.start()
        await settled_titles(crm, system, ["Старое", "Ещё старое", "Новое", "Ещё"])
        await until(lambda: state_is(crm, after, 3))
    finally:
        await poller.stop()
    emails = await crm.records.list_records(crm.admin, "Emails", limit=100)
    received = [e.get("subject") for e in emails.records if e.get("direction") == "inbound"]
    assert sorted(received) == sorted(["Старое", "Ещё старое", "Новое", "Ещё"])
    assert spool.uids[:2] == [1, 2]
    assert sorted(set(spool.uids[2:])) == [1, 2, 3]  # all of the new folder, from UID 1


async def state_is(crm: Any, uidvalidity: int, last_uid: int) -> bool:
    async with crm.runtime.db.read() as conn:
        rows = (await conn.execute(select(imap_state.c.uidvalidity, imap_state.c.last_uid))).all()
    return [tuple(r) for r in rows] == [(uidvalidity, last_uid)]
