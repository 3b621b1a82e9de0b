"""The SLA in the console: a ticket's page shows its targets with state and
due time (and the part alone is served for the live update, to viewers of
the ticket only); administrators add and remove policies and calendars on
their page, with refusals beside the part they name."""

from __future__ import annotations

import asyncio
import json
import re

import aiohttp

from tests.agent_ui.conftest import Hub
from tests.agent_ui.test_console_pages import browser_for, csrf_of

WEEK = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


async def _sla_ready(hub: Hub, ticket_id: int) -> dict[str, object]:
    async with asyncio.timeout(15):
        while True:
            answer = await hub.runtime.hub.services.ask(
                "workflows.sla", hub.admin, {"ticket_id": ticket_id}
            )
            if answer["sla"] is not None:
                return dict(answer["sla"])
            await asyncio.sleep(0.05)


async def test_ticket_page_shows_the_sla(hub: Hub) -> None:
    await hub.runtime.hub.services.ask(
        "workflows.sla.admin",
        hub.admin,
        {
            "op": "create_policy",
            "name": "Все",
            "first_response_minutes": 60,
            "resolution_minutes": 480,
        },
    )
    ticket = await hub.runtime.records.create(
        hub.agent, "HelpDesk", {"ticket_title": "Нет звука", "assigned_user_id": hub.agent.user_id}
    )
    sla = await _sla_ready(hub, ticket.id)
    agent = await browser_for(hub, "agent1")
    async with agent:
        async with agent.get(f"{hub.url}/m/HelpDesk/{ticket.id}") as response:
            assert response.status == 200
            body = await response.text()
        assert 'id="sla"' in body and "Уровень сервиса" in body
        part = re.search(r'<section class="block sla".*?</section>', body, re.S)
        assert part is not None
        assert 'data-target="first_response" data-state="running"' in part[0]
        assert "Первый ответ" in part[0] and "Решение" in part[0] and "идёт" in part[0]
        due = sla["targets"]["first_response"]["due_at"]  # type: ignore[index]
        assert f'datetime="{due}"' in part[0]
        # the agent answers with a public comment: the part, fetched again, says met
        async with agent.get(f"{hub.url}/m/HelpDesk/{ticket.id}") as response:
            token = csrf_of(await response.text())
        async with agent.post(
            f"{hub.url}/m/HelpDesk/{ticket.id}/comment",
            data={"csrf_token": token, "commentcontent": "Проверяем"},
            allow_redirects=False,
        ) as response:
            assert response.status in (302, 303), await response.text()
        async with asyncio.timeout(15):
            while True:
                async with agent.get(f"{hub.url}/m/HelpDesk/{ticket.id}/sla") as response:
                    assert response.status == 200
                    fragment = await response.text()
                if 'data-target="first_response" data-state="met"' in fragment:
                    break
                await asyncio.sleep(0.05)
        assert "выполнен" in fragment and "<html" not in fragment
    # other modules' pages have no SLA part
    async with browser_for_admin(hub) as admin:
        contact = await hub.runtime.records.create(hub.admin, "Contacts", {"lastname": "Иванов"})
        async with admin.get(f"{hub.url}/m/Contacts/{contact.id}") as response:
            assert 'id="sla"' not in await response.text()


def browser_for_admin(hub: Hub) -> _Signed:
    return _Signed(hub, "admin")


class _Signed:
    def __init__(self, hub: Hub, name: str) -> None:
        self.hub, self.name = hub, name

    async def __aenter__(self) -> aiohttp.ClientSession:
        self.session = await browser_for(self.hub, self.name)
        return self.session

    async def __aexit__(self, *exc: object) -> None:
        await self.session.close()


