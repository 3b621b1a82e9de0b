"""The agent picks a call's result on the popped card while the simulated call
is still on; the card keeps it until the call is stored, and the result is on
the Calls record afterwards, in the agent's language."""

from __future__ import annotations

import pytest

from crm_core.records.model import Condition, Op
from crm_core.settings import Settings
from pbx.simulator import AmiSimulator
from tests.agent_ui.browser.conftest import on_simulator, screenshot
from tests.agent_ui.conftest import Hub

pytestmark = pytest.mark.browser


@pytest.fixture
def hub_settings(settings: Settings, sim: AmiSimulator) -> Settings:
    return on_simulator(settings, sim)


async def test_the_result_picked_on_the_card_lands_on_the_call(
    signed_in, hub: Hub, sim: AmiSimulator
) -> None:
    page = await signed_in("agent1")
    ringing = sim.at("ringing", "101")
    task = sim.start_scenario("direct_answered", caller="+79165550101", extension="101", talk_s=15)
    async with ringing:
        card = page.locator(".screen-pop")
        await card.wait_for(timeout=10_000)
        result = card.locator("select[name=call_result]")
        assert "Результат звонка" in await card.locator("label.result").inner_text()
        options = await result.locator("option").all_inner_texts()
        assert options == [
            "—",
            "Вопрос решён",
            "Перезвонить",
            "Продажа",
            "Дана информация",
            "Жалоба",
            "Ошибся номером",
        ]
        await result.select_option("Call back")
        await card.locator("textarea").fill("Перезвонить после обеда")
        await card.locator("form.notes button").click()
        # The call is not stored yet: the card keeps both until it is.
        assert "когда звонок закончится" in await card.locator(".saved").inner_text()
        kept = await page.evaluate("JSON.parse(localStorage.getItem('sb-call-notes'))")
        assert list(kept.values()) == [{"notes": "Перезвонить после обеда", "result": "Call back"}]
        await screenshot(page, "call-result-on-the-card")
    [expected] = await task

    await card.locator(".saved", has_text="Заметки сохранены").wait_for(timeout=15_000)
    assert await page.evaluate("localStorage.getItem('sb-call-notes')") == "{}"
    stored = await hub.runtime.records.list_records(
        hub.admin, "Calls", conditions=[Condition("sourceuuid", Op.EQ, expected["linkedid"])]
    )
    [call] = stored.records
    assert (call.get("call_result"), call.get("outcome_notes")) == (
        "Call back",
        "Перезвонить после обеда",
    )

    await page.goto(f"{hub.url}/m/Calls/{call.id}")
    shown = page.locator('.detail .field[data-field="call_result"]')
    assert await shown.locator("dt").inner_text() == "Результат звонка"
    assert await shown.locator("dd").inner_text() == "Перезвонить"
    await shown.scroll_into_view_if_needed()
    await screenshot(page, "call-result-on-the-call-record")
    assert page.script_errors == []
