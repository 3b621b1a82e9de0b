"""Users of the CRM: creating them, checking their passwords, naming actors.

Passwords are hashed with argon2 (argon2-cffi). Hashing is deliberately slow,
so it runs in a worker thread and never stalls the event loop.
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.access import Actor, ActorKind
from crm_core.access.admin import assign_role
from crm_core.errors import AccessDenied, FieldError, NotFound, ValidationFailed
from crm_core.languages import LANGUAGES
from crm_core.metadata.fields import EMAIL_RE
from crm_core.records.writer import utcnow
from crm_core.storage.database import Database
from crm_core.storage.schema import groups, principal, users

SYSTEM_USER_NAME = "system"
USER_NAME_RE = re.compile(r"^[A-Za-z0-9._@-]{2,100}$")
EXTENSION_RE = re.compile(r"^\d{2,6}$")
MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    id: int
    user_name: str
    first_name: str
    last_name: str
    email1: str
    is_admin: bool
    status: str
    language: str
    time_zone: str
    phone_extension: str | None
    is_system: bool

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def active(self) -> bool:
        return self.status == "Active"

    def actor(self) -> Actor:
        kind = ActorKind.SYSTEM if self.is_system else ActorKind.USER
        return Actor(user_id=self.id, kind=kind, is_admin=self.is_admin, name=self.user_name)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "user_name": self.user_name,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email1": self.email1,
            "is_admin": self.is_admin,
            "status": self.status,
            "language": self.language,
            "time_zone": self.time_zone,
            "phone_extension": self.phone_extension,
        }


def _user(row: Any) -> User:
    m = row._mapping
    return User(**{name: m[name] for name in User.__dataclass_fields__})


def hash_password_blocking(password: str) -> str:
    return _hasher.hash(password)


def check_new_user(
    user_name: str,
    last_name: str,
    email: str,
    password: str | None,
    extension: str | None,
    language: str,
) -> None:
    errors: list[FieldError] = []
    if not USER_NAME_RE.match(user_name):
        errors.append(FieldError("user_name", "2-100 letters, digits or . _ @ -"))
    if not last_name.strip():
        errors.append(FieldError("last_name", "is required"))
    if email and not EMAIL_RE.match(email):
        errors.append(FieldError("email1", f"{email!r} is not an email address"))
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        errors.append(FieldError("password", f"must be at least {MIN_PASSWORD_LENGTH} characters"))
    if extension is not None and not EXTENSION_RE.match(extension):
        errors.append(FieldError("phone_extension", "2 to 6 digits"))
    if language not in LANGUAGES:
        errors.append(FieldError("language", f"one of {', '.join(LANGUAGES)}"))
    if errors:
        raise ValidationFailed("Users", errors)


async def insert_user(
    conn: AsyncConnection,
    *,
    user_name: str,
    last_name: str,
    first_name: str = "",
    email: str = "",
    password_hash: str | None,
    is_admin: bool = False,
    extension: str | None = None,
    language: str = "ru",
    time_zone: str = "Europe/Moscow",
    is_system: bool = False,
) -> int:
    taken = await conn.execute(select(users.c.id).where(users.c.user_name == user_name))
    if taken.first() is not None:
        raise ValidationFailed("Users", [FieldError("user_name", f"{user_name!r} is taken")])
    if extension is not None:
        used = await conn.execute(select(users.c.id).where(users.c.phone_extension == extension))
        if used.first() is not None:
            raise ValidationFailed(
                "Users", [FieldError("phone_extension", f"extension {extension} is taken")]
            )
    result = await conn.execute(insert(principal).values(kind="user").returning(principal.c.id))
    user_id = int(result.scalar_one())
    await conn.execute(
        insert(users).values(
            id=user_id,
            user_name=user_name,
            first_name=first_name,
            last_name=last_name,
            email1=email,
            is_admin=is_admin,
            status="Active",
            language=language,
            time_zone=time_zone,
            phone_extension=extension,
            password_hash=password_hash,
            is_system=is_system,
            created_at=utcnow(),
        )
    )
    return user_id


DEFAULT_ROLE = "H5"
"""vtiger's lowest default role (Sales Person): new users see only their own records
where sharing is private, until an administrator places them elsewhere."""


class UserDirectory:
    def __init__(
        self, db: Database, on_change: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        self.db = db
        self.on_change = on_change

    async def add(
        self,
        *,
        user_name: str,
        last_name: str,
        password: str | None,
        first_name: str = "",
        email: str = "",
        is_admin: bool = False,
        extension: str | None = None,
        language: str = "ru",
        time_zone: str = "Europe/Moscow",
        role_id: str = DEFAULT_ROLE,
    ) -> User:
        check_new_user(user_name, last_name, email, password, extension, language)
        password_hash = (
            await asyncio.to_thread(hash_password_blocking, password) if password else None
        )
        async with self.db.write() as conn:
            user_id = await insert_user(
                conn,
                user_name=user_name,
                last_name=last_name,
                first_name=first_name,
                email=email,
                password_hash=password_hash,
                is_admin=is_admin,
                extension=extension,
                language=language,
                time_zone=time_zone,
            )
            await assign_role(conn, user_id, role_id)
        if self.on_change is not None:
            await self.on_change()
        return await self.get(user_id)

    async def change(
        self,
        actor: Actor,
        user_id: int,
        *,
        status: str | None = None,
        is_admin: bool | None = None,
        role_id: str | None = None,
        language: str | None = None,
        extension: str | None = None,
        password: str | None = None,
    ) -> User:
        """Administrators change a user; deactivating ends their sessions' use at once
        (sessions and tokens check the user on every request)."""
        if not actor.is_admin:
            raise AccessDenied(action="change users", module="Users")
        target = await self.get(user_id)
        if target.is_system:
            raise ValidationFailed("Users", [FieldError("user", "the system user is fixed")])
        values: dict[str, Any] = {}
        errors: list[FieldError] = []
        if status is not None:
            if status not in ("Active", "Inactive"):
                errors.append(FieldError("status", "Active or Inactive"))
            values["status"] = status
        if is_admin is not None:
            values["is_admin"] = bool(is_admin)
        if language is not None:
            if language not in LANGUAGES:
                errors.append(FieldError("language", f"one of {', '.join(LANGUAGES)}"))
            values["language"] = language
        if extension is not None:
            if extension and not EXTENSION_RE.match(extension):
                errors.append(FieldError("phone_extension", "2 to 6 digits"))
            values["phone_extension"] = extension or None
        if password is not None:
            if len(password) < MIN_PASSWORD_LENGTH:
                errors.append(
                    FieldError("password", f"must be at least {MIN_PASSWORD_LENGTH} characters")
                )
            else:
                values["password_hash"] = await asyncio.to_thread(hash_password_blocking, password)
        if errors:
            raise ValidationFailed("Users", errors)
        async with self.db.write() as conn:
            if values:
                await conn.execute(update(users).where(users.c.id == user_id).values(values))
            if role_id is not None:
                await assign_role(conn, user_id, role_id)
        if self.on_change is not None:
            await self.on_change()
        return await self.get(user_id)

    async def get(self, user_id: int) -> User:
        async with self.db.read() as conn:
            row = (await conn.execute(select(users).where(users.c.id == user_id))).one_or_none()
        if row is None:
            raise NotFound(module="Users", record_id=user_id)
        return _user(row)

    async def by_name(self, user_name: str) -> User | None:
        async with self.db.read() as conn:
            row = (
                await conn.execute(select(users).where(users.c.user_name == user_name))
            ).one_or_none()
        return None if row is None else _user(row)

    async def all(self) -> list[User]:
        async with self.db.read() as conn:
            rows = await conn.execute(select(users).order_by(users.c.id))
            return [_user(r) for r in rows]

    async def groups(self) -> list[tuple[int, str]]:
        """Every group by name, with its id: besides users, the owners a
        record may be assigned to (vtiger's assigned-to picker offers both)."""
        async with self.db.read() as conn:
            rows = await conn.execute(
                select(groups.c.id, groups.c.groupname).order_by(groups.c.groupname)
            )
            return [(int(r.id), str(r.groupname)) for r in rows]

    async def system_actor(self) -> Actor:
        """The actor for work nobody typed (mail rules, calls, workflows)."""
        user = await self.by_name(SYSTEM_USER_NAME)
        if user is None:
            raise NotFound(module="Users", record_id=SYSTEM_USER_NAME)
        return user.actor()

    async def authenticate(self, user_name: str, password: str) -> User | None:
        """The active user with these credentials, or None. Takes the same time
        whether or not the user exists, so it does not reveal user names."""
        async with self.db.read() as conn:
            row = (
                await conn.execute(select(users).where(users.c.user_name == user_name))
            ).one_or_none()
        stored = row.password_hash if row is not None else None
        ok = await asyncio.to_thread(verify_password_blocking, stored, password)
        if row is None or not ok:
            return None
        user = _user(row)
        if not user.active or user.is_system:
            return None
        if _hasher.check_needs_rehash(stored or ""):
            new_hash = await asyncio.to_thread(hash_password_blocking, password)
            async with self.db.write() as conn:
                await conn.execute(
                    update(users).where(users.c.id == user.id).values(password_hash=new_hash)
                )
        return user


@functools.cache
def _dummy_hash() -> str:
    """Verified against when a user has no password, so both cases take as long."""
    return _hasher.hash("not a password of anyone")


def verify_password_blocking(stored: str | None, password: str) -> bool:
    """Check a password; takes as long when there is no stored hash at all."""
    try:
        return _hasher.verify(stored or _dummy_hash(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
