"""A ticket's SLA in a real browser: the part on the ticket's page changes
live when the first response is met, without reloading the page."""

from __future__ import annotations

import pytest
from aiohttp import web

from agent_ui.api.live import OPEN_SOCKETS
from tests.agent_ui.browser.conftest import (  # noqa: F401 - fixtures
    chromium,
    screenshot,
    signed_in,
)
from tests.agent_ui.conftest import Hub
from tests.workflows.conftest import eventually

pytestmark = pytest.mark.browser


async def test_the_ticket_page_shows_the_sla_change_live(signed_in, hub: Hub) -> None:  # noqa: F811
    await hub.runtime.hub.services.ask(
        "workflows.sla.admin",
        hub.admin,
        {"op": "create_policy", "name": "Все", "first_response_minutes": 60},
    )
    ticket = await hub.runtime.records.create(
        hub.admin, "HelpDesk", {"ticket_title": "Нет связи", "assigned_user_id": hub.agent.user_id}
    )
    page = await signed_in("agent1")
    await page.goto(f"{hub.url}/m/HelpDesk/{ticket.id}")
    target = page.locator('#sla [data-target="first_response"]')
    await page.locator('#sla [data-target="first_response"][data-state="running"]').wait_for(
        timeout=10_000
    )
    await page.evaluate("window.loadedOnce = true")
    await hub.runtime.records.create(
        hub.agent,
        "Comments",
        {"commentcontent": "Проверяем линию", "related_to": ticket.id, "is_private": False},
    )
    await page.locator('#sla [data-target="first_response"][data-state="met"]').wait_for(
        timeout=10_000
    )
    assert "выполнен" in await target.inner_text()
    await page.locator("#sla").scroll_into_view_if_needed()
    await screenshot(page, "ticket-sla")
    assert await page.evaluate("window.loadedOnce") is True  # the page was not reloaded
    assert page.script_errors == []


def live_sockets(hub: Hub) -> set[web.WebSocketResponse]:
    """The hub's open live sockets (kept by the API's sub-application)."""
    for resource in hub.runtime.app.router.resources():
        if isinstance(resource, web.PrefixedSubAppResource):
            app = resource.get_info()["app"]
            if OPEN_SOCKETS in app:
                return app[OPEN_SOCKETS]
    raise AssertionError("no live sockets are tracked")


async def test_a_change_missed_while_offline_shows_after_the_reconnect(
    signed_in,  # noqa: F811
    hub: Hub,
) -> None:
    await hub.runtime.hub.services.ask(
        "workflows.sla.admin",
        hub.admin,
        {"op": "create_policy", "name": "Все", "first_response_minutes": 60},
    )
    ticket = await hub.runtime.records.create(
        hub.admin, "HelpDesk", {"ticket_title": "Обрыв", "assigned_user_id": hub.agent.user_id}
    )
    page = await signed_in("agent1")
    await page.goto(f"{hub.url}/m/HelpDesk/{ticket.id}")
    await page.locator('#sla [data-target="first_response"][data-state="running"]').wait_for(
        timeout=10_000
    )
    await page.context.set_offline(True)
    for ws in list(live_sockets(hub)):
        await ws.close()
    await page.locator("#live-status[data-state=offline]").wait_for(timeout=10_000)
    await hub.runtime.records.create(
        hub.agent,
        "Comments",
        {"commentcontent": "Линию проверили", "related_to": ticket.id, "is_private": False},
    )

    async def met() -> bool:
        answer = await hub.runtime.hub.services.ask(
            "workflows.sla", hub.admin, {"ticket_id": ticket.id}
        )
        sla = answer["sla"]
        return bool(sla and sla["targets"]["first_response"]["state"] == "met")

    await eventually(met)
    # the live "sla" event went out while the page was offline, and is not replayed
    target = page.locator('#sla [data-target="first_response"]')
    assert await target.get_attribute("data-state") == "running"
    await page.context.set_offline(False)
    await page.locator('#sla [data-target="first_response"][data-state="met"]').wait_for(
        timeout=15_000
    )
    assert page.script_errors == []
