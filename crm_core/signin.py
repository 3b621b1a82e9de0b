"""Signing in: browser sessions, API tokens, throttling and the sign-in audit.

Secrets handed to clients (session cookies, API tokens) are random and only
their SHA-256 is stored, so a copy of the database opens no account. Every
attempt is audited; the audit also drives throttling, per account and per
address, before a password is even checked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import delete, func, insert, select, update

from crm_core.access import Actor
from crm_core.errors import (
    AccessDenied,
    FieldError,
    NotFound,
    SignInFailed,
    Throttled,
    ValidationFailed,
)
from crm_core.records.writer import utcnow
from crm_core.settings import AuthSettings
from crm_core.storage.database import Database
from crm_core.storage.schema import api_token, signin_audit, user_session
from crm_core.users import User, UserDirectory

TOUCH_EVERY = dt.timedelta(seconds=60)
"""A session's last-seen time is written at most this often, not on every request."""


U = TypeVar("U")
"""Whoever signs in: a staff user here, a portal customer in the portal."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def session_expired(
    created_at: dt.datetime,
    last_seen_at: dt.datetime,
    *,
    idle_minutes: int,
    max_hours: int,
    now: dt.datetime,
) -> bool:
    """Idle too long or simply too old: either ends a session."""
    return now - last_seen_at > dt.timedelta(
        minutes=idle_minutes
    ) or now - created_at > dt.timedelta(hours=max_hours)


@dataclass(frozen=True)
class NewSession(Generic[U]):
    token: str
    csrf_token: str
    user: U


@dataclass(frozen=True)
class SessionInfo(Generic[U]):
    actor: Actor
    csrf_token: str
    user: U

    def csrf_ok(self, presented: str | None) -> bool:
        return presented is not None and hmac.compare_digest(presented, self.csrf_token)


class SignInService:
    def __init__(self, db: Database, users: UserDirectory, settings: AuthSettings) -> None:
        self.db = db
        self.users = users
        self.settings = settings

    # -- sessions ---------------------------------------------------------------

    async def sign_in(
        self,
        user_name: str,
        password: str,
        *,
        address: str,
        user_agent: str = "",
        replacing: str | None = None,
    ) -> NewSession[User]:
        """A fresh session for valid credentials. Any session the browser had is
        ended first, so a planted session id never becomes a signed-in one."""
        if replacing:
            await self.sign_out(replacing)
        user_name, address = user_name[:100], address[:64]
        await self._check_throttle(user_name, address)
        user = await self.users.authenticate(user_name, password)
        if user is None:
            await self._audit(user_name, None, address, False, "bad_credentials")
            raise SignInFailed()
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = utcnow()
        async with self.db.write() as conn:
            await conn.execute(
                insert(user_session).values(
                    token_hash=digest(token),
                    user_id=user.id,
                    csrf_token=csrf,
                    created_at=now,
                    last_seen_at=now,
                    address=address,
                    user_agent=user_agent[:300],
                )
            )
        await self._audit(user_name, user.id, address, True, "ok")
        return NewSession(token, csrf, user)

    async def session(self, token: str | None) -> SessionInfo[User] | None:
        """The signed-in user behind a session cookie, or None when it is unknown,
        idle too long, too old, or its user was deactivated."""
        if not token:
            return None
        now = utcnow()
        async with self.db.read() as conn:
            row = (
                await conn.execute(
                    select(user_session).where(user_session.c.token_hash == digest(token))
                )
            ).one_or_none()
        if row is None:
            return None
        if session_expired(
            row.created_at,
            row.last_seen_at,
            idle_minutes=self.settings.session_idle_minutes,
            max_hours=self.settings.session_max_hours,
            now=now,
        ):
            await self.sign_out(token)
            return None
        user = await self.users.get(row.user_id)
        if not user.active:
            return None
        if now - row.last_seen_at > TOUCH_EVERY:
            async with self.db.write() as conn:
                await conn.execute(
                    update(user_session)
                    .where(user_session.c.token_hash == row.token_hash)
                    .values(last_seen_at=now)
                )
        return SessionInfo(user.actor(), row.csrf_token, user)

    async def sign_out(self, token: str) -> None:
        async with self.db.write() as conn:
            await conn.execute(
                delete(user_session).where(user_session.c.token_hash == digest(token))
            )

    async def sign_out_everywhere(self, user_id: int) -> int:
        async with self.db.write() as conn:
            result = await conn.execute(
                delete(user_session).where(user_session.c.user_id == user_id)
            )
        return int(result.rowcount)

    # -- API tokens -------------------------------------------------------------

    async def create_token(self, actor: Actor, name: str) -> tuple[int, str]:
        """A new token for the actor; the secret is returned now and never again."""
        name = name.strip()
        if not name or len(name) > 100:
            raise ValidationFailed("tokens", [FieldError("name", "1 to 100 characters")])
        secret = "sbt_" + secrets.token_urlsafe(32)
        async with self.db.write() as conn:
            result = await conn.execute(
                insert(api_token)
                .values(
                    user_id=actor.user_id, name=name, token_hash=digest(secret), created_at=utcnow()
                )
                .returning(api_token.c.id)
            )
            token_id = int(result.scalar_one())
        return token_id, secret

    async def tokens(self, actor: Actor) -> list[dict[str, Any]]:
        async with self.db.read() as conn:
            rows = await conn.execute(
                select(api_token)
                .where(api_token.c.user_id == actor.user_id)
                .order_by(api_token.c.id)
            )
            return [
                {
                    "id": r.id,
                    "name": r.name,
                    "created_at": r.created_at.isoformat(),
                    "last_used_at": r.last_used_at and r.last_used_at.isoformat(),
                    "revoked": r.revoked_at is not None,
                }
                for r in rows
            ]

    async def revoke_token(self, actor: Actor, token_id: int) -> None:
        async with self.db.write() as conn:
            owner = (
                await conn.execute(select(api_token.c.user_id).where(api_token.c.id == token_id))
            ).scalar_one_or_none()
            if owner is None or (owner != actor.user_id and not actor.is_admin):
                raise NotFound(module="tokens", record_id=token_id)
            await conn.execute(
                update(api_token).where(api_token.c.id == token_id).values(revoked_at=utcnow())
            )

    async def token_actor(self, secret: str) -> Actor | None:
        async with self.db.read() as conn:
            row = (
                await conn.execute(
                    select(api_token).where(api_token.c.token_hash == digest(secret))
                )
            ).one_or_none()
        if row is None or row.revoked_at is not None:
            return None
        user = await self.users.get(row.user_id)
        if not user.active:
            return None
        now = utcnow()
        if row.last_used_at is None or now - row.last_used_at > TOUCH_EVERY:
            async with self.db.write() as conn:
                await conn.execute(
                    update(api_token).where(api_token.c.id == row.id).values(last_used_at=now)
                )
        return user.actor()

    # -- audit and throttling ---------------------------------------------------

    async def audit(self, actor: Actor, limit: int = 200) -> list[dict[str, Any]]:
        if not actor.is_admin:
            raise AccessDenied(action="read the sign-in audit", module="Users")
        async with self.db.read() as conn:
            rows = await conn.execute(
                select(signin_audit).order_by(signin_audit.c.id.desc()).limit(limit)
            )
            return [
                {
                    "user_name": r.user_name,
                    "user_id": r.user_id,
                    "address": r.address,
                    "success": r.success,
                    "reason": r.reason,
                    "at": r.at.isoformat(),
                }
                for r in rows
            ]

    async def _check_throttle(self, user_name: str, address: str) -> None:
        window = dt.timedelta(minutes=self.settings.throttle_minutes)
        since = utcnow() - window
        failed = signin_audit.c.success.is_(False)
        async with self.db.read() as conn:
            by_account = (
                await conn.execute(
                    select(func.count()).where(
                        signin_audit.c.user_name == user_name,
                        signin_audit.c.at > since,
                        failed,
                        signin_audit.c.reason == "bad_credentials",
                    )
                )
            ).scalar_one()
            by_address = (
                await conn.execute(
                    select(func.count()).where(
                        signin_audit.c.address == address,
                        signin_audit.c.at > since,
                        failed,
                        signin_audit.c.reason == "bad_credentials",
                    )
                )
            ).scalar_one()
        if (
            by_account >= self.settings.failed_signins_per_account
            or by_address >= self.settings.failed_signins_per_address
        ):
            await self._audit(user_name, None, address, False, "throttled")
            raise Throttled(retry_after=int(window.total_seconds()))

    async def _audit(
        self, user_name: str, user_id: int | None, address: str, success: bool, reason: str
    ) -> None:
        async with self.db.write() as conn:
            await conn.execute(
                insert(signin_audit).values(
                    user_name=user_name,
                    user_id=user_id,
                    address=address,
                    success=success,
                    reason=reason,
                    at=utcnow(),
                )
            )
