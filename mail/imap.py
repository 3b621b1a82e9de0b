"""The IMAP poller: one configured account's folder into the spool.

A message is fetched with ``BODY.PEEK[]`` (which leaves it unread), stored
with ``Spool.accept``, and only then marked seen or moved, and its UID
recorded; a crash in between fetches it again, and processing drops the
second copy by Message-ID and fingerprint. UIDs are remembered per
UIDVALIDITY: when the server renumbers a folder the poller starts it over,
and the same dedupe keeps that from making anything twice.

``imapclient`` is blocking, so every call runs in a worker thread from the
one poller task, and every socket read has a timeout. Only one hub node
polls an account (a ``Singleton`` lock); errors are logged and the
connection is made again after an exponential, capped back-off.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from imapclient import IMAPClient, SocketTimeout
from sqlalchemy import insert, select, update

from crm_core.settings import MailSettings
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
        """Names the account in the state table and the node lock."""
        return f"{self.username}@{self.host}:{self.port}"

    @classmethod
    def from_settings(cls, settings: MailSettings) -> ImapAccount | None:
        if not settings.imap_host:
            return None
        return cls(
            host=settings.imap_host,
            port=settings.imap_port,
            username=settings.imap_username,
            password=settings.imap_password.get_secret_value(),
            mailbox=settings.imap_mailbox or f"support@{settings.domain}",
            folder=settings.imap_folder,
            ssl=settings.imap_ssl,
            starttls=settings.imap_starttls,
            move_to=settings.imap_move_to,
            poll_s=float(settings.imap_poll_s),
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
        self._task = asyncio.create_task(self._run(), name="mail-imap")

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
            stored = await self.state.load()
            last_uid = 0
            if stored is not None and stored[0] == uidvalidity:
                last_uid = stored[1]
            elif stored is not None:
                logger.warning(
                    "%s: UIDVALIDITY changed (%d → %d); reading the folder again",
                    self.name,
                    stored[0],
                    uidvalidity,
                )
            while True:
                last_uid = await self._drain(uidvalidity, last_uid)
                if idle:
                    await self._idle()
                else:
                    await asyncio.sleep(self.account.poll_s)
        finally:
            self.connected.clear()
            self.idling.clear()
            await self._disconnect()

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
        selected = client.select_folder(account.folder)
        return int(selected[b"UIDVALIDITY"]), bool(client.has_capability("IDLE"))

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
