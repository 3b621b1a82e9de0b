"""The IMAP poller against a real dovecot on loopback: new mail becomes
tickets and is marked seen only once stored, nothing is stored twice across
restarts, re-read or copied mail, IDLE delivers at once (even mail that
came just before IDLE began), and a restarted server is reconnected to."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from dovecot_server import (
    USER,
    WAIT_S,
    Dovecot,
    WatchedSpool,
    letter,
    make_poller,
    settled_titles,
    until,
)

from mail.imap import ImapPoller
from mail.system import MailSystem


async def test_new_mail_becomes_tickets_and_is_marked_seen_only_once_stored(
    crm: Any, dovecot: Dovecot, system: MailSystem
) -> None:
    first = dovecot.append(letter("Нет связи", "a@client"))
    second = dovecot.append(letter("Нет интернета", "b@client"))
    spool = WatchedSpool(system, dovecot)
    spool.refuse = 1  # the first attempt to store fails
    poller = make_poller(crm, system, spool, dovecot.account())
    poller.start()
    try:
        await settled_titles(crm, system, ["Нет связи", "Нет интернета"])
    finally:
        await poller.stop()
    # Not seen while being stored (nor after the failed attempt), seen after.
    assert b"\\Seen" not in spool.flags_at_accept[first]
    assert b"\\Seen" not in spool.flags_at_accept[second]
    flags = dovecot.flags()
    assert b"\\Seen" in flags[first] and b"\\Seen" in flags[second]
    assert spool.sources == [
        f"imap:{USER}@127.0.0.1:{dovecot.port}:INBOX:{first}",
        f"imap:{USER}@127.0.0.1:{dovecot.port}:INBOX:{second}",
    ]


async def test_a_restarted_poller_takes_only_newer_mail(
    crm: Any, dovecot: Dovecot, system: MailSystem
) -> None:
    dovecot.append(letter("Первое", "1@client"))
    spool = WatchedSpool(system, dovecot)
    poller = make_poller(crm, system, spool, dovecot.account())
    poller.start()
    try:
        await settled_titles(crm, system, ["Первое"])
    finally:
        await poller.stop()
    later = dovecot.append(letter("Второе", "2@client"))
    again = WatchedSpool(system, dovecot)
    poller = make_poller(crm, system, again, dovecot.account())
    poller.start()
    try:
        await settled_titles(crm, system, ["Второе", "Первое"])
    finally:
        await poller.stop()
    assert [s.rsplit(":", 1)[1] for s in again.sources] == [str(later)]


async def test_reread_or_copied_mail_makes_no_second_ticket(
    crm: Any, dovecot: Dovecot, system: MailSystem
) -> None:
    raw = letter("Дубль", "same@client")
    first = dovecot.append(raw)
    spool = WatchedSpool(system, dovecot)
    poller = make_poller(crm, system, spool, dovecot.account())
    poller.start()
    try:
        await settled_titles(crm, system, ["Дубль"])
        await asyncio.to_thread(dovecot.mark_unseen, first)
        copy = dovecot.append(raw)
        marker = dovecot.append(letter("Потом", "later@client"))

        async def copy_stored() -> bool:
            return len(spool.sources) == 3

        await until(copy_stored)
        await settled_titles(crm, system, ["Дубль", "Потом"])
    finally:
        await poller.stop()
    # The re-marked message was not fetched again; the copy was, and dropped.
    assert [int(s.rsplit(":", 1)[1]) for s in spool.sources] == [first, copy, marker]


async def test_idle_brings_new_mail_at_once(crm: Any, dovecot: Dovecot, system: MailSystem) -> None:
    spool = WatchedSpool(system, dovecot)
    poller = make_poller(crm, system, spool, dovecot.account())
    poller.start()
    try:
        await asyncio.wait_for(poller.idling.wait(), 10)  # polling would take an hour
        started = time.monotonic()
        await asyncio.to_thread(dovecot.append, letter("Срочно", "idle@client"))
        await settled_titles(crm, system, ["Срочно"])
        assert time.monotonic() - started < 10
    finally:
        await poller.stop()


class LateMailPoller(ImapPoller):
    """A poller whose first search is followed at once by new mail, before
    it can enter IDLE: the server announces it with its answer to IDLE."""

    def __init__(self, dovecot: Dovecot, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dovecot = dovecot
        self.delivered = False

    def _new_uids_blocking(self, last_uid: int) -> list[int]:
        found = super()._new_uids_blocking(last_uid)
        if not self.delivered:
            self.delivered = True
            self.dovecot.append(letter("Между делом", "between@client"))
        return found


async def test_mail_between_search_and_idle_comes_at_once(
    crm: Any, dovecot: Dovecot, system: MailSystem
) -> None:
    poller = LateMailPoller(
        dovecot, dovecot.account(), crm.runtime.db, system.spool, system.processor.wake
    )
    poller.start()
    try:
        # Noticed at once: the poller's IDLE would last 240 s, longer than WAIT_S.
        await settled_titles(crm, system, ["Между делом"])
    finally:
        await poller.stop()
    assert poller.delivered


async def test_the_poller_reconnects_after_the_server_restarts(
    crm: Any, dovecot: Dovecot, system: MailSystem
) -> None:
    dovecot.append(letter("До", "before@client"))
    spool = WatchedSpool(system, dovecot)
    poller = make_poller(crm, system, spool, dovecot.account())
    poller.start()
    try:
        await settled_titles(crm, system, ["До"])
        await asyncio.to_thread(dovecot.stop)

        async def disconnected() -> bool:
            return not poller.connected.is_set()

        await until(disconnected)
        await asyncio.sleep(0.3)  # a failed reconnect or two, with back-off
        await asyncio.to_thread(dovecot.start)
        await asyncio.wait_for(poller.connected.wait(), WAIT_S)
        await asyncio.to_thread(dovecot.append, letter("После", "after@client"))
        await settled_titles(crm, system, ["До", "После"])
    finally:
        await poller.stop()
    assert len(spool.sources) == 2
