"""The IMAP poller against a real dovecot on loopback: new mail becomes
tickets and is marked seen only once stored, nothing is stored twice across
restarts, re-read or copied mail, IDLE delivers at once, and a restarted
server is reconnected to."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient

from mail.imap import ImapAccount, ImapPoller
from mail.spool import Spool
from mail.system import MailSystem

DOVECOT = Path("/usr/sbin/dovecot")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SUPPORT = "support@switchboard.example"
USER, PASSWORD = "crm", "s3cret"
NOBODY = 65534
WAIT_S = 45.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Dovecot:
    """A dovecot of its own: config, users, mail and logs in temporary folders."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = free_port()
        self.dir = tmp_path / "dovecot"
        self.dir.mkdir()
        self.log = self.dir / "dovecot.log"
        # Dovecot refuses to keep mail as root, and as root pytest's temporary
        # folders are closed to dovecot's own users: then the users file and
        # the mail live in a folder of their own, the mail owned by nobody.
        self.outside: Path | None = None
        if os.getuid() == 0:
            self.outside = Path(tempfile.mkdtemp(prefix="switchboard-imap-"))
            self.outside.chmod(0o755)
            self.home = self.outside / "home"
            self.home.mkdir()
            os.chown(self.home, NOBODY, NOBODY)
            users = self.outside / "users"
            uid = gid = NOBODY
        else:
            self.home = tmp_path / "mailhome"
            self.home.mkdir()
            users = self.dir / "users"
            uid, gid = os.getuid(), os.getgid()
        users.write_text(f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{self.home}\n")
        login_user = "dovenull" if os.getuid() == 0 else os.environ.get("USER", "nobody")
        internal_user = "dovecot" if os.getuid() == 0 else login_user
        self.conf = self.dir / "dovecot.conf"
        self.conf.write_text(
            f"""
protocols = imap
listen = 127.0.0.1
base_dir = {self.dir}/run
state_dir = {self.dir}/state
log_path = {self.log}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = {min(uid, 500)}
mail_location = maildir:{self.home}/Maildir
passdb {{
  driver = passwd-file
  args = {users}
}}
userdb {{
  driver = passwd-file
  args = {users}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(DOVECOT), "-F", "-c", str(self.conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.log.read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("dovecot did not open its port within 15 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(15)
            self.process = None

    def client(self) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.login(USER, PASSWORD)
        return client

    def append(self, raw: bytes) -> int:
        """Deliver as a mail client would (IMAP APPEND); returns the UID."""
        with self.client() as client:
            reply = client.append("INBOX", raw)
        return int(reply.split(b"]")[0].split()[-1])  # [APPENDUID <validity> <uid>]

    def flags(self) -> dict[int, set[bytes]]:
        with self.client() as client:
            client.select_folder("INBOX", readonly=True)
            found = client.fetch(client.search(["ALL"]), ["FLAGS"])
        return {uid: set(data[b"FLAGS"]) for uid, data in found.items()}

    def mark_unseen(self, uid: int) -> None:
        with self.client() as client:
            client.select_folder("INBOX")
            client.remove_flags([uid], [b"\\Seen"])


@pytest.fixture
def dovecot(tmp_path: Path) -> Iterator[Dovecot]:
    if not DOVECOT.exists():
        if IN_CI:
            pytest.fail("CI=true but dovecot is not installed (apt-get install dovecot-imapd)")
        pytest.skip("IMAP tests need dovecot (apt-get install dovecot-imapd)")
    server = Dovecot(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        if server.outside is not None:
            shutil.rmtree(server.outside, ignore_errors=True)


class WatchedSpool(Spool):
    """The real spool, noting what was accepted and the message's flags on
    the server at that moment; ``refuse`` makes the next accepts fail."""

    def __init__(self, system: MailSystem, dovecot: Dovecot) -> None:
        super().__init__(system.spool.db, system.spool.files)
        self.dovecot = dovecot
        self.sources: list[str] = []
        self.flags_at_accept: dict[int, set[bytes]] = {}
        self.refuse = 0

    async def accept(self, raw: bytes, **kwargs: Any) -> int:
        uid = int(kwargs["source"].rsplit(":", 1)[1])
        self.flags_at_accept[uid] = (await asyncio.to_thread(self.dovecot.flags))[uid]
        if self.refuse:
            self.refuse -= 1
            raise OSError("disk full")
        item = await super().accept(raw, **kwargs)
        self.sources.append(kwargs["source"])
        return item


@pytest.fixture
async def system(crm: Any) -> AsyncIterator[MailSystem]:
    system = MailSystem.build(crm.runtime)
    await system.mailboxes.add(SUPPORT, "ticket")
    system.processor.start()
    try:
        yield system
    finally:
        await system.processor.stop()


def make_poller(crm: Any, dovecot: Dovecot, system: MailSystem, spool: Spool) -> ImapPoller:
    account = ImapAccount(
        host="127.0.0.1",
        port=dovecot.port,
        username=USER,
        password=PASSWORD,
        mailbox=SUPPORT,
        ssl=False,
        poll_s=3600,  # longer than any test: only IDLE can bring new mail
    )
    return ImapPoller(
        account, crm.runtime.db, spool, system.processor.wake, backoff_min_s=0.1, backoff_max_s=0.5
    )


def letter(subject: str, message_id: str) -> bytes:
    return (
        f"From: Пётр <petr@client.example.ru>\r\nTo: {SUPPORT}\r\nSubject: {subject}\r\n"
        f"Message-ID: <{message_id}>\r\nDate: Mon, 17 Jun 2024 10:00:00 +0300\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\nНе работает связь.\r\n"
    ).encode()


async def titles(crm: Any) -> list[str]:
    page = await crm.records.list_records(crm.admin, "HelpDesk", limit=100)
    return sorted(t.get("ticket_title") for t in page.records)


async def until(check: Callable[[], Awaitable[bool]]) -> None:
    """Wait for ``check`` to hold, failing after ``WAIT_S`` seconds. The
    server and the poller are in other processes and threads with no event
    to wait on, so the condition is asked again every 50 ms."""
    async with asyncio.timeout(WAIT_S):
        while not await check():  # noqa: ASYNC110 - nothing to wait on but the state itself
            await asyncio.sleep(0.05)


async def settled_titles(crm: Any, system: MailSystem, expected: list[str]) -> None:
    async def done() -> bool:
        await system.processor.settled()
        return await titles(crm) == sorted(expected)

    await until(done)


async def test_new_mail_becomes_tickets_and_is_marked_seen_only_once_stored(
    crm: Any, dovecot: Dovecot, system: MailSystem
) -> None:
    first = dovecot.append(letter("Нет связи", "a@client"))
    second = dovecot.append(letter("Нет интернета", "b@client"))
    spool = WatchedSpool(system, dovecot)
    spool.refuse = 1  # the first attempt to store fails
    poller = make_poller(crm, dovecot, system, spool)
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
    poller = make_poller(crm, dovecot, system, spool)
    poller.start()
    try:
        await settled_titles(crm, system, ["Первое"])
    finally:
        await poller.stop()
    later = dovecot.append(letter("Второе", "2@client"))
    again = WatchedSpool(system, dovecot)
    poller = make_poller(crm, dovecot, system, again)
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
    poller = make_poller(crm, dovecot, system, spool)
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
    poller = make_poller(crm, dovecot, system, spool)
    poller.start()
    try:
        await asyncio.wait_for(poller.idling.wait(), 10)  # polling would take an hour
        started = time.monotonic()
        await asyncio.to_thread(dovecot.append, letter("Срочно", "idle@client"))
        await settled_titles(crm, system, ["Срочно"])
        assert time.monotonic() - started < 10
    finally:
        await poller.stop()


async def test_the_poller_reconnects_after_the_server_restarts(
    crm: Any, dovecot: Dovecot, system: MailSystem
) -> None:
    dovecot.append(letter("До", "before@client"))
    spool = WatchedSpool(system, dovecot)
    poller = make_poller(crm, dovecot, system, spool)
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
