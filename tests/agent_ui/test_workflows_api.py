"""Workflows over the API with the real workflow channel running:
administrators manage them, everyone else is refused; a record's runs are
shown to whoever may view the record, and to nobody else."""

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

RULE = {
    "module": "HelpDesk",
    "name": "Срочные заявки",
    "trigger": {"type": "create"},
    "conditions": {"all": [{"field": "ticket_title", "op": "contains", "value": "срочно"}]},
    "actions": [{"type": "update_fields", "values": {"ticketpriorities": "Urgent"}}],
}


@dataclass
class Api:
    runtime: Runtime
    base: str
    admin: aiohttp.ClientSession
    agent: aiohttp.ClientSession
    agent_id: int

    async def call(
        self, session: aiohttp.ClientSession, method: str, path: str, **kw: Any
    ) -> tuple[int, Any]:
        async with session.request(method, f"{self.base}{path}", **kw) as response:
            return response.status, await response.json()


async def _api(tmp_path: Path, database_url: str, workflows: bool) -> AsyncIterator[Api]:
    settings = load_settings(
        tmp_path,
        {
            "SWITCHBOARD__DATABASE__URL": database_url,
            **FREE_PORTS,
            "SWITCHBOARD__CHANNELS__PBX": "false",
            "SWITCHBOARD__CHANNELS__MAIL": "false",
            "SWITCHBOARD__CHANNELS__PORTAL": "false",
            "SWITCHBOARD__CHANNELS__WORKFLOWS": "true" if workflows else "false",
        },
    )
    runtime = await Runtime.open(settings)
    admin = await runtime.users.add(
        user_name="boss", last_name="Boss", password=None, is_admin=True
    )
    agent = await runtime.users.add(
        user_name="agent", last_name="Agent", password=None, role_id="H5"
    )
    _, admin_token = await runtime.signin.create_token(admin.actor(), "tests")
    _, agent_token = await runtime.signin.create_token(agent.actor(), "tests")
    await runtime.start()
    try:
        async with (
            aiohttp.ClientSession(headers={"Authorization": f"Bearer {admin_token}"}) as a,
            aiohttp.ClientSession(headers={"Authorization": f"Bearer {agent_token}"}) as b,
        ):
            yield Api(runtime, f"{runtime.base_url}/api/v1", a, b, agent.id)
    finally:
        await runtime.close()


@pytest.fixture
async def api(tmp_path: Path, database_url: str) -> AsyncIterator[Api]:
    async for made in _api(tmp_path, database_url, True):
        yield made


async def test_administrators_manage_workflows(api: Api) -> None:
    status, made = await api.call(api.admin, "POST", "/workflows", json=RULE)
    assert status == 201
    assert (made["name"], made["active"], made["trigger"]) == (
        RULE["name"],
        True,
        {"type": "create"},
    )
    assert "secret" not in made
    status, listed = await api.call(api.admin, "GET", "/workflows?module=HelpDesk")
    assert status == 200 and [w["id"] for w in listed["workflows"]] == [made["id"]]
    status, changed = await api.call(
        api.admin, "PATCH", f"/workflows/{made['id']}", json={"active": False, "name": "Выключено"}
    )
    assert status == 200 and (changed["active"], changed["name"]) == (False, "Выключено")
    assert changed["actions"] == RULE["actions"]
    status, got = await api.call(api.admin, "GET", f"/workflows/{made['id']}")
    assert status == 200 and got == changed
    status, _ = await api.call(api.admin, "DELETE", f"/workflows/{made['id']}")
    assert status == 200
    status, gone = await api.call(api.admin, "GET", f"/workflows/{made['id']}")
    assert (status, gone["error"]["code"]) == (404, "not_found")


async def test_everyone_else_is_refused(api: Api) -> None:
    for method, path, body in (
        ("GET", "/workflows", None),
        ("POST", "/workflows", RULE),
        ("GET", "/workflows/1", None),
        ("PATCH", "/workflows/1", {"active": False}),
        ("DELETE", "/workflows/1", None),
        ("GET", "/workflows/1/runs", None),
    ):
        status, error = await api.call(api.agent, method, path, json=body)
        assert (status, error["error"]["code"]) == (403, "access_denied"), (method, path)
    async with aiohttp.ClientSession() as anonymous:
        status, _ = await api.call(anonymous, "GET", "/workflows")
        assert status == 401


async def test_bad_workflows_are_refused_with_what_is_wrong(api: Api) -> None:
    bad = RULE | {"actions": [{"type": "webhook", "url": "ftp://example.com/x"}]}
    status, error = await api.call(api.admin, "POST", "/workflows", json=bad)
    assert (status, error["error"]["code"]) == (422, "validation_failed")
    assert error["error"]["errors"] == [
        {"field": "actions[0].url", "reason": "expected an http or https address"}
    ]
    status, error = await api.call(
        api.admin, "POST", "/workflows", json=RULE | {"trigger": "create"}
    )
    assert (status, error["error"]["code"]) == (400, "invalid_request")
    status, error = await api.call(api.admin, "POST", "/workflows", json=RULE | {"secret": "x"})
    assert (status, error["error"]["code"]) == (400, "invalid_request")
    status, listed = await api.call(api.admin, "GET", "/workflows")
    assert listed["workflows"] == []


TASK_RULE = {
    "module": "Tasks",
    "name": "Описание задачи",
    "trigger": {"type": "create"},
    "actions": [{"type": "update_fields", "values": {"description": "от правила"}}],
}


async def test_runs_of_a_record_follow_its_visibility(api: Api) -> None:
    """Tasks are private: the agent sees the runs on their own task only."""
    status, made = await api.call(api.admin, "POST", "/workflows", json=TASK_RULE)
    assert status == 201
    boss = await api.runtime.users.by_name("boss")
    assert boss is not None
    task = {
        "subject": "Перезвонить",
        "date_start": "2026-12-07T10:00:00+00:00",
        "due_date": "2026-12-08",
    }
    mine = await api.runtime.records.create(
        boss.actor(), "Tasks", task | {"assigned_user_id": api.agent_id}
    )
    hidden = await api.runtime.records.create(boss.actor(), "Tasks", task)

    async def ran() -> bool:
        status, runs = await api.call(api.admin, "GET", f"/workflows/{made['id']}/runs")
        return status == 200 and len(runs["runs"]) == 2

    async with asyncio.timeout(15):
        while not await ran():  # noqa: ASYNC110 - the runs are in the database
            await asyncio.sleep(0.05)
    status, runs = await api.call(api.agent, "GET", f"/records/Tasks/{mine.id}/workflow-runs")
    assert status == 200
    assert [(r["workflow_name"], r["outcome"]) for r in runs["runs"]] == [
        (TASK_RULE["name"], "done")
    ]
    assert runs["runs"][0]["actions"] == [{"type": "update_fields", "fields": ["description"]}]
    status, error = await api.call(api.agent, "GET", f"/records/Tasks/{hidden.id}/workflow-runs")
    assert (status, error["error"]["code"]) == (404, "not_found")
    status, runs = await api.call(api.admin, "GET", f"/records/Tasks/{hidden.id}/workflow-runs")
    assert status == 200 and len(runs["runs"]) == 1


@pytest.mark.one_database
async def test_without_the_channel_the_api_says_so(tmp_path: Path, database_url: str) -> None:
    async for api in _api(tmp_path, database_url, False):
        status, error = await api.call(api.admin, "GET", "/workflows")
        assert (status, error["error"]["code"]) == (503, "service_unavailable")
