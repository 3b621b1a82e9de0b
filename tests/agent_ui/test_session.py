"""Browser sessions, CSRF, session fixation, timeouts, throttling and API tokens."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import update
from yarl import URL

from crm_core.runtime import Runtime
from crm_core.settings import load_settings
from crm_core.storage.schema import user_session
from tests.free_ports import FREE_PORTS

PASSWORD = "a-good-password"


@pytest.fixture
async def hub(tmp_path: Path, database_url: str) -> AsyncIterator[tuple[str, Runtime]]:
    settings = load_settings(
        tmp_path,
        {
            "SWITCHBOARD__DATABASE__URL": database_url,
            **FREE_PORTS,
            "SWITCHBOARD__AUTH__FAILED_SIGNINS_PER_ACCOUNT": "3",
            "SWITCHBOARD__AUTH__FAILED_SIGNINS_PER_ADDRESS": "6",
        },
    )
    runtime = await Runtime.open(settings)
    await runtime.users.add(user_name="olga", last_name="Olga", password=PASSWORD, role_id="H2")
    await runtime.users.add(
        user_name="boss", last_name="Boss", password=PASSWORD, is_admin=True, role_id="H2"
    )
    await runtime.start()
    yield f"{runtime.base_url}/api/v1", runtime
    await runtime.close()


def browser() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def sign_in(
    session: aiohttp.ClientSession, base: str, user: str = "olga", password: str = PASSWORD
) -> tuple[int, Any]:
    async with session.post(
        f"{base}/session", json={"user_name": user, "password": password}
    ) as response:
        return response.status, await response.json()


async def test_session_cookie_and_csrf(hub) -> None:
    base, _ = hub
    async with browser() as session:
        async with session.post(
            f"{base}/session", json={"user_name": "olga", "password": PASSWORD}
        ) as response:
            assert response.status == 200
            body = await response.json()
            cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        csrf = body["csrf_token"]
        async with session.get(f"{base}/records/Contacts") as response:
            assert response.status == 200
        async with session.post(f"{base}/records/Contacts", json={"lastname": "X"}) as response:
            assert response.status == 403
            assert (await response.json())["error"]["code"] == "csrf"
        async with session.post(
            f"{base}/records/Contacts", json={"lastname": "X"}, headers={"X-CSRF-Token": "wrong"}
        ) as response:
            assert response.status == 403
        async with session.post(
            f"{base}/records/Contacts", json={"lastname": "X"}, headers={"X-CSRF-Token": csrf}
        ) as response:
            assert response.status == 201
        async with session.delete(f"{base}/session", headers={"X-CSRF-Token": csrf}) as resp:
            assert resp.status == 200
        async with session.get(f"{base}/records/Contacts") as response:
            assert response.status == 401


async def test_sign_in_rotates_the_session_id(hub) -> None:
    base, _ = hub
    async with browser() as attacker:
        await sign_in(attacker, base, "boss")
        planted = attacker.cookie_jar.filter_cookies(URL(base))["sb_session"].value
    async with browser() as victim:
        victim.cookie_jar.update_cookies({"sb_session": planted})
        status, _ = await sign_in(victim, base)
        assert status == 200
        fresh = victim.cookie_jar.filter_cookies(URL(base))["sb_session"].value
        assert fresh != planted
    async with browser() as attacker:
        attacker.cookie_jar.update_cookies({"sb_session": planted})
        async with attacker.get(f"{base}/session") as response:
            assert response.status == 401


async def test_idle_and_absolute_timeouts(hub) -> None:
    base, runtime = hub
    async with browser() as session:
        await sign_in(session, base)
        async with runtime.db.write() as conn:
            await conn.execute(
                update(user_session).values(
                    last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
                )
            )
        async with session.get(f"{base}/session") as response:
            assert response.status == 401
        await sign_in(session, base)
        async with runtime.db.write() as conn:
            await conn.execute(
                update(user_session).values(
                    created_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=13)
                )
            )
        async with session.get(f"{base}/session") as response:
            assert response.status == 401


async def test_sign_out_everywhere(hub) -> None:
    base, _ = hub
    async with browser() as laptop, browser() as phone:
        _, body = await sign_in(laptop, base)
        await sign_in(phone, base)
        async with laptop.delete(
            f"{base}/sessions", headers={"X-CSRF-Token": body["csrf_token"]}
        ) as response:
            assert (await response.json())["ended"] == 2
        async with phone.get(f"{base}/session") as response:
            assert response.status == 401


async def test_failed_sign_ins_are_throttled_and_audited(hub) -> None:
    base, _ = hub
    async with browser() as session:
        for _ in range(3):
            status, body = await sign_in(session, base, password="not-the-password")
            assert (status, body["error"]["code"]) == (401, "signin_failed")
        async with session.post(
            f"{base}/session", json={"user_name": "olga", "password": PASSWORD}
        ) as response:
            assert response.status == 429
            assert (await response.json())["error"]["code"] == "throttled"
            assert int(response.headers["Retry-After"]) > 0
        # Other accounts from the same address are throttled once the address is.
        for user in ("ghost1", "ghost2", "ghost3"):
            await sign_in(session, base, user, "guess")
    async with browser() as other_browser:
        status, _ = await sign_in(other_browser, base, "boss")
    assert status == 429  # a correct password, but from the throttled address


async def test_unknown_and_wrong_give_the_same_answer(hub) -> None:
    base, _ = hub
    async with browser() as session:
        _, unknown = await sign_in(session, base, "nobody", "whatever")
        _, wrong = await sign_in(session, base, "olga", "whatever")
    assert unknown["error"] == wrong["error"]


async def test_api_tokens_are_created_listed_and_revoked(hub) -> None:
    base, _ = hub
    async with browser() as session:
        _, body = await sign_in(session, base)
        csrf = {"X-CSRF-Token": body["csrf_token"]}
        async with session.post(
            f"{base}/tokens", json={"name": "CI script"}, headers=csrf
        ) as response:
            created = await response.json()
        assert created["token"].startswith("sbt_")
        async with session.get(f"{base}/tokens") as response:
            listed = (await response.json())["tokens"]
        assert [t["name"] for t in listed] == ["CI script"]
        assert "token" not in listed[0]
    bearer = {"Authorization": f"Bearer {created['token']}"}
    async with aiohttp.ClientSession(headers=bearer) as script:
        async with script.post(f"{base}/records/Contacts", json={"lastname": "Скрипт"}) as r:
            assert r.status == 201  # tokens need no CSRF header
        async with script.delete(f"{base}/tokens/{created['id']}") as response:
            assert response.status == 200
        async with script.get(f"{base}/records/Contacts") as response:
            assert response.status == 401


async def test_audit_is_for_administrators(hub) -> None:
    base, runtime = hub
    user = await runtime.users.by_name("boss")
    assert user is not None
    _, token = await runtime.signin.create_token(user.actor(), "audit")
    async with browser() as session:
        await sign_in(session, base, "olga", "nope")
        await sign_in(session, base)
        async with session.get(f"{base}/signin-audit") as response:
            assert response.status == 403
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        aiohttp.ClientSession(headers=headers) as admin,
        admin.get(f"{base}/signin-audit") as response,
    ):
        attempts = (await response.json())["attempts"]
    assert [(a["user_name"], a["success"], a["reason"]) for a in attempts[:2]] == [
        ("olga", True, "ok"),
        ("olga", False, "bad_credentials"),
    ]


async def test_deactivated_users_are_locked_out_at_once(hub) -> None:
    base, runtime = hub
    olga = await runtime.users.by_name("olga")
    boss = await runtime.users.by_name("boss")
    assert olga is not None and boss is not None
    _, olga_token = await runtime.signin.create_token(olga.actor(), "script")
    _, boss_token = await runtime.signin.create_token(boss.actor(), "admin")
    async with browser() as session:
        await sign_in(session, base)
        async with aiohttp.ClientSession(
            headers={"Authorization": f"Bearer {boss_token}"}
        ) as admin:
            async with admin.patch(
                f"{base}/users/{olga.id}", json={"status": "Inactive"}
            ) as response:
                assert response.status == 200
                assert (await response.json())["status"] == "Inactive"
            async with admin.patch(f"{base}/users/{olga.id}", json={"status": "Gone"}) as response:
                assert response.status == 422
        async with session.get(f"{base}/session") as response:
            assert response.status == 401
        status, _ = await sign_in(session, base)
        assert status == 401
    headers = {"Authorization": f"Bearer {olga_token}"}
    async with (
        aiohttp.ClientSession(headers=headers) as script,
        script.get(f"{base}/records/Contacts") as response,
    ):
        assert response.status == 401
