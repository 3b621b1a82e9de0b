"""A call from the simulated Asterisk pops a card on the ringing agent's
console, and on no one else's; the card follows the call, and the agent's
notes land on the stored call."""

from __future__ import annotations

import pytest

from crm_core.records.model import Condition, Op
from crm_core.settings import Settings
from pbx.simulator import AmiSimulator
from tests.agent_ui.browser.conftest import on_simulator, screenshot
from tests.agent_ui.conftest import Hub

pytestmark = pytest.mark.browser

CALLER = "+79161234567"


@pytest.fixture
def hub_settings(settings: Settings, sim: AmiSimulator) -> Settings:
    return on_simulator(settings, sim)


async def test_the_ringing_agent_sees_the_caller_and_keeps_notes_on_the_call(
    signed_in, hub: Hub, sim: AmiSimulator
) -> None:
    records = hub.runtime.records
    contact = await records.create(
        hub.agent,
        "Contacts",
        {
            "firstname": "Олег",
            "lastname": "Сидоров",
            "mobile": "8 916 123 45 67",
            "title": "Директор",
        },
    )
    await records.create(
        hub.agent, "HelpDesk", {"ticket_title": "Не работает доставка", "contact_id": contact.id}
    )
    ringing_agent = await signed_in("agent1")
    other_agent = await signed_in("agent2")

    ringing = sim.at("ringing", "101")  # the simulated clock waits while 101 rings
    task = sim.start_scenario("direct_answered", caller=CALLER, extension="101", talk_s=20)
    async with ringing:
        card = ringing_agent.locator(".screen-pop")
        await card.wait_for(timeout=10_000)
        assert await card.get_attribute("data-state") == "ringing"
        assert "Входящий звонок" in await card.locator(".state").inner_text()
        assert CALLER in await card.locator(".number").inner_text()
        record_link = card.locator("a.record")
        assert await record_link.inner_text() == "Олег Сидоров"
        assert await record_link.get_attribute("href") == f"/console/m/Contacts/{contact.id}"
        assert "Не работает доставка" in await card.locator(".tickets").inner_text()
        new_ticket = await card.locator("a.new-ticket").get_attribute("href")
        assert new_ticket == f"/console/m/HelpDesk/new?contact_id={contact.id}"
        await screenshot(ringing_agent, "screen-pop")
        await card.locator("textarea").fill("Клиент просит перезвонить завтра")
        await card.locator("form.notes button").click()
        assert "когда звонок закончится" in await card.locator(".saved").inner_text()
    [expected] = await task

    await ringing_agent.locator(".screen-pop[data-state=ended]").wait_for(timeout=10_000)
    assert "отвечен" in await card.locator(".state").inner_text()
    await card.locator(".saved", has_text="Заметки сохранены").wait_for(timeout=15_000)
    stored = await records.list_records(
        hub.admin, "Calls", conditions=[Condition("sourceuuid", Op.EQ, expected["linkedid"])]
    )
    [call] = stored.records
    assert call.get("outcome_notes") == "Клиент просит перезвонить завтра"
    assert call.get("customer") == contact.id

    # The colleague's phone never rang: no card on that screen.
    assert await other_agent.locator(".screen-pop").count() == 0
    # One click from the card opens the caller's record.
    await record_link.click()
    await ringing_agent.wait_for_url(f"**/console/m/Contacts/{contact.id}")
    assert ringing_agent.script_errors == []


async def test_an_unknown_caller_gets_a_card_with_create_buttons(
    signed_in, hub: Hub, sim: AmiSimulator
) -> None:
    page = await signed_in("agent1", locale="en-US")
    ringing = sim.at("ringing", "101")
    task = sim.start_scenario("direct_answered", caller="+74951230000", extension="101")
    async with ringing:
        card = page.locator(".screen-pop")
        await card.wait_for(timeout=10_000)
        assert await card.locator(".unknown").is_visible()
        assert "Unknown caller" in await card.inner_text()
        href = await card.locator("a.new-contact").get_attribute("href")
        assert href == "/console/m/Contacts/new?mobile=%2B74951230000"
    await task
    await page.click("a.new-contact")
    await page.wait_for_selector("#f-mobile")
    assert await page.input_value("#f-mobile") == "+74951230000"
