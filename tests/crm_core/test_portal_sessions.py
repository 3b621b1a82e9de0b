"""Portal sign-in below the web pages: one-time links stored hashed and used
once even when two requests race, sessions that end when idle or revoked,
throttling per login, and reset links rationed per customer."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib

import pytest
from sqlalchemy import select, update

from crm_core.errors import Throttled, ValidationFailed
from crm_core.portal_sessions import LinkPurpose, PortalSessions
from crm_core.storage.schema import portal_session, portal_token

PASSWORD = "customer password"


@pytest.fixture
async def portal(crm) -> tuple[PortalSessions, int]:  # type: ignore[no-untyped-def]
    contact = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Анна", "email": "anna@acme.test"}
    )
    user = await crm.runtime.portal_users.grant(crm.admin, contact.id)
    sessions = PortalSessions(crm.runtime.db, crm.runtime.portal_users, crm.runtime.settings.portal)
    return sessions, user.id


async def test_a_link_is_stored_hashed_and_works_once(crm, portal) -> None:  # type: ignore[no-untyped-def]
    sessions, user_id = portal
    secret = await sessions.issue_link(user_id, LinkPurpose.INVITE)
    async with crm.runtime.db.read() as conn:
        stored = (await conn.execute(select(portal_token))).one()
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(tuple(stored))
    with pytest.raises(ValidationFailed):
        await sessions.redeem_link(secret, "short")
    assert await sessions.link_user(secret) is not None  # a refused password used nothing
    results = await asyncio.gather(
        sessions.redeem_link(secret, "first password"),
        sessions.redeem_link(secret, "second password"),
    )
    assert sum(r is not None for r in results) == 1
    winner = "first password" if results[0] is not None else "second password"
    assert await crm.runtime.portal_users.authenticate("anna@acme.test", winner) is not None
    assert await sessions.link_user(secret) is None


async def test_sessions_end_when_idle_or_revoked(crm, portal) -> None:  # type: ignore[no-untyped-def]
    sessions, user_id = portal
    await crm.runtime.portal_users.set_password(user_id, PASSWORD)
    new = await sessions.sign_in("anna@acme.test", PASSWORD, address="10.0.0.1")
    assert new is not None
    info = await sessions.session(new.token)
    assert info is not None and info.actor.contact_id == new.user.contact_id
    assert info.csrf_ok(new.csrf_token) and not info.csrf_ok("forged") and not info.csrf_ok(None)
    idle = dt.timedelta(minutes=crm.runtime.settings.portal.session_idle_minutes + 1)
    async with crm.runtime.db.write() as conn:
        await conn.execute(
            update(portal_session).values(last_seen_at=dt.datetime.now(dt.UTC) - idle)
        )
    assert await sessions.session(new.token) is None
    again = await sessions.sign_in("anna@acme.test", PASSWORD, address="10.0.0.1")
    assert again is not None
    await crm.runtime.portal_users.revoke(crm.admin, user_id)
    assert await sessions.session(again.token) is None
    assert await sessions.sign_in("anna@acme.test", PASSWORD, address="10.0.0.1") is None


async def test_failed_sign_ins_are_throttled_per_login_and_address(crm, portal) -> None:  # type: ignore[no-untyped-def]
    sessions, user_id = portal
    await crm.runtime.portal_users.set_password(user_id, PASSWORD)
    limit = crm.runtime.settings.portal.failed_signins_per_login
    for _ in range(limit):
        assert await sessions.sign_in("anna@acme.test", "wrong", address="10.0.0.2") is None
    with pytest.raises(Throttled):
        await sessions.sign_in("anna@acme.test", PASSWORD, address="10.0.0.3")
    # Another customer from another address is not held up.
    other = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Борис", "email": "boris@other.test"}
    )
    boris = await crm.runtime.portal_users.grant(crm.admin, other.id)
    await crm.runtime.portal_users.set_password(boris.id, PASSWORD)
    assert await sessions.sign_in("boris@other.test", PASSWORD, address="10.0.0.4") is not None


async def test_reset_links_are_rationed(crm, portal) -> None:  # type: ignore[no-untyped-def]
    sessions, user_id = portal
    user = await crm.runtime.portal_users.get(user_id)
    for _ in range(crm.runtime.settings.portal.failed_signins_per_login):
        assert await sessions.reset_allowed(user)
        await sessions.issue_link(user_id, LinkPurpose.RESET)
    assert not await sessions.reset_allowed(user)
