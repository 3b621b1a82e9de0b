"""The ticket inbox is live: a customer's email becomes a ticket, and it
appears on the agent's open inbox without a reload."""

from __future__ import annotations

import asyncio
import smtplib
import socket
from email.message import EmailMessage

import pytest

from crm_core.settings import Settings
from tests.agent_ui.browser.conftest import screenshot
from tests.agent_ui.conftest import Hub

pytestmark = pytest.mark.browser

SUPPORT = "support@switchboard.example"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def hub_settings(settings: Settings) -> Settings:
    mail = settings.mail.model_copy(
        update={
            "domain": "switchboard.example",
            "smtp_port": free_port(),
            "mailboxes": {SUPPORT: "ticket"},
        }
    )
    return settings.model_copy(update={"mail": mail})


def send(port: int, subject: str) -> None:
    message = EmailMessage()
    message["From"] = "Мария Клиентова <maria@customer.example>"
    message["To"] = SUPPORT
    message["Subject"] = subject
    message.set_content("Здравствуйте! Заказ не пришёл.")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.send_message(message)


async def test_an_emailed_ticket_appears_on_the_open_inbox_live(
    signed_in, hub: Hub, hub_settings: Settings
) -> None:
    await hub.runtime.records.create(hub.agent, "HelpDesk", {"ticket_title": "Старая заявка"})
    page = await signed_in("agent1")
    await page.click("nav.menu >> text=Открытые заявки")
    await page.wait_for_selector("#list-rows")
    rows = page.locator("#list-rows tbody tr[data-record-id]")
    assert await rows.count() == 1
    page_loads: list[str] = []
    page.on("load", lambda: page_loads.append(page.url))

    await asyncio.to_thread(send, hub_settings.mail.smtp_port, "Заказ не пришёл")
    fresh = page.locator("#list-rows tr.fresh", has_text="Заказ не пришёл")
    await fresh.wait_for(timeout=15_000)
    assert await rows.count() == 2
    assert await rows.first.inner_text() == await fresh.inner_text()  # newest first
    assert page_loads == []  # no reload: the rows came over the live channel
    await screenshot(page, "ticket-inbox")
