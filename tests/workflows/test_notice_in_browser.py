"""A workflow's notice in a real browser: a toast on the console of the user
it names, linking to the record, and on nobody else's."""

from __future__ import annotations

import pytest

from tests.agent_ui.browser.conftest import chromium, signed_in  # noqa: F401 - fixtures
from tests.agent_ui.conftest import Hub

pytestmark = pytest.mark.browser


async def test_a_workflow_notice_reaches_its_user_only(signed_in, hub: Hub) -> None:  # noqa: F811
    await hub.runtime.hub.services.ask(
        "workflows.admin",
        hub.admin,
        {
            "op": "create",
            "module": "HelpDesk",
            "name": "Новая заявка",
            "trigger": {"type": "create"},
            "actions": [
                {
                    "type": "notify",
                    "users": [hub.agent.user_id],
                    "message": {
                        "ru": "Новая заявка: {{ ticket_title }}",
                        "en": "New: {{ ticket_title }}",
                    },
                }
            ],
        },
    )
    page = await signed_in("agent1")
    other = await signed_in("agent2")
    ticket = await hub.runtime.records.create(hub.admin, "HelpDesk", {"ticket_title": "Нет связи"})
    notice = page.locator("#notifications a.note", has_text="Новая заявка: Нет связи")
    await notice.wait_for(timeout=10_000)
    assert await notice.get_attribute("href") == f"/console/m/HelpDesk/{ticket.id}"
    assert await other.locator("#notifications .note", has_text="Новая заявка").count() == 0
    assert page.script_errors == []