async def test_the_sla_part_is_for_viewers_of_the_ticket_only(hub: Hub) -> None:
    await hub.runtime.access.set_org_sharing(hub.admin, "HelpDesk", "private")
    await hub.runtime.hub.services.ask(
        "workflows.sla.admin",
        hub.admin,
        {"op": "create_policy", "name": "Все", "first_response_minutes": 60},
    )
    ticket = await hub.runtime.records.create(
        hub.admin, "HelpDesk", {"ticket_title": "Секрет", "assigned_user_id": hub.admin.user_id}
    )
    await _sla_ready(hub, ticket.id)
    other = await browser_for(hub, "agent2")
    async with other, other.get(f"{hub.url}/m/HelpDesk/{ticket.id}/sla") as response:
        assert response.status in (403, 404)
        assert "Первый ответ" not in await response.text()


async def test_administrators_manage_policies_and_calendars_on_the_page(hub: Hub) -> None:
    page = f"{hub.url}/admin/sla"
    async with browser_for_admin(hub) as admin:
        async with admin.get(page) as response:
            assert response.status == 200
            body = await response.text()
        token = csrf_of(body)
        assert "Политик SLA пока нет." in body
        calendar = {
            "name": "Офис",
            "time_zone": "Europe/Moscow",
            "week": json.dumps(WEEK),
            "holidays": "2027-01-01, 2027-01-07",
        }
        async with admin.post(
            f"{page}/calendars",
            data={"csrf_token": token, **calendar, "time_zone": "Марс"},
            allow_redirects=False,
        ) as response:
            assert response.status == 422
            assert re.search(
                r'id="a-time_zone-error">неизвестный часовой пояс<', await response.text()
            )
        async with admin.post(
            f"{page}/calendars", data={"csrf_token": token, **calendar}, allow_redirects=False
        ) as response:
            assert response.status == 303
        listed = await hub.runtime.hub.services.ask(
            "workflows.sla.admin", hub.admin, {"op": "list"}
        )
        [made] = listed["calendars"]
        assert made["holidays"] == ["2027-01-01", "2027-01-07"]
        policy = {
            "name": "Срочные <b>",
            "position": "1",
            "first_response_minutes": "30",
            "resolution_minutes": "",
            "remind_before_minutes": "5",
            "calendar_id": str(made["id"]),
            "conditions": json.dumps(
                {"all": [{"field": "ticketpriorities", "op": "is", "value": "Urgent"}]}
            ),
            "reminder": '{"owner": true}',
            "escalation": '[{"type": "explode"}]',
        }
        async with admin.post(
            f"{page}/policies", data={"csrf_token": token, **policy}, allow_redirects=False
        ) as response:
            assert response.status == 422
            assert re.search(r'id="a-escalation-error">[^<]+<', await response.text())
        async with admin.post(
            f"{page}/policies",
            data={"csrf_token": token, **policy, "escalation": "[{"},
            allow_redirects=False,
        ) as response:
            assert response.status == 422 and "неверный JSON" in await response.text()
        async with admin.post(
            f"{page}/policies",
            data={"csrf_token": token, **policy, "escalation": '[{"type": "raise_priority"}]'},
            allow_redirects=False,
        ) as response:
            assert response.status == 303
        async with admin.get(page) as response:
            body = await response.text()
        assert "Срочные &lt;b&gt;" in body and "30 мин" in body and "Офис" in body
        # a calendar in use stays
        async with admin.post(
            f"{page}/calendars/{made['id']}/remove",
            data={"csrf_token": token},
            allow_redirects=False,
        ) as response:
            assert response.status == 409
            assert "используется политикой SLA" in await response.text()
        listed = await hub.runtime.hub.services.ask(
            "workflows.sla.admin", hub.admin, {"op": "list"}
        )
        [made_policy] = listed["policies"]
        async with admin.post(
            f"{page}/policies/{made_policy['id']}/remove",
            data={"csrf_token": token},
            allow_redirects=False,
        ) as response:
            assert response.status == 303
    agent = await browser_for(hub, "agent1")
    async with agent, agent.get(page) as response:
        assert response.status == 403
