"""Workflow runs on a record's console timeline: shown in the viewer's
language to whoever may see the record, names kept as text."""

from __future__ import annotations

import asyncio

from tests.agent_ui.conftest import Hub
from tests.agent_ui.test_console_pages import browser_for

SCRIPT = '<script>alert("x")</script>'


async def test_runs_show_on_the_timeline_of_those_who_may_see_the_record(hub: Hub) -> None:
    runtime = hub.runtime
    await runtime.hub.services.ask(
        "workflows.admin",
        hub.admin,
        {
            "op": "create",
            "module": "Tasks",
            "name": f"Напоминание {SCRIPT}",
            "trigger": {"type": "create"},
            "actions": [{"type": "update_fields", "values": {"description": "от правила"}}],
        },
    )
    task = await runtime.records.create(
        hub.admin,
        "Tasks",
        {
            "subject": "Перезвонить",
            "date_start": "2026-12-07T10:00:00+00:00",
            "due_date": "2026-12-08",
            "assigned_user_id": hub.agent.user_id,
        },
    )

    async def described() -> bool:
        got = await runtime.records.get(hub.admin, "Tasks", task.id)
        return got.get("description") == "от правила"

    async with asyncio.timeout(15):
        while not await described():  # noqa: ASYNC110 - the change is in the database
            await asyncio.sleep(0.05)
    agent = await browser_for(hub, "agent1")
    async with agent, agent.get(f"{hub.url}/m/Tasks/{task.id}") as response:
        assert response.status == 200
        page = await response.text()
    assert "Процесс" in page and "поля обновлены" in page and "выполнен" in page
    assert SCRIPT not in page and "Напоминание &lt;script&gt;" in page
    other = await browser_for(hub, "agent2")
    async with other, other.get(f"{hub.url}/m/Tasks/{task.id}") as response:
        assert response.status == 404
