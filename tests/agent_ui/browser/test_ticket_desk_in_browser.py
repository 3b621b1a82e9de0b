"""A ticket's page in a real browser: the quick bar changes the ticket in
place and a colleague with the same ticket open sees it change live; R puts
the cursor in the reply box, visibly."""

from __future__ import annotations

import pytest

from tests.agent_ui.browser.conftest import screenshot
from tests.agent_ui.conftest import Hub

pytestmark = pytest.mark.browser


async def test_a_status_changed_from_the_bar_shows_live_on_a_colleagues_page(
    signed_in, hub: Hub
) -> None:
    ticket = await hub.runtime.records.create(
        hub.agent, "HelpDesk", {"ticket_title": "Не работает личный кабинет"}
    )
    url = f"{hub.url}/m/HelpDesk/{ticket.id}"
    mine = await signed_in("agent1")
    theirs = await signed_in("agent2")
    for page in (mine, theirs):
        await page.goto(url)
        await page.wait_for_selector("#live-status[data-state=online]")
    await mine.evaluate("window.stillTheSamePage = true")

    await mine.select_option("#quick-ticketstatus", "In Progress")
    await mine.select_option("#quick-ticketpriorities", "Urgent")
    await screenshot(mine, "quick-bar-choosing")
    await mine.click("#quick-bar button[type=submit]")
    await mine.locator("#quick-bar .quick-status", has_text="Сохранено").wait_for(timeout=10_000)
    # Put in place: no navigation, the page shows the new values and version,
    # and its own change does not call it stale.
    assert await mine.evaluate("window.stillTheSamePage") is True
    assert await mine.input_value("#quick-ticketstatus") == "In Progress"
    status_cell = mine.locator('.detail .field[data-field="ticketstatus"] dd')
    assert await status_cell.inner_text() == "В работе"
    head = mine.locator(".page-head[data-record-id]")
    assert await head.get_attribute("data-version") == str(ticket.version + 1)
    await mine.wait_for_timeout(500)  # the change's own event has arrived by now
    assert await mine.locator("#stale-notice").is_hidden()

    # The colleague's open page follows without a reload.
    their_status = theirs.locator('.detail .field[data-field="ticketstatus"] dd')
    await theirs.wait_for_function(
        """() => document.querySelector('.detail .field[data-field="ticketstatus"] dd')
                   .textContent.trim() === 'В работе'""",
        timeout=10_000,
    )
    assert await their_status.inner_text() == "В работе"
    assert await theirs.input_value("#quick-ticketstatus") == "In Progress"
    assert await theirs.input_value("#quick-ticketpriorities") == "Urgent"
    assert "В работе" in await theirs.locator("#timeline ol.entries").inner_text()
    await screenshot(theirs, "quick-bar-seen-live-by-a-colleague")
    await screenshot(mine, "quick-bar-saved")

    saved = await hub.runtime.records.get(hub.admin, "HelpDesk", ticket.id)
    assert (saved.get("ticketstatus"), saved.get("ticketpriorities")) == ("In Progress", "Urgent")
    assert mine.script_errors == [] and theirs.script_errors == []


async def test_a_refused_value_from_the_bar_is_shown_in_place(signed_in, hub: Hub) -> None:
    ticket = await hub.runtime.records.create(
        hub.agent, "HelpDesk", {"ticket_title": "Счёт выставлен дважды"}
    )
    page = await signed_in("agent1")
    await page.goto(f"{hub.url}/m/HelpDesk/{ticket.id}")
    await page.wait_for_selector("#live-status[data-state=online]")
    # A colleague saves while this agent is choosing: the half-made choice is
    # not swept away; the page says it is stale, and the bar's answer is the
    # conflict, in place.
    await page.select_option("#quick-ticketpriorities", "High")
    await hub.runtime.records.update(
        hub.other_agent, "HelpDesk", ticket.id, {"ticketstatus": "Closed"}
    )
    await page.locator("#stale-notice").wait_for(timeout=10_000)
    assert await page.input_value("#quick-ticketpriorities") == "High"
    await page.click("#quick-bar button[type=submit]")
    conflict = page.locator("#quick-conflict")
    await conflict.wait_for(timeout=10_000)
    assert "сохранил кто-то другой" in await conflict.inner_text()
    assert await page.input_value("#quick-ticketpriorities") == "High"
    await screenshot(page, "quick-bar-conflict")
    saved = await hub.runtime.records.get(hub.admin, "HelpDesk", ticket.id)
    assert saved.get("ticketpriorities") == "Normal"
    # Sent again on purpose, it lands.
    await page.click("#quick-bar button[type=submit]")
    await page.locator("#quick-bar .quick-status", has_text="Сохранено").wait_for(timeout=10_000)
    saved = await hub.runtime.records.get(hub.admin, "HelpDesk", ticket.id)
    assert (saved.get("ticketstatus"), saved.get("ticketpriorities")) == ("Closed", "High")
    assert page.script_errors == []


async def test_r_puts_the_cursor_in_the_reply_box_visibly(signed_in, hub: Hub) -> None:
    ticket = await hub.runtime.records.create(
        hub.agent, "HelpDesk", {"ticket_title": "Как сменить тариф?"}
    )
    page = await signed_in("agent1")
    await page.goto(f"{hub.url}/m/HelpDesk/{ticket.id}")
    await page.wait_for_selector("#live-status[data-state=online]")
    label = page.locator('label[for="reply-body"]')
    assert "( R )" in await label.inner_text()
    assert await page.get_attribute("#reply-body", "aria-keyshortcuts") == "R Alt+R"

    await page.locator("main").click(position={"x": 5, "y": 5})
    await page.keyboard.press("r")
    focused = await page.evaluate(
        "() => [document.activeElement.id, document.activeElement.matches(':focus-visible'),"
        " getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused == ["reply-body", True, "solid"]
    assert await page.input_value("#reply-body") == ""  # the key itself is not typed
    await screenshot(page, "reply-shortcut")

    # Typing an "r" in another box types it; Alt+R moves to the reply box.
    await page.fill("#comment-body", "")
    await page.focus("#comment-body")
    await page.keyboard.type("работа")
    await page.keyboard.press("r")
    assert await page.input_value("#comment-body") == "работаr"
    await page.keyboard.press("Alt+r")
    assert await page.evaluate("document.activeElement.id") == "reply-body"
    assert page.script_errors == []
