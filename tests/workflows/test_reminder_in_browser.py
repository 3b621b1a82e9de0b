"""A calendar reminder in a real browser: "Reminder: <subject> at <time>" in
the user's language and time zone, linking to the event, on the console of
the user it is assigned to and on nobody else's."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.agent_ui.browser.conftest import chromium, signed_in  # noqa: F401 - fixtures
from tests.agent_ui.conftest import Hub

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("locale", "words", "clock"),
    [
        ("ru-RU", "Напоминание: Обход клиентов в", "%H:%M"),
        ("en-GB", "Reminder: Обход клиентов at", "%-I:%M"),
    ],
)
async def test_a_reminder_toast_names_the_event_and_its_time(
    signed_in,  # noqa: F811
    hub: Hub,
    locale: str,
    words: str,
    clock: str,
) -> None:
    page = await signed_in("agent1", locale=locale)
    other = await signed_in("agent2", locale=locale)
    agent = await hub.runtime.users.get(hub.agent.user_id)
    start = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5, seconds=1)
    event = await hub.runtime.records.create(
        hub.admin,
        "Events",
        {
            "subject": "Обход клиентов",
            "date_start": start,
            "due_date": start + dt.timedelta(hours=1),
            "reminder_time": 5,
            "assigned_user_id": hub.agent.user_id,
        },
    )
    toast = page.locator("#notifications a.note", has_text=words)
    await toast.wait_for(timeout=10_000)
    local = event.get("date_start").astimezone(ZoneInfo(agent.time_zone))
    assert local.strftime(clock) in await toast.inner_text()
    assert await toast.get_attribute("href") == f"/console/m/Events/{event.id}"
    assert await other.locator("#notifications .note", has_text="Обход клиентов").count() == 0
    assert page.script_errors == []
