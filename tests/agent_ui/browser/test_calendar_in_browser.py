"""The calendar in Chromium: a click on an empty hour makes an event there
without leaving the page, a colleague's changes appear live, and the
keyboard steps through views and pages."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.agent_ui.browser.conftest import screenshot
from tests.agent_ui.conftest import Hub

pytestmark = pytest.mark.browser

DAY = "2026-12-09"
WEEK = f"view=week&date={DAY}"


def at(hub: Hub, day: str, time: str) -> str:
    zone = ZoneInfo(hub.runtime.settings.locale.time_zone)
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=zone).isoformat()


async def diary(hub: Hub) -> None:
    """A believable week for the screenshots: meetings, calls, tasks."""
    records, agent, other = hub.runtime.records, hub.agent, hub.other_agent
    for who, subject, day, start, end, kind in (
        (agent, "Планёрка отдела", "2026-12-07", "09:30", "10:00", "Meeting"),
        (agent, "Звонок ООО «Ромашка»", "2026-12-07", "11:00", "11:30", "Call"),
        (other, "Разбор жалоб", "2026-12-08", "14:00", "15:30", "Meeting"),
        (agent, "Обучение новичков", "2026-12-09", "10:00", "12:00", "Meeting"),
        (other, "Созвон с поставщиком", "2026-12-09", "11:00", "11:45", "Call"),
        (agent, "Встреча с клиентом", "2026-12-10", "16:00", "17:00", "Meeting"),
        (other, "Обзвон должников", "2026-12-11", "09:00", "10:30", "Mobile Call"),
    ):
        await records.create(
            who,
            "Events",
            {
                "subject": subject,
                "date_start": at(hub, day, start),
                "due_date": at(hub, day, end),
                "activitytype": kind,
                "assigned_user_id": who.user_id,
                "reminder_time": 15 if kind == "Meeting" else None,
            },
        )
    for who, subject, due in (
        (agent, "Отчёт за неделю", "2026-12-11"),
        (other, "Перезвонить Иванову", "2026-12-08"),
    ):
        await records.create(
            who,
            "Tasks",
            {
                "subject": subject,
                "date_start": at(hub, due, "09:00"),
                "due_date": due,
                "assigned_user_id": who.user_id,
            },
        )


async def test_a_click_on_an_empty_hour_makes_an_event_there(signed_in, hub: Hub) -> None:
    await diary(hub)
    page = await signed_in("agent1")
    await page.goto(f"{hub.url}/calendar?{WEEK}")
    await page.wait_for_selector("#live-status[data-state=online]")
    await screenshot(page, "calendar-week")
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))

    await page.locator(f'.cal-day[data-date="{DAY}"] a.cal-slot').nth(15).click()
    dialog = page.locator("#calendar-quick")
    await dialog.wait_for(state="visible")
    assert await page.input_value("#quick-date_start") == f"{DAY}T15:00"
    assert await page.input_value("#quick-due_date") == f"{DAY}T16:00"
    await page.fill("#quick-subject", "Демо для клиента")
    await screenshot(page, "calendar-quick-create")
    await dialog.locator("button[type=submit]").click()
    await dialog.wait_for(state="hidden")

    item = page.locator(f'.cal-day[data-date="{DAY}"] .cal-item', has_text="Демо для клиента")
    await item.wait_for(timeout=10_000)
    assert "15:00" in await item.inner_text()
    assert loads == []  # made and shown without leaving the page
    listed = await hub.runtime.records.list_records(hub.agent, "Events")
    made = [r for r in listed.records if r.get("subject") == "Демо для клиента"]
    assert len(made) == 1
    assert made[0].get("date_start") == dt.datetime.fromisoformat(at(hub, DAY, "15:00"))
    assert made[0].get("assigned_user_id") == hub.agent.user_id

    # A refused value is said next to its field; the dialog stays open.
    await page.locator(f'.cal-day[data-date="{DAY}"] a.cal-slot').nth(18).click()
    await page.fill("#quick-subject", "Наоборот")
    await page.fill("#quick-due_date", f"{DAY}T17:00")
    await dialog.locator("button[type=submit]").click()
    error = dialog.locator('[data-field="due_date"] .field-error')
    await error.wait_for(state="visible")
    assert "раньше" in await error.inner_text()
    await dialog.locator(".cal-quick-cancel").click()
    assert page.script_errors == []


async def test_a_colleague_s_change_appears_live(signed_in, hub: Hub) -> None:
    await diary(hub)
    records = hub.runtime.records
    page = await signed_in("supervisor")
    await page.goto(f"{hub.url}/calendar?{WEEK}&who=team")
    await page.wait_for_selector("#live-status[data-state=online]")
    await screenshot(page, "calendar-team-week")
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    box_before = await page.locator(".cal-time-grid").bounding_box()

    made = await records.create(
        hub.agent,
        "Events",
        {
            "subject": "Срочный созвон",
            "date_start": at(hub, DAY, "13:00"),
            "due_date": at(hub, DAY, "13:30"),
            "activitytype": "Call",
            "assigned_user_id": hub.agent.user_id,
        },
    )
    item = page.locator(f'.cal-item[data-record-id="{made.id}"]')
    await item.wait_for(timeout=10_000)
    assert "Звонков" in await item.inner_text()  # the team view says whose it is

    await records.update(
        hub.agent, "Events", made.id, {"subject": "Созвон перенесён"}, expected_version=made.version
    )
    await page.locator(f'.cal-item[data-record-id="{made.id}"]', has_text="перенесён").wait_for(
        timeout=10_000
    )
    await records.delete(hub.agent, "Events", made.id)
    await item.wait_for(state="detached", timeout=10_000)
    assert loads == []
    assert await page.locator(".cal-time-grid").bounding_box() == box_before  # nothing moved
    assert page.script_errors == []


async def test_the_keyboard_switches_views_and_pages(signed_in, hub: Hub) -> None:
    await diary(hub)
    page = await signed_in("agent1")
    await page.goto(f"{hub.url}/calendar?{WEEK}")
    await page.keyboard.press("m")
    await page.wait_for_url("**view=month**")
    assert await page.locator("table.cal-month").count() == 1
    await screenshot(page, "calendar-month")
    await page.keyboard.press("ArrowRight")
    await page.wait_for_url("**date=2027-01-09**")
    await page.keyboard.press("d")
    await page.wait_for_url("**view=day**")
    await page.keyboard.press("t")
    today = dt.datetime.now(ZoneInfo(hub.runtime.settings.locale.time_zone)).date()
    await page.wait_for_url(f"**date={today.isoformat()}**")
    await page.goto(f"{hub.url}/calendar?view=day&date={DAY}")
    await screenshot(page, "calendar-day")
    assert page.script_errors == []
