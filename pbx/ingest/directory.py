"""Which CRM user sits at which extension, and which group owns a queue.

Asked on every ring, so it is answered from memory; the map is reloaded when
an unknown extension shows up (at most every few seconds) and periodically,
so a new agent's phone is recognised without a restart.
"""

from __future__ import annotations

import time

from sqlalchemy import select

from crm_core.storage.database import Database
from crm_core.storage.schema import groups
from crm_core.users import User, UserDirectory

RELOAD_AFTER_S = 60.0
RETRY_UNKNOWN_AFTER_S = 5.0


class ExtensionDirectory:
    def __init__(self, users: UserDirectory, db: Database) -> None:
        self._users = users
        self._db = db
        self._by_extension: dict[str, User] = {}
        self._groups: dict[str, int] = {}
        self._loaded_at = 0.0

    async def load(self) -> None:
        self._by_extension = {
            u.phone_extension: u for u in await self._users.all() if u.phone_extension and u.active
        }
        async with self._db.read() as conn:
            rows = await conn.execute(select(groups.c.id, groups.c.groupname))
            self._groups = {r.groupname: int(r.id) for r in rows}
        self._loaded_at = time.monotonic()

    async def user_at(self, extension: str | None) -> User | None:
        if not extension:
            return None
        age = time.monotonic() - self._loaded_at
        user = self._by_extension.get(extension)
        if (user is None and age > RETRY_UNKNOWN_AFTER_S) or age > RELOAD_AFTER_S:
            await self.load()
            user = self._by_extension.get(extension)
        return user

    def group_id(self, name: str | None) -> int | None:
        return self._groups.get(name) if name else None
