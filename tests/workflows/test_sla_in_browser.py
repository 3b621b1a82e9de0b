"""A ticket's SLA in a real browser: the part on the ticket's page changes
live when the first response is met, without reloading the page."""

from __future__ import annotations

import pytest

from tests.agent_ui.browser.conftest import (  # noqa: F401 - fixtures
    chromium,
    screenshot,
    signed_in,
)
from tests.agent_ui.conftest import Hub

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
