"""The IMAP poller: one configured account's folder into the spool.

Each ``[[mail.imap]]`` account gets a poller of its own, with its own node
lock and its own row of state, so accounts never wait on each other.

A message is fetched with ``BODY.PEEK[]`` (which leaves it unread), stored
with ``Spool.accept``, and only then marked seen or moved, and its UID
recorded; a crash in between fetches it again, and processing drops the
second copy by Message-ID and fingerprint. UIDs are remembered per
UIDVALIDITY: when the server renumbers a folder (checked at every connect and
after every wait) the poller starts it over, and the same dedupe keeps that
from making anything twice.

``imapclient`` is blocking, so every call runs in a worker thread from the
one poller task, and every socket read has a timeout. Only one hub node
polls an account (a ``Singleton`` lock); errors are logged and the
connection is made again after an exponential, capped back-off.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import logging
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from imapclient import IMAPClient, SocketTimeout
from sqlalchemy import insert, select, update

from crm_core.settings import ImapAccountSettings
from crm_core.storage.database import Database
from crm_core.storage.schema import imap_state
from crm_core.storage.singleton import Singleton
from mail.spool import Spool

logger = logging.getLogger(__name__)

IDLE_S = 240.0
"""IDLE is re-issued this often: servers may drop an IDLE after 30 minutes,
and NAT boxes a quiet connection sooner."""
CONNECT_TIMEOUT_S = 30.0
READ_TIMEOUT_S = 120.0
BACKOFF_MIN_S = 1.0
BACKOFF_MAX_S = 300.0

T = TypeVar("T")


@dataclass(frozen=True)
class ImapAccount:
    host: str
    port: int
    username: str
    password: str
    mailbox: str
    """The CRM mailbox fetched mail counts as delivered to."""
    folder: str = "INBOX"
    ssl: bool = True
    starttls: bool = False
    move_to: str = ""
    poll_s: float = 60.0

    @property
    def key(self) -> str:
        """Names the account in the state table and, with the folder, in the
        node lock; the settings refuse two accounts with the same host,
        username and folder, so no two pollers share either."""
        return f"{self.username}@{self.host}:{self.port}"

    @classmethod
    def from_settings(cls, settings: ImapAccountSettings, domain: str) -> ImapAccount:
        """An account without a mailbox of its own feeds support@<domain>."""
        return cls(
            host=settings.host,
            port=settings.port,
            username=settings.username,
            password=settings.password.get_secret_value(),
            mailbox=settings.mailbox or f"support@{domain}",
            folder=settings.folder,
            ssl=settings.ssl,
            starttls=settings.starttls,
            move_to=settings.move_to,
            poll_s=float(settings.poll_s),
        )


class ImapState:
    """The durable (uidvalidity, last_uid) of one account's folder."""

    def __init__(self, db: Database, account: str, folder: str) -> None:
        self.db = db
        self.account = account
        self.folder = folder

    def _where(self) -> Any:
        return (imap_state.c.account == self.account) & (imap_state.c.folder == self.folder)

    async def load(self) -> tuple[int, int] | None:
        async with self.db.read() as conn:
            row = (
                await conn.execute(
                    select(imap_state.c.uidvalidity, imap_state.c.last_uid).where(self._where())
                )
            ).one_or_none()
        return None if row is None else (int(row.uidvalidity), int(row.last_uid))

    async def save(self, uidvalidity: int, last_uid: int) -> None:
        values = {
            "uidvalidity": uidvalidity,
            "last_uid": last_uid,
            "updated_at": dt.datetime.now(dt.UTC),
        }
        async with self.db.write() as conn:
            result = await conn.execute(update(imap_state).where(self._where()).values(**values))
            if result.rowcount == 0:
                await conn.execute(
                    insert(imap_state).values(account=self.account, folder=self.folder, **values)
                )


