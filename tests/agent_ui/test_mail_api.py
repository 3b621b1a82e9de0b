"""Email over the API with the real email channel running: administrators
manage mailboxes and rules, agents answer a ticket's customer, and everyone
else is refused in the API's one error shape."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from crm_core.runtime import Runtime
from crm_core.settings import load_settings
from tests.free_ports import FREE_PORTS

SUPPORT = "support@switchboard.example"


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


@pytest.fixture
async def api(tmp_path: Path, database_url: str) -> AsyncIterator[Api]:
    settings = load_settings(
        tmp_path,
        {
            "SWITCHBOARD__DATABASE__URL": database_url,
            **FREE_PORTS,
            "SWITCHBOARD__CHANNELS__PBX": "false",
            "SWITCHBOARD__CHANNELS__PORTAL": "false",
            "SWITCHBOARD__CHANNELS__WORKFLOWS": "false",
        },
    )
    runtime = await Runtime.open(settings)
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


async def test_administrators_manage_mailboxes_and_rules(api: Api) -> None:
    status, made = await api.call(
        api.admin, "POST", "/mailboxes", json={"address": SUPPORT, "creates": "ticket"}
    )
    assert (status, made["address"], made["rules"]) == (201, SUPPORT, [])
    status, rule = await api.call(
        api.admin,
        "POST",
        f"/mailboxes/{SUPPORT}/rules",
        json={"conditions": ["subject contains счёт"], "action": "create_lead", "match": "any"},
    )
    assert status == 201
    assert (rule["action"], rule["match"]) == ("create_lead", "any")
    status, listed = await api.call(api.admin, "GET", "/mailboxes")
    assert status == 200
    [box] = listed["mailboxes"]
    assert [r["id"] for r in box["rules"]] == [rule["id"]]
    assert box["rules"][0]["conditions"] == ["subject contains 'счёт'"]

    status, error = await api.call(
        api.admin,
        "POST",
        f"/mailboxes/{SUPPORT}/rules",
        json={"conditions": ["body regex ([a"], "action": "link"},
    )
    assert status == 422
    assert "not a regular expression" in str(error)
    status, error = await api.call(api.admin, "POST", "/mailboxes", json={"address": "nope"})
    assert status == 400
    status, gone = await api.call(api.admin, "DELETE", f"/mailbox-rules/{rule['id']}")
    assert (status, gone) == (200, {"removed": rule["id"]})
    status, _ = await api.call(api.admin, "DELETE", f"/mailboxes/{SUPPORT}")
    assert status == 200
    assert (await api.call(api.admin, "GET", "/mailboxes"))[1] == {"mailboxes": []}


async def test_agents_may_not_administer_mail(api: Api) -> None:
    status, _ = await api.call(api.agent, "GET", "/mailboxes")
    assert status == 403
    status, _ = await api.call(
        api.agent, "POST", "/mailboxes", json={"address": SUPPORT, "creates": "ticket"}
    )
    assert status == 403
    assert (await api.call(api.admin, "GET", "/mailboxes"))[1] == {"mailboxes": []}


async def test_an_agent_answers_a_ticket_by_email(api: Api) -> None:
    records, system = api.runtime.records, api.runtime.system_actor
    contact = await records.create(
        system, "Contacts", {"lastname": "Петров", "email": "petr@client.example.ru"}
    )
    ticket = await records.create(
        system, "HelpDesk", {"ticket_title": "Не работает телефон", "contact_id": contact.id}
    )
    status, sent = await api.call(
        api.agent,
        "POST",
        f"/records/HelpDesk/{ticket.id}/replies",
        json={"body": "Перезагрузите роутер."},
    )
    assert status == 202
    assert sent["to"] == "petr@client.example.ru"
    assert sent["subject"] == f"Re: Не работает телефон [{ticket.get('ticket_no')}]"
    email = await records.get(system, "Emails", sent["email_id"])
    assert (email.get("direction"), email.get("email_flag")) == ("outbound", "QUEUED")
    status, error = await api.call(
        api.agent, "POST", f"/records/HelpDesk/{ticket.id}/replies", json={"text": "?"}
    )
    assert status == 400
    assert "unknown fields" in str(error)
    status, _ = await api.call(
        api.agent, "POST", "/records/HelpDesk/999999/replies", json={"body": "?"}
    )
    assert status == 404
    await asyncio.sleep(0)


@pytest.mark.one_database
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", f"/records/HelpDesk/{2**63}/replies", {"body": "?"}),
        ("DELETE", f"/mailbox-rules/{2**63}", None),
        ("POST", "/mailboxes", {"address": SUPPORT, "creates": "ticket", "owner_id": 2**63}),
    ],
)
async def test_numbers_beyond_64_bits_are_refused(
    api: Api, method: str, path: str, body: Any
) -> None:
    """Found by schemathesis: the database driver failed on them with a 500."""
    status, error = await api.call(api.admin, method, path, json=body)
    assert (status, error["error"]["code"]) == (400, "invalid_request")
    assert "out of range" in error["error"]["message"]
