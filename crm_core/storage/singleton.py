"""Work only one node may do at a time (the AMI connection, the IMAP poller).

On PostgreSQL several hub nodes share one database; a session-level advisory
lock, held on a connection of its own for as long as the work runs, elects
the node that does it. If that node dies its connection closes, the lock is
released, and another node's next attempt takes over. A node that lives on
but loses its session (PostgreSQL restarted, the session was ended, the
network cut it) has lost the lock too, and another node may already hold it:
``lost`` tells the work to stop. SQLite serves a single process, which always
holds the lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.storage.database import Database

logger = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (PostgreSQL's bigint)."""
    return int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True
    )


class Singleton:
    def __init__(self, db: Database, name: str, *, retry_s: float = 5.0) -> None:
        self.db = db
        self.name = name
        self.retry_s = retry_s
        self._conn: AsyncConnection | None = None

    @property
    def held(self) -> bool:
        return self.db.is_sqlite or self._conn is not None

    async def try_acquire(self) -> bool:
        if self.held:
            return True
        conn = await self.db.engine.connect()
        try:
            got = (
                await conn.execute(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": lock_key(self.name)}
                )
            ).scalar_one()
            await conn.commit()
        except BaseException:
            await conn.close()
            raise
        if not got:
            await conn.close()
            return False
        self._conn = conn
        return True

    async def acquire(self) -> None:
        """Wait until this node holds the lock."""
        announced = False
        while not await self.try_acquire():
            if not announced:
                logger.info("%s runs on another node; standing by", self.name)
                announced = True
            await asyncio.sleep(self.retry_s)

    async def lost(self) -> None:
        """Return once this node no longer holds the lock, asking PostgreSQL
        every ``retry_s`` whether its session still holds it. Never returns
        on SQLite."""
        if self.db.is_sqlite:
            await asyncio.Event().wait()
        key = lock_key(self.name) & 0xFFFF_FFFF_FFFF_FFFF
        while (conn := self._conn) is not None:
            await asyncio.sleep(self.retry_s)
            if conn is not self._conn:
                continue
            try:
                held = (
                    await conn.execute(
                        text(
                            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                            " AND pid = pg_backend_pid() AND granted AND objsubid = 1"
                            " AND classid::bigint = :high AND objid::bigint = :low"
                        ),
                        {"high": key >> 32, "low": key & 0xFFFF_FFFF},
                    )
                ).scalar_one()
                await conn.commit()
            except Exception as exc:
                logger.warning("%s: the session holding the lock is gone (%s)", self.name, exc)
                held = 0
            if not held:
                self._conn = None
                with contextlib.suppress(Exception):
                    await conn.invalidate()
                logger.warning("%s: lock lost; another node may hold it now", self.name)
                return

    async def release(self) -> None:
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        try:
            await conn.execute(
                text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key(self.name)}
            )
            await conn.commit()
        except Exception as exc:
            # A stop that cancelled ``lost`` mid-query, or a server that went
            # away, leaves the session closed: the lock ended with it.
            logger.info("%s: the session holding the lock had ended (%s)", self.name, exc)
            with contextlib.suppress(Exception):
                await conn.invalidate()
        finally:
            await conn.close()