class ImapPoller:
    def __init__(
        self,
        account: ImapAccount,
        db: Database,
        spool: Spool,
        wake: Callable[[], None],
        *,
        tls_context: ssl.SSLContext | None = None,
        backoff_min_s: float = BACKOFF_MIN_S,
        backoff_max_s: float = BACKOFF_MAX_S,
        idle_s: float = IDLE_S,
    ) -> None:
        self.account = account
        self.spool = spool
        self.wake = wake
        self.tls_context = tls_context or ssl.create_default_context()
        self.backoff_min_s = backoff_min_s
        self.backoff_max_s = backoff_max_s
        self.idle_s = idle_s
        self.state = ImapState(db, account.key, account.folder)
        self.lock = Singleton(db, f"mail.imap:{account.key}:{account.folder}")
        self.connected = asyncio.Event()
        """Set while logged in with the folder selected (for tests and status)."""
        self.idling = asyncio.Event()
        """Set while waiting in IDLE for the server to report new mail."""
        self._client: IMAPClient | None = None
        self._got_through = False
        """Whether the last session logged in: its failure restarts the back-off."""
        self._task: asyncio.Task[None] | None = None

    @property
    def name(self) -> str:
        return f"imap {self.account.key}/{self.account.folder}"

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"mail-{self.name}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.lock.release()

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                await self.lock.acquire()
            except Exception as exc:  # the database is out of reach: ask again later
                logger.warning("%s: could not ask for the lock (%s)", self.name, exc)
                await asyncio.sleep(self.lock.retry_s)
                continue
            session = asyncio.create_task(self._session(), name="mail-imap-session")
            lost = asyncio.create_task(self.lock.lost(), name="mail-imap-lock")
            try:
                await asyncio.wait({session, lost}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for task in (session, lost):
                    task.cancel()
                await asyncio.gather(session, lost, return_exceptions=True)
            if session.cancelled() or session.exception() is None:
                continue  # the lock was lost: stand by until it is ours again
            error = session.exception()
            failures = 0 if self._got_through else failures + 1
            delay = min(self.backoff_max_s, self.backoff_min_s * 2 ** max(failures - 1, 0))
            logger.warning(
                "%s: %s: %s; reconnecting in %.1fs",
                self.name,
                type(error).__name__,
                error,
                delay,
            )
            await asyncio.sleep(delay)

    async def _session(self) -> None:
        """Connect, then fetch and wait for more until something fails."""
        self._got_through = False
        try:
            uidvalidity, idle = await self._blocking(self._connect_blocking)
            self._got_through = True
            self.connected.set()
            logger.info("%s: connected (%s)", self.name, "IDLE" if idle else "polling")
            last_uid = await self._resume(uidvalidity)
            while True:
                last_uid = await self._drain(uidvalidity, last_uid)
                if idle:
                    await self._idle()
                else:
                    await asyncio.sleep(self.account.poll_s)
                # A folder deleted and made again under the same name is
                # renumbered, and a server may say nothing of it to a session
                # that has it selected; STATUS may even answer from that
                # session's stale view. Selecting it again tells.
                now = await self._blocking(self._select_blocking)
                if now != uidvalidity:
                    uidvalidity = now
                    last_uid = await self._resume(uidvalidity)
        finally:
            self.connected.clear()
            self.idling.clear()
            await self._disconnect()

    async def _resume(self, uidvalidity: int) -> int:
        """The last UID stored from the folder as numbered by ``uidvalidity``:
        0, all of it, when it was renumbered since (processing drops what
        was stored before)."""
        stored = await self.state.load()
        if stored is None:
            return 0
        if stored[0] == uidvalidity:
            return stored[1]
        logger.warning(
            "%s: UIDVALIDITY changed (%d → %d); reading the folder again",
            self.name,
            stored[0],
            uidvalidity,
        )
        return 0

    async def _drain(self, uidvalidity: int, last_uid: int) -> int:
        """Store every message above ``last_uid``; returns the new last UID."""
        uids = await self._blocking(self._new_uids_blocking, last_uid)
        for uid in uids:
            raw = await self._blocking(self._fetch_blocking, uid)
            if raw is not None:
                await self.spool.accept(
                    raw,
                    mailbox=self.account.mailbox,
                    source=f"imap:{self.account.key}:{self.account.folder}:{uid}",
                )
                self.wake()
                await self._blocking(self._done_blocking, uid)
            last_uid = uid
            await self.state.save(uidvalidity, last_uid)
        if uids:
            logger.info("%s: stored %d new message(s)", self.name, len(uids))
        return last_uid

    async def _idle(self) -> None:
        """Wait in IDLE until the server reports a change or ``idle_s`` passes."""
        client = self._require()
        await self._blocking(client.idle)
        self.idling.set()
        if not await self._blocking(notice_buffered_blocking, client):
            deadline = time.monotonic() + self.idle_s
            while (left := deadline - time.monotonic()) > 0:
                if await self._blocking(client.idle_check, left):
                    break
        # Not in a ``finally``: after an error or a cancellation the
        # connection is dropped anyway, and ending IDLE on it would only fail.
        self.idling.clear()
        await self._blocking(client.idle_done)

    async def _blocking(self, call: Callable[..., T], *args: Any) -> T:
        """Run ``call`` in a worker thread. If the task is cancelled meanwhile,
        the socket is cut so the thread returns at once, and it is awaited:
        no thread outlives the poller."""
        work = asyncio.ensure_future(asyncio.to_thread(call, *args))
        try:
            return await asyncio.shield(work)
        except asyncio.CancelledError:
            self._cut()
            with contextlib.suppress(Exception):
                await work
            raise

    def _cut(self) -> None:
        client = self._client
        if client is not None:
            with contextlib.suppress(OSError):
                client.socket().shutdown(socket.SHUT_RDWR)

    async def _disconnect(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):
                await asyncio.to_thread(self._logout_blocking, client)

    def _require(self) -> IMAPClient:
        if self._client is None:
            raise ConnectionError("not connected")
        return self._client

    # Blocking helpers: run only in a worker thread, one at a time.

    def _connect_blocking(self) -> tuple[int, bool]:
        account = self.account
        client = IMAPClient(
            account.host,
            port=account.port,
            ssl=account.ssl,
            ssl_context=self.tls_context,
            timeout=SocketTimeout(connect=CONNECT_TIMEOUT_S, read=READ_TIMEOUT_S),
        )
        self._client = client
        if account.starttls and not account.ssl:
            client.starttls(self.tls_context)
        client.login(account.username, account.password)
        if account.move_to and not client.folder_exists(account.move_to):
            client.create_folder(account.move_to)
        return self._select_blocking(), bool(client.has_capability("IDLE"))

    def _select_blocking(self) -> int:
        """Select the folder afresh; returns its UIDVALIDITY."""
        selected = self._require().select_folder(self.account.folder)
        return int(selected[b"UIDVALIDITY"])

    def _new_uids_blocking(self, last_uid: int) -> list[int]:
        # "n:*" always matches the highest UID, even one below n: filter.
        found = self._require().search(["UID", f"{last_uid + 1}:*"])
        return sorted(int(uid) for uid in found if int(uid) > last_uid)

    def _fetch_blocking(self, uid: int) -> bytes | None:
        """The raw message, left unread; None if it was expunged meanwhile."""
        data = self._require().fetch([uid], ["BODY.PEEK[]"]).get(uid)
        raw = None if data is None else data.get(b"BODY[]")
        return raw if isinstance(raw, bytes) else None

    def _done_blocking(self, uid: int) -> None:
        client = self._require()
        if not self.account.move_to:
            client.add_flags([uid], [b"\\Seen"])
        elif client.has_capability("MOVE"):
            client.move([uid], self.account.move_to)
        else:
            client.copy([uid], self.account.move_to)
            client.add_flags([uid], [b"\\Seen", b"\\Deleted"])
            if client.has_capability("UIDPLUS"):
                client.uid_expunge([uid])
            else:
                client.expunge()

    @staticmethod
    def _logout_blocking(client: IMAPClient) -> None:
        try:
            client.logout()
        except Exception:
            client.shutdown()


def notice_buffered_blocking(client: IMAPClient) -> bool:
    """Whether a notice the server sent on entering IDLE already sits in
    imaplib's read buffer.

    imaplib reads through a buffer (``IMAP4.file``). Mail that arrives between
    the poller's SEARCH and its IDLE is announced ("* 5 EXISTS") in the same
    packet as the server's "+ idling", so it is in that buffer once ``idle()``
    returns, and ``idle_check``, which waits on the socket, would not see it
    until the next change or ``idle_s`` later. The buffer is only peeked at,
    with the socket non-blocking so an empty one does not wait; what it holds
    is read as usual when IDLE ends. An imaplib that reads some other way
    (imapclient notes that from Python 3.14 it keeps a buffer of its own) is
    not looked into, and such a notice then waits for the next one.
    """
    reader = vars(client._imap).get("file")
    if not isinstance(reader, io.BufferedReader):
        return False
    sock = client.socket()
    timeout = sock.gettimeout()
    sock.setblocking(False)
    try:
        return bool(reader.peek(1))
    except (BlockingIOError, ssl.SSLWantReadError):
        return False
    finally:
        sock.settimeout(timeout)
