"""Customers' portal access over the staff API, with the portal and email
channels running and a real SMTP relay: granting sends the invitation,
which can be sent again; revoking ends it; who may edit the contact decides;
bad requests get the API's one error shape; with the portal off, 503."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from crm_core.records.model import Record
from crm_core.runtime import Runtime
from crm_core.settings import load_settings
from tests.free_ports import FREE_PORTS
from tests.smtp_relay import Relayed, start_relay


@dataclass
class Api:
    runtime: Runtime
    base: str
    admin: aiohttp.ClientSession
    agent: aiohttp.ClientSession
    relayed: Relayed
    anna: Record

    async def call(
        self, session: aiohttp.ClientSession, method: str, path: str, **kw: Any
    ) -> tuple[int, Any]:
        async with session.request(method, f"{self.base}{path}", **kw) as response:
            return response.status, await response.json()

    async def mail(self, count: int) -> str:
        async with asyncio.timeout(15):
            while len(self.relayed.messages) < count:
                self.relayed.arrived.clear()
                await self.relayed.arrived.wait()
        body = self.relayed.messages[count - 1][2].get_body(("plain",))
        assert body is not None
        return str(body.get_content())


@asynccontextmanager
async def running(tmp_path: Path, database_url: str, **channels: bool) -> AsyncIterator[Api]:
    relayed = Relayed()
    relay = await start_relay(relayed)
    settings = load_settings(
        tmp_path,
        {
            "SWITCHBOARD__DATABASE__URL": database_url,
            **FREE_PORTS,
            "SWITCHBOARD__CHANNELS__PBX": "false",
            "SWITCHBOARD__CHANNELS__WORKFLOWS": "false",
            "SWITCHBOARD__CHANNELS__PORTAL": str(channels.get("portal", True)).lower(),
            "SWITCHBOARD__MAIL__RELAY_HOST": "127.0.0.1",
            "SWITCHBOARD__MAIL__RELAY_PORT": str(relay.sockets[0].getsockname()[1]),
        },
    )
    runtime = await Runtime.open(settings)
    admin = await runtime.users.add(
        user_name="boss", last_name="Boss", password=None, is_admin=True
    )
    agent = await runtime.users.add(user_name="agent", last_name="Agent", password=None)
    _, admin_token = await runtime.signin.create_token(admin.actor(), "tests")
    _, agent_token = await runtime.signin.create_token(agent.actor(), "tests")
    anna = await runtime.records.create(
        admin.actor(),
        "Contacts",
        {"firstname": "Анна", "lastname": "Клиентова", "email": "Anna@Client.example"},
    )
    await runtime.start()
    try:
        async with (
            aiohttp.ClientSession(headers={"Authorization": f"Bearer {admin_token}"}) as a,
            aiohttp.ClientSession(headers={"Authorization": f"Bearer {agent_token}"}) as b,
        ):
            yield Api(runtime, f"{runtime.base_url}/api/v1", a, b, relayed, anna)
    finally:
        await runtime.close()
        relay.close()
        await relay.wait_closed()


@pytest.fixture
async def api(tmp_path: Path, database_url: str) -> AsyncIterator[Api]:
    async with running(tmp_path, database_url) as started:
        yield started


async def test_staff_grant_reinvite_list_and_revoke(api: Api) -> None:
    status, granted = await api.call(
        api.admin, "POST", "/portal-users", json={"contact_id": api.anna.id, "language": "en"}
    )
    assert status == 201
    user = granted["portal_user"]
    assert (user["login"], user["active"], user["has_password"]) == (
        "anna@client.example",
        True,
        False,
    )
    first = await api.mail(1)
    assert "Your login: anna@client.example" in first and "/portal/password/" in first
    assert api.relayed.messages[0][1] == ["anna@client.example"]

    status, resent = await api.call(
        api.admin, "POST", f"/portal-users/{user['id']}/invitation", json={"language": "ru"}
    )
    assert status == 202 and resent["email_id"] != granted["email_id"]
    second = await api.mail(2)
    assert "Ваш логин: anna@client.example" in second
    old_link = first.split("/portal/password/")[1].split()[0]
    assert old_link not in second

    status, listed = await api.call(api.admin, "GET", "/portal-users")
    assert status == 200
    assert [(u["id"], u["contact_name"]) for u in listed["portal_users"]] == [
        (user["id"], "Анна Клиентова")
    ]
    status, revoked = await api.call(api.admin, "DELETE", f"/portal-users/{user['id']}")
    assert status == 200 and revoked["portal_user"]["active"] is False
    status, refused = await api.call(api.admin, "POST", f"/portal-users/{user['id']}/invitation")
    assert status == 422 and refused["error"]["code"] == "validation_failed"
    assert len(api.relayed.messages) == 2

    status, again = await api.call(
        api.admin, "POST", "/portal-users", json={"contact_id": api.anna.id}
    )
    assert status == 201 and again["portal_user"]["id"] == user["id"]  # the same customer


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "invalid_request"),
        ({"contact_id": "12"}, 400, "invalid_request"),
        ({"contact_id": 5, "role": "admin"}, 400, "invalid_request"),
        ({"contact_id": 99999}, 404, "not_found"),
        ({"contact_id": 0}, 400, "invalid_request"),
        ({"contact_id": 1, "account_wide": "yes"}, 400, "invalid_request"),
        ({"contact_id": 1, "language": "de"}, 400, "invalid_request"),
    ],
)
@pytest.mark.one_database
async def test_bad_grants_are_refused(
    api: Api, body: dict[str, Any], status: int, code: str
) -> None:
    got, answer = await api.call(api.admin, "POST", "/portal-users", json=body)
    assert (got, answer["error"]["code"]) == (status, code)
    assert api.relayed.messages == []


async def test_a_contact_without_email_or_with_access_already(api: Api) -> None:
    status, _ = await api.call(api.admin, "POST", "/portal-users", json={"contact_id": api.anna.id})
    assert status == 201
    status, twice = await api.call(
        api.admin, "POST", "/portal-users", json={"contact_id": api.anna.id}
    )
    assert status == 422 and "has access already" in twice["error"]["message"]
    nameless = await api.runtime.records.create(
        api.runtime.system_actor, "Contacts", {"lastname": "Безадресов"}
    )
    status, refused = await api.call(
        api.admin, "POST", "/portal-users", json={"contact_id": nameless.id}
    )
    assert status == 422 and refused["error"]["errors"][0]["field"] == "email"


async def test_staff_who_may_not_edit_the_contact_are_refused(api: Api) -> None:
    # Colleagues may read each other's contacts but change only their own.
    await api.runtime.access.set_org_sharing(api.runtime.system_actor, "Contacts", "public_read")
    status, refused = await api.call(
        api.agent, "POST", "/portal-users", json={"contact_id": api.anna.id}
    )
    assert status == 403 and refused["error"]["code"] == "access_denied"
    status, granted = await api.call(
        api.admin, "POST", "/portal-users", json={"contact_id": api.anna.id}
    )
    user_id = granted["portal_user"]["id"]
    status, listed = await api.call(api.agent, "GET", "/portal-users")
    assert status == 200 and [u["id"] for u in listed["portal_users"]] == [user_id]
    status, _ = await api.call(api.agent, "DELETE", f"/portal-users/{user_id}")
    assert status == 403
    status, _ = await api.call(api.agent, "POST", f"/portal-users/{user_id}/invitation")
    assert status == 403
    status, _ = await api.call(api.admin, "DELETE", "/portal-users/424242")
    assert status == 404


async def test_a_browser_session_needs_the_csrf_header(api: Api) -> None:
    await api.runtime.users.add(user_name="clerk", last_name="Clerk", password="clerk password 1",
                                is_admin=True)  # fmt: skip
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        async with browser.post(
            f"{api.base}/session", json={"user_name": "clerk", "password": "clerk password 1"}
        ) as response:
            assert response.status in (200, 201)
        async with browser.post(
            f"{api.base}/portal-users", json={"contact_id": api.anna.id}
        ) as response:
            assert response.status == 403
            assert (await response.json())["error"]["code"] == "csrf"
    assert api.relayed.messages == []


@pytest.mark.one_database
async def test_with_the_portal_off_the_api_answers_503(tmp_path: Path, database_url: str) -> None:
    async with running(tmp_path, database_url, portal=False) as api:
        status, answer = await api.call(api.admin, "GET", "/portal-users")
        assert (status, answer["error"]["code"]) == (503, "service_unavailable")


async def test_access_is_switched_back_on_and_widened_to_the_organisation(api: Api) -> None:
    status, granted = await api.call(
        api.admin, "POST", "/portal-users", json={"contact_id": api.anna.id}
    )
    user_id = granted["portal_user"]["id"]
    path = f"/portal-users/{user_id}"
    status, changed = await api.call(api.admin, "PATCH", path, json={"account_wide": True})
    assert status == 200 and changed["portal_user"]["account_wide"] is True
    assert changed["portal_user"]["last_signin_at"] is None
    status, changed = await api.call(api.admin, "PATCH", path, json={"active": False})
    assert status == 200 and changed["portal_user"]["active"] is False
    status, changed = await api.call(api.admin, "PATCH", path, json={"active": True})
    assert status == 200
    assert (changed["portal_user"]["active"], changed["portal_user"]["account_wide"]) == (
        True,
        True,
    )
    assert len(api.relayed.messages) == 1  # switching on sends nothing

    status, refused = await api.call(api.admin, "PATCH", path, json={"active": "yes"})
    assert (status, refused["error"]["code"]) == (400, "invalid_request")
    status, refused = await api.call(api.admin, "PATCH", path, json={"login": "x@y.example"})
    assert (status, refused["error"]["code"]) == (400, "invalid_request")
    # Colleagues may read each other's contacts but change only their own.
    await api.runtime.access.set_org_sharing(api.runtime.system_actor, "Contacts", "public_read")
    status, _ = await api.call(api.agent, "PATCH", path, json={"active": False})
    assert status == 403
    status, _ = await api.call(api.admin, "PATCH", "/portal-users/424242", json={"active": True})
    assert status == 404
    assert (await api.runtime.portal_users.get(user_id)).active is True
