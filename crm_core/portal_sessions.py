"""Portal sign-in: one-time links, customers' sessions and throttling.

Kept apart from staff sign-in on purpose: customers' sessions live in their
own table behind their own cookie, so a staff session never opens the portal
and a customer's never opens the console or the API.

A one-time link (an invitation, a password reset) is a random secret of which
only the SHA-256 is stored, with its expiry; setting a password uses it up
in the same transaction, so a link works once even when two requests race.
Issuing a new link for a customer voids the ones they had.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from enum import StrEnum

from sqlalchemy import and_, delete, func, insert, select, update

from crm_core.errors import Throttled
from crm_core.portal_users import PortalDirectory, PortalUser, check_password
from crm_core.records.writer import utcnow
from crm_core.settings import PortalSettings
from crm_core.signin import (
    TOUCH_EVERY,
    NewSession,
    SessionInfo,
    digest,
    session_expired,
)
from crm_core.storage.database import Database
from crm_core.storage.schema import (
    portal_session,
    portal_signin_failure,
    portal_token,
    portal_user,
)
from crm_core.users import hash_password_blocking


class LinkPurpose(StrEnum):
    INVITE = "invite"
    RESET = "reset"


NewPortalSession = NewSession[PortalUser]
PortalSessionInfo = SessionInfo[PortalUser]


class PortalSessions:
    def __init__(self, db: Database, directory: PortalDirectory, settings: PortalSettings) -> None:
        self.db = db
        self.directory = directory
        self.settings = settings

    # -- one-time links -------------------------------------------------------

    async def issue_link(self, portal_id: int, purpose: LinkPurpose) -> str:
        """A new link's secret (returned now, stored only hashed); the
        customer's earlier unused links stop working."""
        now = utcnow()
        lifetime = (
            dt.timedelta(hours=self.settings.invitation_hours)
            if purpose is LinkPurpose.INVITE
            else dt.timedelta(minutes=self.settings.reset_minutes)
        )
        secret = secrets.token_urlsafe(32)
        async with self.db.write() as conn:
            await conn.execute(
                update(portal_token)
                .where(portal_token.c.portal_user_id == portal_id, portal_token.c.used_at.is_(None))
                .values(used_at=now)
            )
            await conn.execute(
                insert(portal_token).values(
                    token_hash=digest(secret),
                    portal_user_id=portal_id,
                    purpose=purpose.value,
                    created_at=now,
                    expires_at=now + lifetime,
                )
            )
        return secret

    async def link_user(self, secret: str) -> tuple[PortalUser, LinkPurpose] | None:
        """Whose link this is, while it can still be used; None otherwise."""
        if not secret or len(secret) > 100:
            return None
        async with self.db.read() as conn:
            row = (
                await conn.execute(
                    select(portal_token.c.portal_user_id, portal_token.c.purpose).where(
                        portal_token.c.token_hash == digest(secret),
                        portal_token.c.used_at.is_(None),
                        portal_token.c.expires_at > utcnow(),
                    )
                )
            ).one_or_none()
        if row is None:
            return None
        user = await self.directory.get(row.portal_user_id)
        if not user.active:
            return None
        return user, LinkPurpose(row.purpose)

    async def redeem_link(self, secret: str, password: str) -> PortalUser | None:
        """Set the password through a link, using the link up; None when the
        link is unknown, used or expired. The customer's sessions end, since
        whoever had the old password may hold one."""
        check_password(password)
        found = await self.link_user(secret)
        if found is None:
            return None
        hashed = await asyncio.to_thread(hash_password_blocking, password)
        now = utcnow()
        async with self.db.write() as conn:
            used = await conn.execute(
                update(portal_token)
                .where(
                    portal_token.c.token_hash == digest(secret),
                    portal_token.c.used_at.is_(None),
                    portal_token.c.expires_at > now,
                )
                .values(used_at=now)
            )
            if used.rowcount != 1:
                return None  # another request used it first
            await conn.execute(
                update(portal_user)
                .where(portal_user.c.id == found[0].id, portal_user.c.active.is_(True))
                .values(password_hash=hashed)
            )
            await conn.execute(
                delete(portal_session).where(portal_session.c.portal_user_id == found[0].id)
            )
        return await self.directory.get(found[0].id)

    async def reset_allowed(self, user: PortalUser) -> bool:
        """At most ``failed_signins_per_login`` reset links per window: asking
        again and again must not fill a customer's mailbox."""
        since = utcnow() - dt.timedelta(minutes=self.settings.throttle_minutes)
        async with self.db.read() as conn:
            recent = (
                await conn.execute(
                    select(func.count()).where(
                        portal_token.c.portal_user_id == user.id,
                        portal_token.c.purpose == LinkPurpose.RESET.value,
                        portal_token.c.created_at > since,
                    )
                )
            ).scalar_one()
        return int(recent) < self.settings.failed_signins_per_login

    # -- sessions -------------------------------------------------------------

    async def sign_in(
        self, login: str, password: str, *, address: str, replacing: str | None = None
    ) -> NewPortalSession | None:
        """A fresh session for valid credentials, else None (and the failure
        counts towards throttling). Any session the browser had ends first."""
        if replacing:
            await self.sign_out(replacing)
        login, address = login.strip().lower()[:254], address[:64]
        await self.check_throttle(login, address)
        actor = await self.directory.authenticate(login, password)
        if actor is None:
            async with self.db.write() as conn:
                await conn.execute(
                    insert(portal_signin_failure).values(login=login, address=address, at=utcnow())
                )
            return None
        user = await self.directory.by_login(login)
        assert user is not None
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = utcnow()
        async with self.db.write() as conn:
            await conn.execute(
                insert(portal_session).values(
                    token_hash=digest(token),
                    portal_user_id=user.id,
                    csrf_token=csrf,
                    created_at=now,
                    last_seen_at=now,
                )
            )
            await conn.execute(
                update(portal_user).where(portal_user.c.id == user.id).values(last_signin_at=now)
            )
        return NewPortalSession(token, csrf, user)

    async def check_throttle(self, login: str, address: str) -> None:
        window = dt.timedelta(minutes=self.settings.throttle_minutes)
        since = utcnow() - window
        async with self.db.read() as conn:
            by_login, by_address = (
                await conn.execute(
                    select(
                        func.count().filter(portal_signin_failure.c.login == login),
                        func.count().filter(portal_signin_failure.c.address == address),
                    ).where(
                        portal_signin_failure.c.at > since,
                        (portal_signin_failure.c.login == login)
                        | (portal_signin_failure.c.address == address),
                    )
                )
            ).one()
        if (
            by_login >= self.settings.failed_signins_per_login
            or by_address >= self.settings.failed_signins_per_address
        ):
            raise Throttled(retry_after=int(window.total_seconds()))

    async def session(self, token: str | None) -> PortalSessionInfo | None:
        """The customer behind a portal cookie, or None when it is unknown,
        idle too long, too old, or their access was revoked."""
        if not token or len(token) > 100:
            return None
        now = utcnow()
        async with self.db.read() as conn:
            row = (
                await conn.execute(
                    select(portal_session, portal_user.c.active)
                    .join(portal_user, portal_user.c.id == portal_session.c.portal_user_id)
                    .where(portal_session.c.token_hash == digest(token))
                )
            ).one_or_none()
        if row is None or not row.active:
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
        if now - row.last_seen_at > TOUCH_EVERY:
            async with self.db.write() as conn:
                await conn.execute(
                    update(portal_session)
                    .where(portal_session.c.token_hash == row.token_hash)
                    .values(last_seen_at=now)
                )
        user = await self.directory.get(row.portal_user_id)
        actor = await self.directory.actor_for(user.id)
        return PortalSessionInfo(actor, row.csrf_token, user)

    async def sign_out(self, token: str) -> None:
        async with self.db.write() as conn:
            await conn.execute(
                delete(portal_session).where(portal_session.c.token_hash == digest(token))
            )

    async def forget_old(self) -> None:
        """Drop used or expired links and old failures (housekeeping)."""
        now = utcnow()
        since = now - dt.timedelta(minutes=self.settings.throttle_minutes)
        async with self.db.write() as conn:
            await conn.execute(
                delete(portal_token).where(
                    and_(
                        portal_token.c.expires_at < now,
                        portal_token.c.created_at < since,
                    )
                )
            )
            await conn.execute(
                delete(portal_signin_failure).where(portal_signin_failure.c.at < since)
            )
