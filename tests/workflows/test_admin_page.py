"""The workflows administration page: administrators list, add, switch and
remove workflows with the session's token; refusals show beside their part;
everyone else is kept out."""

from __future__ import annotations

import json
import re

import aiohttp

from tests.agent_ui.conftest import Hub
from tests.agent_ui.test_console_pages import browser_for, csrf_of

SCRIPT = '<script>alert("x")</script>'


async def _post(
    session: aiohttp.ClientSession, url: str, token: str, data: dict[str, str]
) -> tuple[int, str]:
    async with session.post(
        url, data={"csrf_token": token, **data}, allow_redirects=False
    ) as response:
        return response.status, await response.text()


async def test_administrators_manage_workflows_on_the_page(hub: Hub) -> None:
    page = f"{hub.url}/admin/workflows"
    admin = await browser_for(hub, "admin")
    async with admin:
        async with admin.get(page) as response:
            assert response.status == 200
            body = await response.text()
        token = csrf_of(body)
        assert "Процессов пока нет." in body
        form = {
            "module": "HelpDesk",
            "name": f"Срочно {SCRIPT}",
            "trigger": json.dumps({"type": "create"}),
            "conditions": json.dumps({"all": []}),
            "actions": json.dumps([{"type": "webhook", "url": "javascript:alert(1)"}]),
        }
        status, body = await _post(admin, page, token, form)
        assert status == 422
        assert re.search(r'id="a-actions-error">[^<]+<', body)
        assert SCRIPT not in body
        status, body = await _post(admin, page, token, form | {"actions": "[{"})
        assert status == 422 and "неверный JSON" in body
        good = form | {
            "actions": json.dumps([{"type": "update_fields", "values": {"solution": "x"}}])
        }
        status, _ = await _post(admin, page, token, good)
        assert status == 303
        [made] = (await hub.runtime.hub.services.ask("workflows.admin", hub.admin, {"op": "list"}))[
            "workflows"
        ]
        assert made["name"] == f"Срочно {SCRIPT}" and made["active"]
        async with admin.get(page) as response:
            body = await response.text()
        assert "Срочно &lt;script&gt;" in body and SCRIPT not in body
        status, _ = await _post(admin, f"{page}/{made['id']}/active", token, {"active": "0"})
        assert status == 303
        got = await hub.runtime.hub.services.ask(
            "workflows.admin", hub.admin, {"op": "get", "workflow_id": made["id"]}
        )
        assert got["active"] is False
        status, _ = await _post(admin, f"{page}/{made['id']}/active", "forged", {"active": "1"})
        assert status == 403
        status, _ = await _post(admin, f"{page}/{made['id']}/remove", token, {})
        assert status == 303
        listed = await hub.runtime.hub.services.ask("workflows.admin", hub.admin, {"op": "list"})
        assert listed["workflows"] == []


async def test_agents_are_kept_out(hub: Hub) -> None:
    agent = await browser_for(hub, "agent1")
    async with agent:
        async with agent.get(f"{hub.url}/admin/workflows") as response:
            assert response.status == 403
            token = csrf_of(await response.text())
        status, _ = await _post(
            agent,
            f"{hub.url}/admin/workflows",
            token,
            {"module": "HelpDesk", "name": "x", "trigger": "{}", "actions": "[]"},
        )
        assert status == 403
