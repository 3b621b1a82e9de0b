"""Web forms over the API with the real portal channel running:
administrators create, change, read (with the embed snippet), list and
delete forms and read their submissions; everyone else is refused in the
API's one error shape, and with the portal off the API says so."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from crm_core.runtime import Runtime
from crm_core.settings import load_settings
from tests.free_ports import FREE_PORTS

FORM = {
    "name": "Обратный звонок",
    "module": "Leads",
    "fields": [
        {"field": "lastname", "label": "Как к вам обращаться"},
        {"field": "phone", "label": "Телефон", "required": True},
        {"field": "leadsource", "hidden": True, "default": "Web Site"},
    ],
}


@dataclass
class Api:
    runtime: Runtime
    base: str
    admin: aiohttp.ClientSession
    agent: aiohttp.ClientSession

    async def call(
        self, session: aiohttp.ClientSession, method: str, path: str, **kw: Any
    ) -> tuple[int, Any]:
        async with session.request(method, f"{self.base}{path}", **kw) as response:
            return response.status, await response.json()


async def open_api(tmp_path: Path, database_url: str, *, portal: bool) -> Runtime:
    settings = load_settings(
        tmp_path,
        {
            "SWITCHBOARD__DATABASE__URL": database_url,
            **FREE_PORTS,
            "SWITCHBOARD__CHANNELS__PBX": "false",
            "SWITCHBOARD__CHANNELS__MAIL": "false",
            "SWITCHBOARD__CHANNELS__WORKFLOWS": "false",
            "SWITCHBOARD__CHANNELS__PORTAL": "true" if portal else "false",
        },
    )
    return await Runtime.open(settings)


@pytest.fixture
async def api(tmp_path: Path, database_url: str) -> AsyncIterator[Api]:
    runtime = await open_api(tmp_path, database_url, portal=True)
    admin = await runtime.users.add(
        user_name="boss", last_name="Boss", password=None, is_admin=True
    )
    agent = await runtime.users.add(user_name="agent", last_name="Agent", password=None)
    _, admin_token = await runtime.signin.create_token(admin.actor(), "tests")
    _, agent_token = await runtime.signin.create_token(agent.actor(), "tests")
    await runtime.start()
    try:
        async with (
            aiohttp.ClientSession(headers={"Authorization": f"Bearer {admin_token}"}) as a,
            aiohttp.ClientSession(headers={"Authorization": f"Bearer {agent_token}"}) as b,
        ):
            yield Api(runtime, f"{runtime.base_url}/api/v1", a, b)
    finally:
        await runtime.close()


async def test_administrators_manage_web_forms(api: Api) -> None:
    status, made = await api.call(api.admin, "POST", "/webforms", json=FORM)
    assert status == 201, made
    assert made["url"].startswith(f"{api.runtime.base_url}/portal/forms/")
    assert f'action="{made["url"]}"' in made["embed_html"]
    status, listed = await api.call(api.admin, "GET", "/webforms")
    assert (status, [f["id"] for f in listed["forms"]]) == (200, [made["id"]])
    status, changed = await api.call(
        api.admin, "PATCH", f"/webforms/{made['id']}", json={"thank_you": "Перезвоним!"}
    )
    assert (status, changed["thank_you"]) == (200, "Перезвоним!")
    status, english = await api.call(api.admin, "GET", f"/webforms/{made['id']}?language=en")
    assert status == 200 and ">Send</button>" in english["embed_html"]

    async with (
        aiohttp.ClientSession() as visitor,
        visitor.post(made["url"], json={"lastname": "Ким", "phone": "+7 916 000-00-01"}) as r,
    ):
        assert (r.status, (await r.json())["message"]) == (200, "Перезвоним!")
    status, log = await api.call(api.admin, "GET", f"/webforms/{made['id']}/submissions")
    assert (status, [s["outcome"] for s in log["submissions"]]) == (200, ["created"])
    status, everything = await api.call(api.admin, "GET", "/webforms/submissions?limit=5")
    assert [s["form_id"] for s in everything["submissions"]] == [made["id"]]

    status, gone = await api.call(api.admin, "DELETE", f"/webforms/{made['id']}")
    assert (status, gone) == (200, {"deleted": made["id"]})
    status, missing = await api.call(api.admin, "GET", f"/webforms/{made['id']}")
    assert (status, missing["error"]["code"]) == (404, "not_found")


async def test_bad_forms_get_field_errors(api: Api) -> None:
    status, body = await api.call(
        api.admin, "POST", "/webforms", json=FORM | {"fields": [{"field": "phone"}]}
    )
    assert (status, body["error"]["code"]) == (422, "validation_failed")
    assert body["error"]["errors"][0]["field"] == "fields"
    status, body = await api.call(api.admin, "POST", "/webforms", json=FORM | {"fields": "all"})
    assert (status, body["error"]["message"]) == (400, "fields must be a list of fields")
    status, body = await api.call(api.admin, "POST", "/webforms", json={"name": "x"})
    assert status == 400


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/webforms", None),
        ("POST", "/webforms", FORM),
        ("GET", "/webforms/1", None),
        ("PATCH", "/webforms/1", {"enabled": False}),
        ("DELETE", "/webforms/1", None),
        ("GET", "/webforms/1/submissions", None),
        ("GET", "/webforms/submissions", None),
    ],
)
async def test_agents_are_refused(api: Api, method: str, path: str, body: Any) -> None:
    status, answer = await api.call(api.agent, method, path, json=body)
    assert (status, answer["error"]["code"]) == (403, "access_denied")


async def test_without_the_portal_the_api_says_the_service_is_unavailable(
    tmp_path: Path, database_url: str
) -> None:
    runtime = await open_api(tmp_path, database_url, portal=False)
    admin = await runtime.users.add(
        user_name="boss", last_name="Boss", password=None, is_admin=True
    )
    _, token = await runtime.signin.create_token(admin.actor(), "tests")
    await runtime.start()
    try:
        headers = {"Authorization": f"Bearer {token}"}
        async with (
            aiohttp.ClientSession(headers=headers) as s,
            s.get(f"{runtime.base_url}/api/v1/webforms") as response,
        ):
            assert response.status == 503
            assert (await response.json())["error"]["code"] == "service_unavailable"
    finally:
        await runtime.close()
