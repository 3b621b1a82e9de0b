"""The wallboard: queues and agents live from the simulated Asterisk; a
supervisor pauses an agent with a reason and sees it happen; an agent sees
the board but not its controls."""

from __future__ import annotations

import pytest

from crm_core.settings import Settings
from pbx.simulator import AmiSimulator
from tests.agent_ui.browser.conftest import on_simulator, screenshot
from tests.agent_ui.conftest import Hub

pytestmark = pytest.mark.browser


@pytest.fixture
def hub_settings(settings: Settings, sim: AmiSimulator) -> Settings:
    return on_simulator(settings, sim)


async def test_a_supervisor_pauses_an_agent_from_the_wallboard(
    signed_in, hub: Hub, sim: AmiSimulator
) -> None:
    page = await signed_in("supervisor")
    await page.goto(f"{hub.url}/wallboard")
    support = page.locator(".queue-tile[data-queue=support]")
    row = support.locator("tr[data-extension='101']")
    await row.wait_for(timeout=10_000)
    assert await row.get_attribute("data-state") == "available"
    assert "свободен" in await row.locator(".state").inner_text()
    assert await support.locator("[data-figure=waiting]").inner_text() == "0"

    await row.locator("select[name=reason]").select_option("Lunch")
    await row.locator("button.pause").click()
    paused = support.locator("tr[data-extension='101'][data-state=paused]")
    await paused.wait_for(timeout=10_000)
    assert "на паузе · Обед" in await paused.locator(".state").inner_text()
    assert await paused.locator("button.unpause").is_visible()
    assert await support.locator("tr[data-extension='102']").get_attribute("data-state") == (
        "available"
    )  # only the one agent
    assert not await paused.locator("button.pause").is_visible()
    in_state = await paused.locator(".since").inner_text()
    assert in_state.startswith("0:0"), in_state  # counted from the pause, by our clock
    await page.evaluate("window.scrollTo(0, 0)")
    await screenshot(page, "wallboard")

    await paused.locator("button.unpause").click()
    await support.locator("tr[data-extension='101'][data-state=available]").wait_for(timeout=10_000)
    assert page.script_errors == []


async def test_an_agent_sees_the_queues_but_no_controls(
    signed_in, hub: Hub, sim: AmiSimulator
) -> None:
    page = await signed_in("agent1")
    await page.goto(f"{hub.url}/wallboard")
    await page.locator(".queue-tile[data-queue=support] tr[data-extension='101']").wait_for(
        timeout=10_000
    )
    assert await page.locator("button.pause, button.spy, button.unpause").count() == 0
