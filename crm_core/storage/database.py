"""Connections to the database: SQLite by default, PostgreSQL by URL.

Write transactions on SQLite start with ``BEGIN IMMEDIATE``: a deferred
transaction that reads first and writes later can fail with "database is
locked" when another writer got in between, whereas an immediate one waits
its turn (busy timeout). PostgreSQL needs nothing of the kind.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

WRITE_OPTION = "switchboard_write"


class Database:
    def __init__(
        self, url: str | URL, *, echo: bool = False, pool_size: int = 5, busy_timeout_ms: int = 5000
    ) -> None:
        self.url = make_url(url)
        self.dialect = self.url.get_backend_name()
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": busy_timeout_ms / 1000}
            if self.url.database in (None, "", ":memory:"):
                raise ValueError("an in-memory SQLite database cannot be shared; use a file")
        else:
            kwargs["pool_size"] = pool_size
            kwargs["pool_pre_ping"] = True
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            _install_sqlite_hooks(self.engine, busy_timeout_ms)
        self._snapshot: ContextVar[tuple[asyncio.Task[Any] | None, AsyncConnection] | None] = (
            ContextVar(f"snapshot-{id(self)}", default=None)
        )

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """One write transaction; commits on success, rolls back on any error."""
        async with self.engine.connect() as conn:
            conn = await conn.execution_options(**{WRITE_OPTION: True})
            async with conn.begin():
                yield conn

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A read transaction; inside ``snapshot`` (same task), that one."""
        held = self._snapshot.get()
        if held is not None and held[0] is asyncio.current_task():
            yield held[1]
            return
        async with self.engine.connect() as conn, conn.begin():
            yield conn

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[None]:
        """Several reads in one transaction on one connection: they see one
        state of the database, and pay for one connection and one BEGIN
        instead of one each. Only reads of the task that opened it join it
        (a task started meanwhile inherits the context, not the connection).
        SQLite's read transactions are snapshots already; PostgreSQL's are
        made so by REPEATABLE READ."""
        async with self.engine.connect() as conn:
            if not self.is_sqlite:
                conn = await conn.execution_options(isolation_level="REPEATABLE READ")
            async with conn.begin():
                token = self._snapshot.set((asyncio.current_task(), conn))
                try:
                    yield
                finally:
                    self._snapshot.reset(token)

    async def close(self) -> None:
        await self.engine.dispose()


def _install_sqlite_hooks(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the sqlite3 module so BEGIN is ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's own lower() knows only ASCII; filters on Russian text need Unicode.
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def sqlite_url(path: str) -> str:
    return f"sqlite+aiosqlite:///{path}"


def unpooled(url: str) -> AsyncEngine:
    """An engine for one-off administrative work (migrations, test set-up)."""
    return create_async_engine(url, poolclass=NullPool)
